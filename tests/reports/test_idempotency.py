"""Idempotency-Key: replay, reuse with another body, in flight, races, expiry, scoping."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import httpx
from flask import Flask
from flask.testing import FlaskClient
from helpers_reports import report_body
from sqlalchemy import func, select, update

from netpolarna.common import idempotency
from netpolarna.common.idempotency import IdempotencyRecord
from netpolarna.db import db, utcnow
from netpolarna.reports.models import Report

REPORTS = "/api/v1/reports"


def _reports() -> int:
    return db.session.scalar(select(func.count()).select_from(Report)) or 0


def _headers(actor: Any, key: str) -> dict[str, str]:
    return {**actor.headers, "Idempotency-Key": key}


def test_same_key_same_body_replays_the_first_response(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    first = client.post(REPORTS, json=report_body(), headers=_headers(youth, "key-1"))
    # Key order does not make it a different request.
    again = client.post(
        REPORTS, json=dict(reversed(report_body().items())), headers=_headers(youth, "key-1")
    )
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _reports() == 1


def test_same_key_different_body_is_422(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    client.post(REPORTS, json=report_body(), headers=_headers(youth, "key-2"))
    other = client.post(
        REPORTS, json=report_body(description="something else"), headers=_headers(youth, "key-2")
    )
    assert other.status_code == 422
    assert other.mimetype == "application/problem+json"
    assert other.get_json()["code"] == "idempotency_key_reused"
    assert _reports() == 1


def test_keys_are_scoped_to_the_caller(client: FlaskClient, make_actor: Callable[..., Any]) -> None:
    first, second = make_actor("youth"), make_actor("youth")
    a = client.post(REPORTS, json=report_body(), headers=_headers(first, "shared"))
    b = client.post(REPORTS, json=report_body(), headers=_headers(second, "shared"))
    assert a.get_json()["id"] != b.get_json()["id"]
    assert _reports() == 2


def test_a_request_in_flight_with_the_key_is_409(
    app: Flask, client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    headers = _headers(youth, "slow")
    with app.test_request_context(REPORTS, method="POST", json=report_body(), headers=headers):
        fingerprint = idempotency.request_fingerprint()
    db.session.add(IdempotencyRecord(user_id=youth.user.id, key="slow", fingerprint=fingerprint))
    db.session.commit()
    response = client.post(REPORTS, json=report_body(), headers=headers)
    assert response.status_code == 409
    assert response.get_json()["code"] == "idempotency_in_flight"
    assert int(response.headers["Retry-After"]) >= 1
    assert _reports() == 0

    # A claim whose worker died is taken over after the lock timeout.
    db.session.execute(update(IdempotencyRecord).values(locked_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()
    assert client.post(REPORTS, json=report_body(), headers=headers).status_code == 201
    assert _reports() == 1


def test_a_failed_request_releases_the_key(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    bad = client.post(REPORTS, json=report_body(category="nope"), headers=_headers(youth, "k"))
    assert bad.status_code == 422
    good = client.post(REPORTS, json=report_body(), headers=_headers(youth, "k"))
    assert good.status_code == 201


def test_invalid_key_is_400(client: FlaskClient, make_actor: Callable[..., Any]) -> None:
    youth = make_actor("youth")
    response = client.post(REPORTS, json=report_body(), headers=_headers(youth, "x" * 256))
    assert response.status_code == 400
    assert response.get_json()["code"] == "idempotency_key_invalid"
    assert _reports() == 0


def test_keys_are_kept_a_day_then_purged(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    client.post(REPORTS, json=report_body(), headers=_headers(youth, "old"))
    db.session.execute(update(IdempotencyRecord).values(created_at=utcnow() - timedelta(hours=23)))
    db.session.commit()
    assert idempotency.purge_expired() == 0
    replay = client.post(REPORTS, json=report_body(), headers=_headers(youth, "old"))
    assert replay.headers.get("Idempotent-Replayed") == "true"
    db.session.execute(update(IdempotencyRecord).values(created_at=utcnow() - timedelta(hours=25)))
    db.session.commit()
    assert idempotency.purge_expired() == 1


def test_concurrent_retries_over_http_create_one_report(
    live_server: str, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    headers = _headers(youth, "race")

    def submit(_: int) -> httpx.Response:
        with httpx.Client(base_url=live_server, timeout=10) as http:
            return http.post(REPORTS, json=report_body(), headers=headers)

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(submit, range(8)))
    statuses = sorted(r.status_code for r in responses)
    assert set(statuses) <= {201, 409}, statuses
    created_ids = {r.json()["id"] for r in responses if r.status_code == 201}
    assert len(created_ids) == 1
    db.session.expire_all()
    assert _reports() == 1
