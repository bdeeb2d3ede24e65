"""`marsad serve --workers N`: several processes on one port, stopped cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

httpx = pytest.importorskip("httpx")
psutil = pytest.importorskip("psutil")

from test_web import build_store  # noqa: E402

from marsad.web.bench import _free_port  # noqa: E402


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_REUSEPORT balancing is Linux's")
def test_two_workers_serve_one_port_and_stop_on_sigterm(tmp_path):
    db = f"sqlite:///{tmp_path / 'serve.db'}"
    build_store(db)
    port = _free_port()
    marsad = os.path.join(os.path.dirname(sys.executable), "marsad")
    proc = subprocess.Popen([marsad, "serve", "--db", db, "--port", str(port), "--workers", "2",
                             "--assets", str(tmp_path / "none")], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/incidents", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.time() < deadline, "the server did not start"
            time.sleep(0.2)
        workers = [c for c in psutil.Process(proc.pid).children() if "spawn_main" in " ".join(c.cmdline())]
        assert len(workers) == 2
        clients = [httpx.Client(base_url=f"http://127.0.0.1:{port}") for _ in range(12)]
        try:
            totals = {c.get("/api/incidents", params={"country": "IQ"}).json()["total"] for c in clients}
        finally:
            for c in clients:
                c.close()
        assert totals == {1}  # every worker answers the same
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode == 0
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{port}/api/incidents", timeout=2)


def test_a_taken_port_is_a_clear_error(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        marsad = os.path.join(os.path.dirname(sys.executable), "marsad")
        r = subprocess.run([marsad, "serve", "--db", f"sqlite:///{tmp_path / 's.db'}", "--port", str(port),
                            "--workers", "2", "--assets", str(tmp_path / "none")],
                           capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and f"127.0.0.1:{port}" in r.stderr and "in use" in r.stderr.lower()
