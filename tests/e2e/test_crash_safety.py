"""Reports submitted with Idempotency-Key retries survive SIGKILLs of the server exactly once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
from flask import Flask
from server_process import free_port, kill, server_env, start, stop
from sqlalchemy import func, select

from netpolarna.db import db
from netpolarna.reports.models import Report

SUBMISSIONS = 150
KILL_AFTER = (25, 65, 105)  # submissions answered before each SIGKILL


def test_every_report_is_stored_once_through_kills(app: Flask, tmp_path: Path) -> None:
    env = server_env(
        tmp_path, app.config["SQLALCHEMY_DATABASE_URI"], REPORTS_RATE_LIMIT="100000/minute"
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(env, port, workers=1)
    answered: dict[int, int] = {}  # submission -> report id
    retries = 0
    kills = 0
    try:
        token = httpx.post(f"{base}/api/v1/auth/device", json={}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        killer_done = threading.Event()

        def killer() -> None:
            nonlocal server, kills
            for threshold in KILL_AFTER:
                while len(answered) < threshold:
                    time.sleep(0.005)
                kill(server)  # mid-stream: the client is always sending the next one
                kills += 1
                server = start(env, port, workers=1)
            killer_done.set()

        thread = threading.Thread(target=killer, daemon=True)
        thread.start()
        for n in range(SUBMISSIONS):
            body = {
                "category": "bullying",
                "platform": "snapchat",
                "description": f"crash-safety submission {n}",
                "affected": "me",
            }
            while True:
                try:
                    answer = httpx.post(
                        f"{base}/api/v1/reports",
                        json=body,
                        headers={**headers, "Idempotency-Key": f"crash-{n}"},
                        timeout=10,
                    )
                    if answer.status_code in (200, 201):
                        answered[n] = answer.json()["id"]
                        break
                    assert answer.status_code >= 500 or answer.status_code == 409, answer.text
                except httpx.TransportError:
                    pass
                retries += 1
                time.sleep(0.05)
        thread.join(timeout=120)
        assert killer_done.is_set()
    finally:
        stop(server)

    assert kills == len(KILL_AFTER)
    assert len(answered) == SUBMISSIONS
    assert len(set(answered.values())) == SUBMISSIONS  # no two submissions share a report
    db.session.expire_all()
    stored = db.session.scalar(select(func.count()).select_from(Report))
    descriptions = db.session.scalars(select(Report.description)).all()
    assert stored == SUBMISSIONS, f"{stored} stored after {retries} retries"
    assert sorted(descriptions) == sorted(f"crash-safety submission {n}" for n in answered)
