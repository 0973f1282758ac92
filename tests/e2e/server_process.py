"""`netpolarna serve` as a real gunicorn subprocess on a free port, for end-to-end tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(instance: Path, database_url: str, **settings: str) -> dict[str, str]:
    return {
        **os.environ,
        "NETPOLARNA_INSTANCE_PATH": str(instance),
        "NETPOLARNA_DATABASE_URL": database_url,
        "NETPOLARNA_ENV": "development",
        "NETPOLARNA_LOG_LEVEL": "WARNING",
        **{f"NETPOLARNA_{name}": value for name, value in settings.items()},
    }


def start(env: dict[str, str], port: int, workers: int = 2) -> subprocess.Popen[bytes]:
    """Start the server and wait (at most 60 s) until it answers /healthz."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "netpolarna.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-scheduler",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: a SIGKILL reaches every worker
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            stop(server)
            raise RuntimeError("netpolarna serve did not start")
        time.sleep(0.2)


def kill(server: subprocess.Popen[bytes]) -> None:
    """SIGKILL the master and its workers at once: no clean shutdown of anything."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, 9)
    server.wait(timeout=20)


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            kill(server)
