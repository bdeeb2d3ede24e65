"""`marsad bench web`: incidents-list API latency under concurrent clients, on a generated store.

The store is filled with synthetic incidents (no articles: the list endpoint reads only the
incidents and overrides tables); the app runs in its own process under uvicorn on a free
loopback port; `clients` threads share a bounded budget of requests over a mix of list queries
(first page, filtered, sorted, deep pages).  Numbers are reported, not asserted."""

from __future__ import annotations

import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

COUNTRIES = [("SY", "Syria", "Idlib", 35.9, 36.6), ("IQ", "Iraq", "Diyala", 33.9, 44.9),
             ("YE", "Yemen", "Taiz", 13.6, 44.0), ("SD", "Sudan", "North Kordofan", 13.2, 30.2),
             ("ML", "Mali", "Timbuktu", 16.8, -3.0), ("LY", "Libya", "Tripoli", 32.9, 13.2),
             ("SO", "Somalia", "Banaadir", 2.0, 45.3), ("LB", "Lebanon", "South", 33.3, 35.4)]


def generate(db: str, n: int, seed: int = 7) -> None:
    """Fill `db` with `n` synthetic incidents (and a few reviewer overrides)."""
    from sqlalchemy import insert

    from ..store import Store
    from ..store.incidents import _event_types
    from ..store.models import Incident, IncidentOverride

    rng = random.Random(seed)
    types = list(_event_types().values())
    store = Store.open(db)
    start = dt.date(2022, 1, 1)
    now = dt.datetime.now(dt.timezone.utc)
    try:
        with store.engine.begin() as conn:
            batch = []
            for i in range(n):
                iso2, country, admin1, lat, lon = rng.choice(COUNTRIES)
                et = rng.choice(types)
                date = start + dt.timedelta(days=rng.randrange(3 * 365))
                dead = rng.choice([None, 0, 1, 2, 3, 5, 8, 13, 40])
                batch.append(dict(
                    id=f"INC-{i:012X}", type=et.type, family=et.family, plover_type=et.plover_type,
                    plover_mode=et.plover_mode, acled_event_type=et.acled_event_type,
                    acled_sub_event_type=et.acled_sub_event_type, date=date, date_end=None, time_precision=1,
                    window_start=date, window_end=date, actor1={"id": "A", "name": f"Actor {i % 97}"}, actor2=None,
                    assoc_actors=[], location={"name": f"Place {i % 1000}"}, country=country, iso2=iso2,
                    admin1=admin1, admin2=None, lat=lat + rng.uniform(-1, 1), lon=lon + rng.uniform(-1, 1),
                    geo_precision=1, fatalities_low=dead, fatalities_best=dead, fatalities_high=dead,
                    fatalities_note=None, sources=["Monitor"], outlets=["Outlet"], n_documents=1,
                    first_reported=date, last_reported=date, merge_reasons=[]))
                if len(batch) == 5000:
                    conn.execute(insert(Incident), batch)
                    batch = []
            if batch:
                conn.execute(insert(Incident), batch)
            conn.execute(insert(IncidentOverride), [
                dict(incident_id=f"INC-{i:012X}", status="confirmed", fatalities=4, updated_at=now, reviewer="bench")
                for i in range(0, n, max(1, n // 100))])
    finally:
        store.engine.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


QUERIES = [
    {},
    {"country": "SY"},
    {"country": "Iraq", "since": "2023-01-01", "until": "2023-06-30"},
    {"type": "Battles", "sort": "fatalities"},
    {"review": "confirmed"},
    {"offset": 5000},
    {"sort": "country", "order": "asc", "offset": 200},
]


def bench_app():
    """The app the benchmark server runs (a factory, so uvicorn can start several workers)."""
    from . import create_app

    return create_app(os.environ["MARSAD_BENCH_DB"])


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def run(n_incidents: int = 100_000, clients: int = 20, n_requests: int = 1000, db: str | None = None,
        warmup: int = 20, workers: int | None = None) -> dict:
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
    port = _free_port()
    workers = workers or default_workers()
    # Several worker processes: one Python process serialises requests on its interpreter lock.
    code = ("import uvicorn; uvicorn.run('marsad.web.bench:bench_app', factory=True, host='127.0.0.1', "
            f"port={port}, workers={workers}, log_level='warning')")
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
        with httpx.Client(base_url=base, timeout=30) as c:
            for i in range(warmup):
                c.get("/api/incidents", params=QUERIES[i % len(QUERIES)])
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        budget = iter(range(n_requests))

        def client(k: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as c:
                while True:
                    with lock:
                        i = next(budget, None)
                    if i is None:
                        return
                    t = time.perf_counter()
                    r = c.get("/api/incidents", params=QUERIES[(i + k) % len(QUERIES)])
                    took = time.perf_counter() - t
                    with lock:
                        latencies.append(took)
                        errors[0] += r.status_code != 200

        t0 = time.perf_counter()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        if tmp is not None:
            tmp.cleanup()
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100) if len(ms) > 1 else ms * 99
    return {"incidents": n_incidents, "clients": clients, "workers": workers, "requests": len(ms), "errors": errors[0],
            "generate_s": round(gen_s, 1), "wall_s": round(wall, 2), "rps": round(len(ms) / wall, 1),
            "p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1), "p99_ms": round(q[98], 1),
            "max_ms": round(ms[-1], 1), "cpus": os.cpu_count()}
