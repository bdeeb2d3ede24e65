"""`marsad.store.ingest` / `marsad ingest` with the real pipeline on our own short Arabic
reports, on SQLite and PostgreSQL: idempotence, new versions, failures, resumability."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from sqlalchemy import inspect, select, text

from marsad.store import Store, ingest, resolve_url
from marsad.store.db import UNMODELLED_TABLES

ARTICLES = [
    ("https://news.example.org/a1", "2024-03-05",
     "قتل خمسة مدنيين وأصيب ثمانية آخرون، اليوم الثلاثاء، في قصف مدفعي استهدف بلدة كفرنبل في ريف إدلب الجنوبي."),
    ("https://news.example.org/a2", "2024-03-06",
     "تظاهر مئات الأشخاص أمس في مدينة الأبيض احتجاجاً على انقطاع المياه، وفرقت الشرطة المتظاهرين بالغاز المسيل للدموع."),
    ("https://news.example.org/a3", "2024-03-07",
     "افتتح وزير الزراعة معرضاً للتمور في واحة سيوة بمشاركة عشرات المزارعين."),
]

TIMESTAMPS = {"ingested_at", "replaced_at", "decided_at"}


def write_jsonl(path, articles):
    with open(path, "w", encoding="utf-8") as fh:
        for url, date, body in articles:
            fh.write(json.dumps({"id": url.rsplit("/", 1)[-1], "url": url, "date": date,
                                 "outlet": "وكالة المثال", "text": body}, ensure_ascii=False) + "\n")
    return str(path)


def dump(url: str) -> dict:
    """Every row of every table, timestamps left out, in a canonical order."""
    store = Store.open(url, upgrade=False)
    out = {}
    try:
        with store.engine.connect() as conn:
            for table in sorted(inspect(conn).get_table_names()):
                # SQLite's trigram index (binary shadow tables) and the list-cache counter (a
                # sequence on PostgreSQL) are machinery, not stored data.
                if table.startswith(UNMODELLED_TABLES) or table == "list_version":
                    continue
                cols = [c["name"] for c in inspect(conn).get_columns(table) if c["name"] not in TIMESTAMPS]
                rows = conn.execute(text(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{table}"'))
                out[table] = sorted(json.dumps([_plain(v) for v in row], ensure_ascii=False, sort_keys=True)
                                    for row in rows)
    finally:
        store.engine.dispose()
    return out


def _plain(value):
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)  # SQLite returns JSON as text, PostgreSQL as objects
        except ValueError:
            return value
    if isinstance(value, bool):
        return int(value)  # SQLite has no boolean type: PostgreSQL's false is its 0
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_ingest_is_idempotent_and_keeps_versions(store_db_url, store_pipeline, tmp_path):
    feed = write_jsonl(tmp_path / "feed.jsonl", ARTICLES)
    first = ingest([feed], store_db_url, pipeline=store_pipeline)
    assert (first.new, first.updated, first.unchanged, first.failed) == (3, 0, 0, 0)
    assert first.events >= 2 and first.incidents >= 2
    snapshot = dump(store_db_url)
    again = ingest([feed], store_db_url, pipeline=store_pipeline)
    assert (again.new, again.updated, again.unchanged, again.events) == (0, 0, 3, 0)
    assert dump(store_db_url) == snapshot
    changed = [ARTICLES[0][:2] + (ARTICLES[0][2].replace("خمسة", "ستة"),), *ARTICLES[1:]]
    third = ingest([write_jsonl(tmp_path / "feed.jsonl", changed)], store_db_url, pipeline=store_pipeline)
    assert (third.new, third.updated, third.unchanged) == (0, 1, 2)
    store = Store.open(store_db_url)
    try:
        counts = store.counts()
        assert counts["documents"] == 3 and counts["versions"] == 1
        from marsad.store.models import DocumentVersion, StoredDocument

        with store.session() as s:
            doc = s.execute(select(StoredDocument).where(StoredDocument.url == ARTICLES[0][0])).scalar_one()
            assert doc.version == 2 and "ستة" in doc.text
            old = s.execute(select(DocumentVersion)).scalar_one()
            assert "خمسة" in old.record["doc"]["text"]
            assert doc.sentences and doc.sentences[0].text == doc.text[doc.sentences[0].start:doc.sentences[0].end]
            for m in doc.mentions:  # evidence offsets point into the stored text
                assert doc.text[m.evidence_start:m.evidence_end] == m.evidence_text
    finally:
        store.engine.dispose()


def test_failures_are_counted_and_never_abort_or_corrupt(store_db_url, store_pipeline, tmp_path, monkeypatch):
    import importlib

    ingest_module = importlib.import_module("marsad.store.ingest")  # the package re-exports a function of that name

    feed = write_jsonl(tmp_path / "feed.jsonl", ARTICLES)
    with open(feed, "a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    real = ingest_module.store_document

    def flaky(session, doc, **kw):
        if doc.url == ARTICLES[1][0]:
            real(session, doc, **kw)  # write half of it, then fail: the transaction must roll back
            raise RuntimeError("disk on fire")
        return real(session, doc, **kw)

    monkeypatch.setattr(ingest_module, "store_document", flaky)
    summary = ingest([feed, str(tmp_path / "missing.txt")], store_db_url, pipeline=store_pipeline)
    assert (summary.new, summary.failed) == (2, 3)
    reasons = " | ".join(str(f) for f in summary.failures)
    assert "disk on fire" in reasons and "invalid JSON" in reasons and "missing.txt" in reasons
    rows = dump(store_db_url)
    assert not any(ARTICLES[1][0] in row for row in rows["documents"])
    monkeypatch.setattr(ingest_module, "store_document", real)
    retry = ingest([feed], store_db_url, pipeline=store_pipeline)
    assert (retry.new, retry.unchanged, retry.failed) == (1, 2, 1)


def _generated(n: int):
    towns = ["كفرنبل", "أريحا", "سراقب", "بنش", "حارم"]
    kinds = ["غارة جوية", "قصف مدفعي", "انفجار عبوة ناسفة"]
    for i in range(n):
        day = 1 + i % 28
        yield (f"https://gen.example.org/{i}", f"2024-04-{day:02d}",
               f"قتل {2 + i % 9} أشخاص في {kinds[i % 3]} على بلدة {towns[i % len(towns)]} في ريف إدلب، "
               f"بحسب ما أفاد مراسلنا اليوم. وأضاف أن فرق الدفاع المدني انتشلت الجثث من تحت الأنقاض رقم {i}.")


# The kill test exercises the store's transactions, not the extractor: the subprocess runs
# `marsad.store.ingest` with this small deterministic pipeline so it starts in a fraction of a
# second instead of loading the knowledge base (the real pipeline is covered above).
LIGHT_PIPELINE = r"""
import re, sys, time
from marsad.pipeline import Pipeline
from marsad.store import ingest

TOWNS = {"كفرنبل": (35.6138, 36.5645), "أريحا": (35.8137, 36.6095), "سراقب": (35.8646, 36.8063),
         "بنش": (35.9497, 36.7133), "حارم": (36.2073, 36.5192)}

def light(doc):
    # Paced (1.2 s for the whole feed) so the kill lands mid-ingest however fast the store is.
    time.sleep(0.02)
    doc.text = doc.raw
    town = next((t for t in TOWNS if t in doc.text), None)
    killed = re.search(r"قتل (\d+)", doc.text)
    if town:
        lat, lon = TOWNS[town]
        doc.events = [{"id": "e1", "type": "airstrike", "plover_type": "ASSAULT", "plover_mode": "aerial",
                       "acled_event_type": "Explosions/Remote violence", "acled_sub_event_type": "Air/drone strike",
                       "actor1": None, "actor2": None, "assoc_actors": [],
                       "location": {"name": town, "iso2": "SY", "country": "Syria", "admin1": "Idlib",
                                    "admin2": None, "lat": lat, "lon": lon, "geonameid": None,
                                    "geo_precision": 1, "where_prec": 1, "text": town},
                       "date": doc.publication_date.isoformat(), "time_precision": 1,
                       "fatalities": int(killed.group(1)) if killed else None, "status": "reported",
                       "evidence": {"text": doc.text, "start": 0, "end": len(doc.text)}, "confidence": 0.5}]
    return doc

def run(feed, url):
    return ingest([feed], url, pipeline=Pipeline([("light", light)]))

if __name__ == "__main__":
    summary = run(sys.argv[1], sys.argv[2])
    sys.exit(1 if summary.failed else 0)
"""


def _light_module(tmp_path):
    path = tmp_path / "light_ingest.py"
    path.write_text(LIGHT_PIPELINE, encoding="utf-8")
    return path


def _documents(engine) -> int:
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
    except Exception:  # tables not created yet
        return 0


def test_kill_9_mid_ingest_then_rerun_equals_uninterrupted_run(store_db_url, tmp_path):
    n = 60
    feed = write_jsonl(tmp_path / "gen.jsonl", list(_generated(n)))
    script = _light_module(tmp_path)
    if store_db_url.startswith("sqlite"):
        reference = f"sqlite:///{tmp_path / 'reference.db'}"
    else:  # a second schema next to the test's own
        reference = store_db_url.replace("search_path%3D", "search_path%3Dref_")
        schema = store_db_url.split("search_path%3D", 1)[1]
        admin = Store.open(store_db_url).engine
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "ref_{schema}"'))
    try:
        ref = subprocess.run([sys.executable, str(script), feed, reference], capture_output=True, text=True,
                             timeout=120)
        assert ref.returncode == 0, ref.stderr
        proc = subprocess.Popen([sys.executable, str(script), feed, store_db_url], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        poll = Store.open(store_db_url, upgrade=False).engine
        while time.monotonic() < deadline and proc.poll() is None and _documents(poll) < 10:
            time.sleep(0.01)
        assert proc.poll() is None, "ingest finished before it could be killed: " + proc.stderr.read().decode()
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        done = _documents(poll)
        poll.dispose()
        assert 10 <= done < n
        rerun = subprocess.run([sys.executable, str(script), feed, store_db_url], capture_output=True, text=True,
                               timeout=120)
        assert rerun.returncode == 0, rerun.stderr
        after, expected = dump(store_db_url), dump(reference)
        assert len(expected["incident_mentions"]) == n and len(expected["incidents"]) < n  # merging happened
        assert after == expected
    finally:
        if not store_db_url.startswith("sqlite"):
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "ref_{schema}" CASCADE'))
            admin.dispose()


def test_default_database_path_and_env_override(tmp_path, monkeypatch):
    from marsad.store.db import default_db_path

    monkeypatch.delenv("MARSAD_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert default_db_path() == tmp_path / "xdg" / "marsad" / "marsad.db"
    assert resolve_url(None) == f"sqlite:///{default_db_path()}"
    monkeypatch.setenv("MARSAD_DB", str(tmp_path / "env.db"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'env.db'}"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"
