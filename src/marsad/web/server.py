"""Serving the app in one or several processes on one port (`marsad serve --workers`, `marsad
bench web`).

uvicorn's own workers share one listening socket, and a client's keep-alive connection stays with
whichever process accepted it: 20 connections opened together sometimes all land on one worker,
which then serves alone (in the benchmark: ~200 instead of ~600 requests/s, in one run of three).
Here each worker listens on its own socket bound with SO_REUSEPORT, and Linux spreads new
connections over them by a hash of the client's address and port.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
from collections.abc import Callable
from typing import Any

KEEP_ALIVE_SECONDS = 60


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def _worker(make_app: Callable[[], Any], host: str, port: int, log_level: str) -> None:
    import uvicorn

    sock = _listen(host, port)  # before the app: connections wait in the backlog while it starts
    config = uvicorn.Config(make_app(), log_level=log_level, timeout_keep_alive=KEEP_ALIVE_SECONDS)
    uvicorn.Server(config).run(sockets=[sock])


def run(make_app: Callable[[], Any], *, host: str, port: int, workers: int = 1, log_level: str = "warning") -> None:
    """Serve the app `make_app()` builds (in each worker: a picklable callable, e.g. a
    `functools.partial` of `create_app`) until interrupted or terminated."""
    import uvicorn

    if workers <= 1:
        uvicorn.run(make_app(), host=host, port=port, log_level=log_level, timeout_keep_alive=KEEP_ALIVE_SECONDS)
        return
    if not hasattr(socket, "SO_REUSEPORT") or not sys.platform.startswith("linux"):
        raise RuntimeError("several workers need SO_REUSEPORT load balancing (Linux); run one worker here")
    _listen(host, port).close()  # a taken port or a bad address fails here, once, with its own error
    context = multiprocessing.get_context("spawn")  # no fork of a process that may hold threads
    procs = [context.Process(target=_worker, args=(make_app, host, port, log_level), daemon=True)
             for _ in range(workers)]
    for p in procs:
        p.start()

    def stop(*_):
        for p in procs:
            if p.is_alive():
                p.terminate()

    previous = signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
    try:
        for p in procs:
            p.join()
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for p in procs:
            p.join(10)
        signal.signal(signal.SIGTERM, previous)
