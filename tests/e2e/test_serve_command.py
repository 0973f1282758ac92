"""`netpolarna db upgrade` then `netpolarna serve` answers /healthz through gunicorn."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_answers_healthz_and_readyz(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "NETPOLARNA_INSTANCE_PATH": str(tmp_path),
        "NETPOLARNA_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "NETPOLARNA_ENV": "development",
    }
    command = [sys.executable, "-m", "netpolarna.cli"]
    upgrade = subprocess.run(
        [*command, "db", "upgrade"], env=env, capture_output=True, text=True, timeout=120
    )
    assert upgrade.returncode == 0, upgrade.stderr
    port = _free_port()
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--workers", "2", "--no-scheduler"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "serve did not answer within 60 s"
                time.sleep(0.3)
        assert response.json() == {"status": "ok"}
        assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
        if server.stderr:
            server.stderr.close()
