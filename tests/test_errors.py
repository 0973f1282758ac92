"""Every error is RFC 9457 problem+json with a stable code, a localised title and no internals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from netpolarna.accounts.models import User
from netpolarna.db import db

PROBLEM = "application/problem+json"


def _assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status and body["code"] == code
    assert body["title"] and body["type"].startswith("https://")
    return dict(body)


def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User)) or 0


def test_404_unknown_path(client: FlaskClient) -> None:
    _assert_problem(client.get("/api/v1/nowhere"), 404, "not_found")


def test_405_wrong_method_lists_allowed(client: FlaskClient) -> None:
    r = client.put("/api/v1/auth/login", json={})
    _assert_problem(r, 405, "method_not_allowed")
    assert "POST" in r.headers["Allow"]


def test_415_non_json_body_changes_nothing(client: FlaskClient) -> None:
    before = _users()
    r = client.post("/api/v1/auth/device", data="locale=sv", content_type="text/plain")
    _assert_problem(r, 415, "unsupported_media_type")
    assert _users() == before


def test_400_malformed_json(client: FlaskClient) -> None:
    r = client.post("/api/v1/auth/login", data="{not json", content_type="application/json")
    _assert_problem(r, 400, "invalid_json")


def test_422_lists_each_field(client: FlaskClient, make_actor: Callable[..., Any]) -> None:
    admin = make_actor("admin")
    before = _users()
    r = client.post(
        "/api/v1/users",
        json={"email": "not-an-email", "role": "youth", "password": "short", "extra": 1},
        headers=admin.headers,
    )
    body = _assert_problem(r, 422, "validation_failed")
    assert {"email", "role", "password", "extra"} <= set(body["errors"])
    assert _users() == before


def test_401_without_token_and_with_garbage(client: FlaskClient) -> None:
    _assert_problem(client.get("/api/v1/me"), 401, "token_missing")
    bad = client.get("/api/v1/me", headers={"Authorization": "Bearer nonsense"})
    _assert_problem(bad, 401, "token_invalid")


def test_403_wrong_role(client: FlaskClient, make_actor: Callable[..., Any]) -> None:
    youth = make_actor("youth")
    _assert_problem(client.get("/api/v1/users", headers=youth.headers), 403, "forbidden")


def test_409_duplicate_email(client: FlaskClient, make_actor: Callable[..., Any]) -> None:
    admin = make_actor("admin")
    payload = {"email": "dup@example.org", "role": "school", "password": "long enough pw"}
    assert client.post("/api/v1/users", json=payload, headers=admin.headers).status_code == 201
    before = _users()
    again = client.post("/api/v1/users", json=payload, headers=admin.headers)
    _assert_problem(again, 409, "email_taken")
    assert _users() == before


@pytest.mark.parametrize("app_config", [{"MAX_CONTENT_LENGTH": 1024}])
def test_413_too_large(client: FlaskClient) -> None:
    r = client.post("/api/v1/auth/login", json={"email": "a@b.se", "password": "x" * 4096})
    _assert_problem(r, 413, "payload_too_large")


@pytest.mark.parametrize("app_config", [{"DEVICE_REGISTRATION_LIMIT": "2/hour"}])
def test_429_rate_limit_has_retry_after(client: FlaskClient) -> None:
    before = _users()
    for _ in range(2):
        assert client.post("/api/v1/auth/device", json={}).status_code == 201
    r = client.post("/api/v1/auth/device", json={})
    _assert_problem(r, 429, "rate_limited")
    assert int(r.headers["Retry-After"]) > 0
    assert _users() == before + 2


def test_500_hides_internals(app: Flask) -> None:
    def explode() -> None:
        raise RuntimeError("secret database password in a stack trace")

    app.add_url_rule("/api/v1/_explode", "explode", explode)
    r = app.test_client().get("/api/v1/_explode")
    body = _assert_problem(r, 500, "internal_error")
    assert "secret" not in r.get_data(as_text=True)
    assert "detail" not in body


def test_titles_follow_accept_language(client: FlaskClient) -> None:
    sv = client.get("/api/v1/me", headers={"Accept-Language": "sv-SE,sv;q=0.9"})
    assert sv.get_json()["title"] == "Ingen åtkomsttoken skickades"
    assert sv.headers["Content-Language"] == "sv"
    nb = client.get("/api/v1/me", headers={"Accept-Language": "no"})
    assert nb.headers["Content-Language"] == "nb"
    da = client.get("/api/v1/nowhere", headers={"Accept-Language": "da"})
    assert da.get_json()["title"] == "Ikke fundet"


def test_request_id_is_echoed_or_made(client: FlaskClient) -> None:
    given = client.get("/healthz", headers={"X-Request-ID": "abc12345-test"})
    assert given.headers["X-Request-ID"] == "abc12345-test"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert made.headers["X-Request-ID"] != "bad id with spaces"
    assert len(made.headers["X-Request-ID"]) == 32


def test_health_and_readiness(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ok"}


def test_readyz_fails_when_database_unreachable(new_app: Callable[..., Flask]) -> None:
    unreachable = new_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    client = unreachable.test_client()
    _assert_problem(client.get("/readyz"), 503, "unavailable")
    assert client.get("/healthz").status_code == 200
