"""The default rate-limit storage is shared by every gunicorn worker, with nothing else running."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import httpx
from flask import Flask
from server_process import free_port, server_env, start, stop


def test_two_workers_count_one_limit(app: Flask, tmp_path: Path) -> None:
    env = server_env(
        tmp_path, app.config["SQLALCHEMY_DATABASE_URI"], DEVICE_REGISTRATION_LIMIT="6/hour"
    )
    env.pop("NETPOLARNA_RATELIMIT_STORAGE_URI", None)  # the embedded default
    port = free_port()
    server = start(env, port, workers=2)
    try:
        statuses: Counter[int] = Counter()
        for _ in range(16):  # a new connection each: the workers take turns
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
                statuses[http.post("/api/v1/auth/device", json={}).status_code] += 1
    finally:
        stop(server)
    assert statuses == {201: 6, 429: 10}
    assert (tmp_path / "ratelimits.sqlite3").exists()
