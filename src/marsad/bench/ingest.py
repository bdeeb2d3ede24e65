"""`marsad bench ingest`: the corpus store's write speed on SQLite and PostgreSQL.

Two measurements per backend, each into a fresh database (a temporary SQLite file; a schema
created in the PostgreSQL database and dropped afterwards):

* **end to end** -- `marsad.store.ingest` over a JSONL feed of generated incident reports
  (`corpus.incident_reports`: one incident told by 1-4 outlets), with the default pipeline;
  the run's time is split into extraction and storing (document rows + incident merging);
* **store only** -- pre-built documents with their events (no extractor) written by
  `store_document`, one transaction each, as the ingest does: articles/s, CPU ms per
  document in this process (the PostgreSQL server's own CPU is not counted), and the time
  incident merging takes per mention as the store grows to 10k / 20k / 40k mentions -- flat
  (or logarithmic) per-mention cost means n log n total.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .corpus import incident_reports

DEFAULT_PG = os.environ.get("MARSAD_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
CHECKPOINTS = (10_000, 20_000, 40_000)
TARGETS = {"sqlite_docs_per_s_min": 300, "postgresql_docs_per_s_min": 200}
# actor name as the generated reports write it → the actor dict the extractor would attach
_ACTORS = {
    "الجيش السوري": ("SYR-MIL", "Military Forces of Syria", 1), "هيئة تحرير الشام": ("HTS", "Hayat Tahrir al-Sham", 2),
    "قوات سوريا الديمقراطية": ("SDF", "Syrian Democratic Forces", 2), "تنظيم داعش": ("ISIS", "Islamic State", 2),
    "الحشد الشعبي": ("PMF", "Popular Mobilization Forces", 3),
    "الجيش العراقي": ("IRQ-MIL", "Military Forces of Iraq", 1),
    "قوات الدعم السريع": ("RSF", "Rapid Support Forces", 2),
    "الجيش السوداني": ("SDN-MIL", "Military Forces of Sudan", 1),
    "حركة الشباب": ("SHABAAB", "Al Shabaab", 2), "الجيش الصومالي": ("SOM-MIL", "Military Forces of Somalia", 1),
    "الجيش الإسرائيلي": ("ISR-MIL", "Military Forces of Israel", 8), "مدنيين": ("CIVILIANS", "Civilians", 7),
    "مسلحين": (None, "Unidentified Armed Group", 3),
}
_TYPES = {
    "airstrike": ("ASSAULT", "aerial", "Explosions/Remote violence", "Air/drone strike"),
    "shelling": ("ASSAULT", "explosive", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "armed_clash": ("ASSAULT", "firearms", "Battles", "Armed clash"),
    "explosion": ("ASSAULT", "explosive", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
}


# --- databases ----------------------------------------------------------------------------

@contextmanager
def fresh_database(backend: str, pg_url: str = DEFAULT_PG) -> Iterator[str]:
    """A URL to an empty database of `backend`, removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    from sqlalchemy import create_engine, text

    from ..store.db import resolve_url

    admin = create_engine(resolve_url(pg_url), connect_args={"connect_timeout": 5})
    schema = "marsad_bench_" + uuid.uuid4().hex[:10]
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in pg_url else "?"
    try:
        yield f"{pg_url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def database_bytes(store) -> int:
    from sqlalchemy import text

    engine = store.engine
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:  # fold the WAL in, so the file alone is the database
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        path = engine.url.database
        return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
    with engine.connect() as conn:
        return int(conn.execute(text(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r'")).scalar_one())


# --- generated inputs ---------------------------------------------------------------------

def write_feed(path: str, n: int, seed: int = 7) -> str:
    with open(path, "w", encoding="utf-8") as fh:
        for r in incident_reports(n, seed):
            fh.write(json.dumps({"id": r["url"].split("//", 1)[1], "url": r["url"], "date": r["published"].isoformat(),
                                 "outlet": r["outlet"], "title": r["title"], "text": r["text"]},
                                ensure_ascii=False) + "\n")
    return path


class _Places:
    """Location dicts, as the extractor attaches them, for the generated reports' place names."""

    def __init__(self):
        from ..kb.gazetteer import load_gazetteer

        self.gaz = load_gazetteer()
        self.cache: dict[tuple[str, bool], dict] = {}

    def location(self, name: str, province: str, iso2: str, coarse: bool) -> dict:
        key = (name, coarse)
        if key not in self.cache:
            town = next((p for p in self.gaz.lookup(name) if p.country == iso2 and p.lat is not None), None)
            if coarse:
                self.cache[key] = {"name": town.admin1 if town else province, "name_ar": "ريف " + province,
                                   "admin1": town.admin1 if town else None, "admin2": town.admin2 if town else None,
                                   "country": iso2, "iso2": iso2, "lat": None, "lon": None, "geonameid": None,
                                   "geo_precision": 2, "where_prec": 3, "text": "ريف " + province}
            else:
                self.cache[key] = {"name": town.name if town else name, "name_ar": name,
                                   "admin1": town.admin1 if town else None, "admin2": town.admin2 if town else None,
                                   "country": iso2, "iso2": iso2, "lat": town.lat if town else None,
                                   "lon": town.lon if town else None, "geonameid": town.geonameid if town else None,
                                   "geo_precision": 1, "where_prec": 1, "text": name}
        return self.cache[key]


def _actor(name_ar: str) -> dict:
    aid, name, inter = _ACTORS[name_ar]
    return {"id": aid, "name": name, "name_ar": name_ar, "inter": inter, "code": (aid or "UNK")[:6], "text": name_ar}


def synthetic_documents(n: int, seed: int = 7) -> Iterator[Any]:
    """`n` already-processed `Document`s (sentences, entities, one event each) for the
    generated reports -- what the pipeline would hand the store, without running it."""
    from ..document import Document, Sentence, Span

    places = _Places()
    for r in incident_reports(n, seed):
        text = r["text"]
        sentences, start = [], 0
        for part in text.split(". "):
            end = min(len(text), start + len(part) + 1)
            sentences.append(Sentence(start, end, text[start:end]))
            start = end + 1
        loc = places.location(r["place"], r["province"], r["iso2"], r["coarse"])
        a1, a2 = _actor(r["actor1"]), _actor(r["actor2"])
        spans = [Span("ACTOR", max(0, text.find(a)), max(0, text.find(a)) + len(a), a, {"kb_id": d["id"]})
                 for a, d in ((r["actor1"], a1), (r["actor2"], a2))]
        spans.append(Span("PLACE", max(0, text.find(loc["text"])), max(0, text.find(loc["text"])) + len(loc["text"]),
                          loc["text"], {"kb_id": f"gn:{loc['geonameid']}" if loc["geonameid"] else None}))
        spans.append(Span("NUMBER", 4, 5, str(r["fatalities"]), {"value": r["fatalities"]}))
        plover, mode, acled, sub = _TYPES[r["kind"]]
        lead = sentences[0]
        event = {"id": "e1", "type": r["kind"], "plover_type": plover, "plover_mode": mode, "acled_event_type": acled,
                 "acled_sub_event_type": sub, "actor1": a1, "actor2": a2, "assoc_actors": [], "location": loc,
                 "date": r["date"].isoformat(), "date_end": None, "time_precision": 1, "date_text": r["date_phrase"],
                 "fatalities": r["fatalities"], "injured": None, "arrested": None, "source": None,
                 "source_text": None, "evidence": {"text": lead.text, "start": lead.start, "end": lead.end},
                 "confidence": 0.8, "status": "reported"}
        yield Document(id=r["url"], raw=text, text=text, url=r["url"], title=r["title"], outlet=r["outlet"],
                       publication_date=r["published"], language="ar", sentences=sentences, spans=spans,
                       events=[event])


# --- measurements -------------------------------------------------------------------------

def store_only(url: str, n_docs: int, seed: int = 7, checkpoints=CHECKPOINTS) -> dict[str, Any]:
    """Write `n_docs` synthetic documents with `store_document`, one transaction each."""
    from ..store import Store, store_document
    from ..store import incidents as merge

    store = Store.open(url)
    real_assign = merge.assign
    merge_s = [0.0]

    def timed_assign(*args, **kwargs):
        t = time.perf_counter()
        try:
            return real_assign(*args, **kwargs)
        finally:
            merge_s[0] += time.perf_counter() - t

    docs = list(synthetic_documents(n_docs, seed))
    merge.assign = timed_assign
    mentions, marks, window = 0, {}, []
    try:
        wall0, cpu0 = time.perf_counter(), time.process_time()
        for d in docs:
            before = merge_s[0]
            with store.session() as s, s.begin():
                _, events = store_document(s, d)
            mentions += events
            window.append((merge_s[0] - before) / max(events, 1))
            for c in checkpoints:
                if mentions >= c and c not in marks:
                    recent = window[-1000:]
                    marks[c] = {"merge_seconds_total": round(merge_s[0], 2),
                                "merge_ms_per_mention_last_1000": round(1000 * sum(recent) / len(recent), 3)}
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        counts = store.counts()
        size = database_bytes(store)
    finally:
        merge.assign = real_assign
        store.engine.dispose()
    return {"docs": len(docs), "mentions": mentions, "incidents": counts["incidents"],
            "seconds": round(wall, 2), "docs_per_s": round(len(docs) / wall, 1),
            "cpu_ms_per_doc": round(1000 * cpu / len(docs), 2),
            "merge_seconds": round(merge_s[0], 2),
            "merge_ms_per_mention": round(1000 * merge_s[0] / max(mentions, 1), 3),
            "merge_growth": {str(k): v for k, v in marks.items()},
            "db_mb": round(size / 2**20, 1), "db_kb_per_doc": round(size / 1024 / len(docs), 1)}


class _TimedPipeline:
    def __init__(self, nlp):
        self.nlp, self.seconds, self.cpu = nlp, 0.0, 0.0

    def __call__(self, doc):
        t, c = time.perf_counter(), time.process_time()
        try:
            return self.nlp(doc)
        finally:
            self.seconds += time.perf_counter() - t
            self.cpu += time.process_time() - c


def end_to_end(url: str, feed: str, pipeline) -> dict[str, Any]:
    """`marsad.store.ingest` over `feed` with `pipeline` (warmed up by the caller)."""
    from ..store import Store, ingest

    store = Store.open(url)
    timed = _TimedPipeline(pipeline)
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        summary = ingest([feed], store, pipeline=timed)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        size = database_bytes(store)
    finally:
        store.engine.dispose()
    n = summary.documents
    store_s = wall - timed.seconds
    return {"docs": n, "failed": summary.failed, "events": summary.events, "incidents": summary.incidents,
            "seconds": round(wall, 2), "docs_per_s": round(n / wall, 1),
            "extract_ms_per_doc": round(1000 * timed.seconds / n, 2),
            "store_ms_per_doc": round(1000 * store_s / n, 2),
            # reading, hashing and storing, in this process (the PostgreSQL server's CPU not counted)
            "store_cpu_ms_per_doc": round(1000 * (cpu - timed.cpu) / n, 2),
            "store_docs_per_s": round(n / store_s, 1) if store_s > 0 else None,
            "db_mb": round(size / 2**20, 1)}


def run_ingest_bench(n_docs: int = 2000, *, backends=("sqlite", "postgresql"), store_docs: int | None = None,
                     pg_url: str = DEFAULT_PG, seed: int = 7, progress=None) -> dict[str, Any]:
    """End-to-end ingest of `n_docs` generated reports and a store-only run of `store_docs`
    (default `n_docs`) synthetic documents, per backend.  `progress(message)` hears of each
    phase and its figures; a phase that fails is reported as `{"error": ...}` and the others run."""
    from ..pipeline import Pipeline

    say = progress or (lambda msg: None)
    result: dict[str, Any] = {"date": dt.date.today().isoformat(), "seed": seed}
    store_n = n_docs if store_docs is None else store_docs
    nlp = None

    def phase(backend: str, name: str, fn) -> None:
        say(f"{backend}: {name}…")
        try:
            with fresh_database(backend, pg_url) as url:
                figures = fn(url)
        except Exception as exc:  # a server down or a broken pipeline must not lose the other phases
            figures = {"error": f"{type(exc).__name__}: {exc}"}
        result.setdefault(backend, {})[name] = figures
        say(f"{backend}: {name}: {json.dumps(figures, ensure_ascii=False)}")

    with tempfile.TemporaryDirectory(prefix="marsad-bench-feed-") as tmp:
        feed = write_feed(os.path.join(tmp, "feed.jsonl"), n_docs, seed) if n_docs else None
        for backend in backends:
            if store_n:
                phase(backend, "store_only", lambda url: store_only(url, store_n, seed))
            if feed:
                if nlp is None:
                    from ..api import extract

                    nlp = Pipeline.default()
                    extract("قتل شخصان في قصف على بلدة سراقب أمس.", id="warmup", date="2024-01-02", pipeline=nlp)
                phase(backend, "end_to_end", lambda url: end_to_end(url, feed, nlp))
    result["targets"] = dict(TARGETS)
    result["meets_targets"] = {
        f"{b}_end_to_end": (result[b]["end_to_end"].get("docs_per_s") or 0) >= TARGETS[f"{b}_docs_per_s_min"]
        for b in backends if "end_to_end" in result.get(b, {})}
    return result
