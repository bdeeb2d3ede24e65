"""`marsad bench web`: incidents-list API latency under concurrent clients, on a generated store.

The store is filled with synthetic incidents, each told by one short synthetic article (so text
and outlet searches have documents to search), and a few reviewer overrides.  The app runs in
its own processes (`server.run`: uvicorn workers, each on its own SO_REUSEPORT socket) on a free
loopback port.  The load comes from ONE client process: `clients` asyncio tasks, each with its
own keep-alive connection (`_Connection`, a minimal HTTP/1.1 client), issuing requests back to
back (closed loop, no think time) until a shared budget of requests is spent -- 20 clients means
20 requests in flight at every moment.  Client and server share the machine, so the numbers
include that contention.

Each request is drawn at random (seeded) from what the incidents table page sends: the filter
form (date range, country, admin1, type, actor, text search, outlet, review state, often with its
empty fields), a column sort, and Previous/Next or deep paging; every response carries the total
count for its filter, as the page shows it.  Numbers are reported, not asserted."""

from __future__ import annotations

import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COUNTRIES = [("SY", "Syria", ["Idlib", "Aleppo", "Deir ez-Zor", "Daraa"], 35.9, 36.6),
             ("IQ", "Iraq", ["Diyala", "Nineveh", "Anbar"], 33.9, 44.9),
             ("YE", "Yemen", ["Taiz", "Marib", "Al Hudaydah"], 13.6, 44.0),
             ("SD", "Sudan", ["North Kordofan", "Khartoum", "North Darfur"], 13.2, 30.2),
             ("ML", "Mali", ["Timbuktu", "Mopti"], 16.8, -3.0),
             ("LY", "Libya", ["Tripoli", "Misrata"], 32.9, 13.2),
             ("SO", "Somalia", ["Banaadir", "Lower Shabelle"], 2.0, 45.3),
             ("LB", "Lebanon", ["South", "Nabatieh"], 33.3, 35.4)]
OUTLETS = ["Daily Courier", "Evening Wire", "Coast Herald", "Desert Post", "River News", "Capital Times"]
# Words the synthetic articles are made of (the text search looks for some of them).
WORDS_EN = ["shelling", "convoy", "checkpoint", "drone", "market", "village", "clashes", "militia", "curfew",
            "ambush", "protest", "airstrike", "mortar", "patrol", "hospital", "bridge", "school", "mosque"]
WORDS_AR = ["قصف", "قافلة", "حاجز", "طائرة مسيرة", "سوق", "قرية", "اشتباكات", "ميليشيا", "حظر تجول",
            "كمين", "احتجاج", "غارة جوية", "هاون", "دورية", "مستشفى", "جسر", "مدرسة", "مسجد"]
N_ACTORS = 97
REQUEST_TIMEOUT = 30.0  # seconds; a request taking longer counts as an error


def generate(db: str, n: int, seed: int = 7) -> None:
    """Fill `db` with `n` synthetic incidents, one article and event mention each (and a few
    reviewer overrides)."""
    from sqlalchemy import insert

    from ..store import Store
    from ..store.incidents import _event_types
    from ..store.models import (DocumentSearch, EventMention, Incident, IncidentMention, IncidentOverride,
                                StoredDocument, document_search_text)

    rng = random.Random(seed)
    types = list(_event_types().values())
    store = Store.open(db)
    start = dt.date(2022, 1, 1)
    now = dt.datetime.now(dt.timezone.utc)
    try:
        with store.engine.begin() as conn:
            incidents, docs, searches, mentions, links = [], [], [], [], []

            def flush():
                conn.execute(insert(StoredDocument), docs)
                # The articles' search text, as `store_document` writes it (the text search reads it).
                conn.execute(insert(DocumentSearch), searches)
                conn.execute(insert(EventMention), mentions)
                conn.execute(insert(Incident), incidents)
                conn.execute(insert(IncidentMention), links)
                for b in (incidents, docs, searches, mentions, links):
                    b.clear()

            for i in range(n):
                iso2, country, admin1s, lat, lon = rng.choice(COUNTRIES)
                admin1 = rng.choice(admin1s)
                et = rng.choice(types)
                date = start + dt.timedelta(days=rng.randrange(3 * 365))
                dead = rng.choice([None, 0, 1, 2, 3, 5, 8, 13, 40])
                inc_id, doc_id, m_id = f"INC-{i:012X}", f"D{i:031X}", f"D{i:031X}:e1"
                actor = {"id": f"ACT{i % N_ACTORS}", "name": f"Actor {i % N_ACTORS}"}
                place = f"Place {i % 1000}"
                outlet = rng.choice(OUTLETS)
                words = rng.sample(WORDS_EN, 3) if i % 2 else rng.sample(WORDS_AR, 3)
                title = f"{et.type}: {place}, {admin1}"
                text = (f"{title}. {actor['name']} {' '.join(words)} near {place} in {admin1}, {country}, "
                        f"on {date.isoformat()}; {dead if dead is not None else 'no'} dead reported.")
                docs.append(dict(id=doc_id, key=f"https://news.example/{i}", url=f"https://news.example/{i}",
                                 record_id=str(i), title=title, outlet=outlet, publication_date=date, language="en",
                                 text=text, segments=[], meta={}, content_hash=f"{i:064x}", version=1,
                                 ingested_at=now))
                searches.append(dict(document_id=doc_id, body=document_search_text(title, text)))
                mentions.append(dict(id=m_id, document_id=doc_id, idx=0, event_id="e1", type=et.type,
                                     family=et.family, actor1_id=actor["id"], actor1_name=actor["name"],
                                     location_name=place, admin1=admin1, country=country, iso2=iso2, date=date,
                                     time_precision=1, fatalities=dead, source="Monitor", status="reported",
                                     record={"type": et.type}))
                incidents.append(dict(
                    id=inc_id, type=et.type, family=et.family, plover_type=et.plover_type,
                    plover_mode=et.plover_mode, acled_event_type=et.acled_event_type,
                    acled_sub_event_type=et.acled_sub_event_type, date=date, date_end=None, time_precision=1,
                    window_start=date, window_end=date, actor1=actor, actor2=None,
                    assoc_actors=[], location={"name": place}, country=country, iso2=iso2,
                    admin1=admin1, admin2=None, lat=lat + rng.uniform(-1, 1), lon=lon + rng.uniform(-1, 1),
                    geo_precision=1, fatalities_low=dead, fatalities_best=dead, fatalities_high=dead,
                    fatalities_note=None, sources=["Monitor"], outlets=[outlet], n_documents=1,
                    first_reported=date, last_reported=date, merge_reasons=[]))
                links.append(dict(mention_id=m_id, incident_id=inc_id, reason="seed"))
                if len(incidents) == 5000:
                    flush()
            if incidents:
                flush()
            conn.execute(insert(IncidentOverride), [
                dict(incident_id=f"INC-{i:012X}", status="confirmed", fatalities=4, updated_at=now, reviewer="bench")
                for i in range(0, n, max(1, n // 100))])
    finally:
        store.engine.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SORTABLE = ["date", "type", "country", "admin1", "fatalities", "n_documents", "last_reported"]
# (kind, weight): how often the table page is asked for each thing.
MIX = [("first page", 14), ("country", 14), ("country+admin1", 10), ("date range", 10), ("type", 10),
       ("actor", 7), ("text search", 5), ("outlet", 3), ("review state", 4), ("sorted", 10), ("next pages", 10),
       ("deep page", 3)]


def make_request(rng: random.Random) -> tuple[str, dict[str, str]]:
    """(kind, query parameters) of one incidents-list request, as the table page would send it."""
    from ..store.incidents import _event_types

    kind = rng.choices([k for k, _ in MIX], weights=[w for _, w in MIX])[0]
    iso2, country, admin1s, _, _ = rng.choice(COUNTRIES)
    p: dict[str, str] = {}
    if kind == "country":
        p["country"] = country
    elif kind == "country+admin1":
        p.update(country=country, admin1=rng.choice(admin1s))
    elif kind == "date range":
        since = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365 - 90))
        p.update(since=since.isoformat(), until=(since + dt.timedelta(days=rng.choice([7, 30, 90]))).isoformat())
        if rng.random() < 0.5:
            p["country"] = country
    elif kind == "type":
        et = rng.choice(list(_event_types().values()))
        p["type"] = rng.choice([et.type, et.acled_event_type or et.type])
        if rng.random() < 0.5:
            p["sort"] = rng.choice(SORTABLE)
    elif kind == "actor":
        p["actor"] = f"Actor {rng.randrange(N_ACTORS)}"
    elif kind == "text search":
        p["q"] = rng.choice(WORDS_EN + WORDS_AR)
        if rng.random() < 0.5:
            p["country"] = country
    elif kind == "outlet":
        p["outlet"] = rng.choice(OUTLETS)
    elif kind == "review state":
        p["review"] = rng.choice(["confirmed", "unreviewed", "corrected", "rejected"])
    elif kind == "sorted":
        p.update(sort=rng.choice(SORTABLE), order=rng.choice(["asc", "desc"]))
    elif kind == "next pages":
        base = rng.choice([{}, {"country": country}, {"type": rng.choice(list(_event_types()))}])
        p.update(base, offset=str(50 * rng.randrange(1, 11)))
    elif kind == "deep page":
        p["offset"] = str(50 * rng.randrange(20, 200))
    if rng.random() < 0.3:  # the filter form submits every field, empty ones included
        p = {**{k: "" for k in ("since", "until", "country", "admin1", "type", "actor", "outlet", "q")},
             "review": "any", **p}
    return kind, p


def bench_app():
    """The app the benchmark server runs (a factory: each worker process makes its own)."""
    from . import create_app

    return create_app(os.environ["MARSAD_BENCH_DB"])


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class _Connection:
    """One keep-alive HTTP/1.1 connection that GETs and reads whole responses: the least a client
    can do per request.  httpx's asyncio client spent about 2 ms of CPU per request here, on the
    cores the server needs: with it the benchmark measured the client (an empty cached body came
    back at ~500 requests/s) more than the app (~1,400/s with this one)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def get(self, target: str) -> int:
        """Status code of GET `target`, the body read (and dropped); reconnects when needed."""
        import asyncio

        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode("ascii"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        length, chunked, close = 0, False, False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif name == b"connection":
                close = b"close" in value.lower()
        if chunked:
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readuntil(b"\r\n")
        else:
            await self.reader.readexactly(length)
        if close:
            self.close()
        return int(head[9:12])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _load(base: str, clients: int, n_requests: int, seed: int) -> tuple[list, float]:
    import asyncio
    from urllib.parse import urlencode, urlsplit

    rng = random.Random(seed)
    plan = [make_request(rng) for _ in range(n_requests)]
    results: list[tuple[str, float, int]] = []
    nxt = iter(plan)
    url = urlsplit(base)

    async def client() -> None:
        conn = _Connection(url.hostname, url.port)
        try:
            for kind, params in nxt:  # one shared iterator: the budget
                target = "/api/incidents" + ("?" + urlencode(params) if params else "")
                t = time.perf_counter()
                try:
                    status = await asyncio.wait_for(conn.get(target), REQUEST_TIMEOUT)
                except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
                    # a timeout, dropped connection or garbled answer: an error, at the time it took
                    conn.close()
                    status = 0
                results.append((kind, time.perf_counter() - t, status))
        finally:
            conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*[client() for _ in range(clients)])
    return results, time.perf_counter() - t0


def _incident_count(db: str) -> int:
    from ..store import Store

    store = Store.open(db)
    try:
        return store.counts()["incidents"]
    finally:
        store.engine.dispose()


def _pcts(ms: list[float]) -> dict:
    ms = sorted(ms)
    q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    return {"n": len(ms), "p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1), "p99_ms": round(q[98], 1),
            "max_ms": round(ms[-1], 1)}


def run(n_incidents: int = 100_000, clients: int = 20, n_requests: int = 3000, db: str | None = None,
        warmup: int = 50, workers: int | None = None, seed: int = 11, warmup_s: float = 5.0) -> dict:
    import asyncio

    import httpx

    tmp = None
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="marsad-bench-web-")
        db = f"sqlite:///{Path(tmp.name) / 'bench.db'}"
        t0 = time.perf_counter()
        generate(db, n_incidents)
        gen_s = time.perf_counter() - t0
    else:
        gen_s = 0.0
        if _incident_count(db) == 0:  # an empty database given: fill it first
            t0 = time.perf_counter()
            generate(db, n_incidents)
            gen_s = time.perf_counter() - t0
        n_incidents = _incident_count(db)
    port = _free_port()
    workers = workers or default_workers()
    code = ("from marsad.web import bench, server; "
            f"server.run(bench.bench_app, host='127.0.0.1', port={port}, workers={workers})")
    server = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "MARSAD_WEB_ASSETS": "/nonexistent",
                                                                  "MARSAD_BENCH_DB": db})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                httpx.get(base + "/api/incidents?limit=1", timeout=5).raise_for_status()
                break
            except httpx.HTTPError:
                if time.time() > deadline or server.poll() is not None:
                    raise RuntimeError("the benchmark server did not start") from None
                time.sleep(0.2)
        # Warm-up with other draws than the measured ones (other seeds), for at least
        # `warmup_s`: the first list request starts each worker's list index build (a second or
        # two per 100,000 incidents), and this measures the steady state after it.
        t_end, k = time.monotonic() + warmup_s, 0
        while k == 0 or time.monotonic() < t_end:
            asyncio.run(_load(base, clients, warmup, seed + 1000 + k))
            k += 1
        results, wall = asyncio.run(_load(base, clients, n_requests, seed))
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        if tmp is not None:
            tmp.cleanup()
    by_kind: dict[str, list[float]] = {}
    for kind, took, _ in results:
        by_kind.setdefault(kind, []).append(took * 1000)
    out = {"incidents": n_incidents, "db": db.split("://")[0] if tmp is None else "sqlite (generated)",
           "clients": clients, "client": "one process, asyncio, one keep-alive HTTP/1.1 connection per client, closed loop",
           "workers": workers, "requests": len(results), "errors": sum(code != 200 for *_, code in results),
           "generate_s": round(gen_s, 1), "wall_s": round(wall, 2), "rps": round(len(results) / wall, 1)}
    overall = _pcts([t * 1000 for _, t, _ in results])
    out.update({k: v for k, v in overall.items() if k != "n"})
    out["cpus"] = os.cpu_count()
    out["by_kind"] = {k: _pcts(v) for k, v in sorted(by_kind.items())}
    return out
