"""`marsad.scale`: distributed ingest on a 2-process Dask LocalCluster gives the same database
as the single-process `marsad.store.ingest`, also when a worker is killed mid-run; the WARC
slicing, JSONL runs and the early language filter read exactly what `read_inputs` reads."""

from __future__ import annotations

import io
import os
import signal
import sys

import pytest

pytest.importorskip("distributed")

from marsad.readers import read_inputs
from marsad.readers.types import ReadFailure, Record
from marsad.scale.langfilter import keep
from marsad.scale.partition import plan, read_task
from marsad.scale.warcstream import index_warc

sys.path.insert(0, os.path.dirname(__file__))
from test_store_ingest import ARTICLES, _generated, dump, write_jsonl  # noqa: E402

FRENCH = ("<html><body><nav>Accueil Politique Sport</nav><p>Le conseil municipal de Lyon a adopté hier soir "
          "le budget de la ville après un long débat sur les transports publics et les écoles.</p></body></html>")
ENGLISH = "Five civilians were killed on Tuesday when shelling hit the town of Kafranbel in southern Idlib."


def write_warc(path, pages, gzip=True):
    """pages: (url, html) pairs -> response records, with a request record between them."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for url, html in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                          http_headers=http))
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example.org")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                          http_headers=req))
    return str(path)


def html_page(title, body):
    return (f'<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><nav>الرئيسية أخبار</nav><article><h1>{title}</h1><p>{body}</p></article></body></html>")


def corpus(root):
    """A directory mixing every input kind, with a bad JSONL line and a truncated WARC."""
    root.mkdir()
    gen = list(_generated(14))
    write_jsonl(root / "a_feed.jsonl", gen[:9])
    with open(root / "a_feed.jsonl", "a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    pages = [(u, html_page(f"تقرير {i}", body)) for i, (u, _, body) in enumerate(gen[9:])]
    pages.append(("https://wire.example.com/en1", f"<html><body><p>{ENGLISH}</p></body></html>"))
    write_warc(root / "b_crawl.warc.gz", pages)
    good = write_warc(root / "c_cut.warc", pages[:2], gzip=False)
    with open(good, "ab") as fh:
        fh.write(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 900\r\n\r\n<html>cut")
    for i, (_, _, body) in enumerate(ARTICLES):
        (root / f"d_{i}.txt").write_text(body, encoding="utf-8")
    (root / "e_page.html").write_text(html_page("خبر", ARTICLES[0][2]), encoding="utf-8")
    return root


def _items(items):
    return [("F", i.source, i.reason) if isinstance(i, ReadFailure) else ("R", i.id, i.source, i.text, i.html, i.url)
            for i in items]


def test_tasks_read_exactly_what_read_inputs_reads(tmp_path):
    root = corpus(tmp_path / "in")
    tasks = list(plan([str(root), str(tmp_path / "missing.txt")], files_per_task=2, lines_per_task=3,
                      records_per_task=2))
    kinds = {type(t).__name__ for t in tasks}
    assert {"FilesTask", "JsonlTask", "WarcSlice", "ReadFailure"} <= kinds
    split = []
    for t in tasks:
        split.extend([t] if isinstance(t, ReadFailure) else read_task(t))
    assert _items(split) == _items(read_inputs([str(root), str(tmp_path / "missing.txt")]))


def test_warc_index_slices_and_damage(tmp_path):
    pages = [(f"https://x.example/{i}", html_page("ع", "نص " * 40)) for i in range(5)]
    gz = write_warc(tmp_path / "a.warc.gz", pages)
    index = index_warc(gz, "a.warc.gz", 3)
    assert index.failure is None and index.records == 10
    assert [(s.first_number, s.count) for s in index.slices] == [(1, 3), (4, 3), (7, 3), (10, 1)]
    cut = tmp_path / "cut.warc.gz"
    data = open(gz, "rb").read()
    cut.write_bytes(data[:index.slices[-1].offset - 200])  # inside record 9, the last response
    damaged = index_warc(str(cut), "cut.warc.gz", 3)
    assert damaged.failure is not None and "truncated or corrupt" in damaged.failure.reason
    assert damaged.records == 8 and [s.count for s in damaged.slices] == [3, 3, 2]
    from marsad.readers.warc import read_warc

    assert str(list(read_warc(str(cut), "cut.warc.gz"))[-1]) == str(damaged.failure)
    # warcio refuses a WARC gzipped as one stream; the index reports it as read_warc does.
    import gzip

    whole = tmp_path / "whole.warc.gz"
    raw = tmp_path / "raw.warc"
    write_warc(raw, pages, gzip=False)
    whole.write_bytes(gzip.compress(raw.read_bytes()))
    single = index_warc(str(whole), "whole.warc.gz", 3)
    assert str(single.failure) == str(list(read_warc(str(whole), "whole.warc.gz"))[-1])
    assert "recompress" in single.failure.reason


def test_language_filter_keeps_arabic_and_english_only():
    assert keep(Record(id="1", html=FRENCH), {"ar", "en"}) == (False, "other")
    assert keep(Record(id="2", text=ENGLISH), {"ar", "en"})[0]
    assert keep(Record(id="3", html=html_page("عنوان", ARTICLES[1][2])), {"ar", "en"}) == (True, "ar")
    # An Arabic article behind a long French menu is still kept.
    menu = "<nav>" + " ".join(["Accueil Politique Économie Culture Société"] * 30) + "</nav>"
    assert keep(Record(id="4", html=f"<html><body>{menu}<p>{ARTICLES[0][2] * 2}</p></body></html>"), {"ar"})[0]
    assert keep(Record(id="5", html=FRENCH), None)[0]


# --- on a real 2-process cluster ---------------------------------------------------------------

@pytest.fixture(scope="module")
def cluster_client():
    import cloudpickle
    from distributed import Client, LocalCluster

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, memory_limit="1GiB",
                           dashboard_address=None, death_timeout=60)
    client = Client(cluster)
    client.wait_for_workers(2, timeout=60)
    yield client
    client.close()
    cluster.close()


def light_factory():
    import re
    import time as _time

    from marsad.pipeline import Pipeline

    towns = {"كفرنبل": (35.6138, 36.5645), "أريحا": (35.8137, 36.6095), "سراقب": (35.8646, 36.8063),
             "بنش": (35.9497, 36.7133), "حارم": (36.2073, 36.5192)}

    def light(doc):
        _time.sleep(0.03)  # tasks must still be running when the test kills a worker
        doc.text = doc.raw
        town = next((t for t in towns if t in doc.text), None)
        killed = re.search(r"قتل (\d+)", doc.text)
        if town:
            lat, lon = towns[town]
            doc.events = [{"id": "e1", "type": "airstrike", "actor1": None, "actor2": None, "assoc_actors": [],
                           "location": {"name": town, "iso2": "SY", "country": "Syria", "admin1": "Idlib",
                                        "lat": lat, "lon": lon, "geo_precision": 1, "where_prec": 1},
                           "date": doc.publication_date.isoformat(), "time_precision": 1,
                           "fatalities": int(killed.group(1)) if killed else None, "status": "reported",
                           "evidence": {"text": doc.text, "start": 0, "end": len(doc.text)}}]
        return doc

    return Pipeline([("light", light)])


@pytest.fixture
def reference_url(store_db_url, tmp_path):
    """A second empty database on the same backend, for the single-process reference run."""
    if store_db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'reference.db'}"
        return
    from sqlalchemy import create_engine, text

    from marsad.store.db import resolve_url

    schema = "ref_" + store_db_url.split("search_path%3D", 1)[1]
    admin = create_engine(resolve_url(store_db_url))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield store_db_url.replace("search_path%3D", "search_path%3Dref_")
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_two_workers_give_the_single_process_database(cluster_client, store_db_url, reference_url, store_pipeline,
                                                       tmp_path):
    from marsad.scale import ingest_distributed
    from marsad.store import ingest

    root = corpus(tmp_path / "in")
    reference = reference_url
    single = ingest([str(root)], reference, pipeline=store_pipeline)
    statuses = []
    summary = ingest_distributed([str(root)], store_db_url, client=cluster_client, languages=None,
                                 files_per_task=2, lines_per_task=3, records_per_task=2,
                                 on_item=lambda source, status: statuses.append(status))
    assert (summary.new, summary.failed, summary.events) == (single.new, single.failed, single.events)
    assert summary.tasks > 8 and summary.failed_tasks == 0
    assert sorted(map(str, summary.failures)) == sorted(map(str, single.failures))
    assert len(statuses) == summary.documents
    assert dump(store_db_url) == dump(reference)
    again = ingest_distributed([str(root)], store_db_url, client=cluster_client, languages=None,
                               files_per_task=2, lines_per_task=3, records_per_task=2)
    assert (again.new, again.unchanged, again.events) == (0, single.new + single.unchanged, 0)
    # The early filter drops a French page before extraction and counts it.
    french = tmp_path / "fr.warc.gz"
    write_warc(french, [("https://fr.example/1", FRENCH), ("https://wire.example.com/en2",
                                                           f"<html><body><p>{ENGLISH}</p></body></html>")])
    filtered = ingest_distributed([str(french)], store_db_url, client=cluster_client)
    assert (filtered.skipped, filtered.new) == (1, 1)


def test_worker_killed_mid_run_leaves_the_clean_database(cluster_client, store_db_url, reference_url, tmp_path):
    from marsad.scale import ingest_distributed
    from marsad.store import ingest

    n = 80
    feed = write_jsonl(tmp_path / "gen.jsonl", list(_generated(n)))
    reference = reference_url
    clean = ingest([feed], reference, pipeline=light_factory())
    assert clean.new == n
    killed = {}

    def kill_one(written: int) -> None:
        # From the third result on, at the first moment a worker holds a task: on a loaded
        # machine the scheduler can be between tasks exactly when the third result lands.
        if written >= 3 and not killed:
            busy = {w: t for w, t in cluster_client.processing().items() if t}
            if not busy:
                return
            address = sorted(busy)[0]
            pid = cluster_client.run(os.getpid, workers=[address])[address]
            os.kill(pid, signal.SIGKILL)
            killed.update(address=address, pid=pid, tasks=len(busy[address]))

    summary = ingest_distributed([feed], store_db_url, client=cluster_client, pipeline=light_factory,
                                 lines_per_task=4, max_in_flight=6, on_task=kill_one)
    assert killed and killed["tasks"] >= 1
    assert (summary.new, summary.failed, summary.failed_tasks) == (n, 0, 0)
    after, expected = dump(store_db_url), dump(reference)
    assert len(expected["incident_mentions"]) == n and len(expected["incidents"]) < n
    assert after == expected
