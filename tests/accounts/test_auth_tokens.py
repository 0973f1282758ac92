"""Device registration, sign-in, refresh rotation with reuse detection, logout and erasure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from netpolarna.accounts.models import Device, RefreshToken, TokenFamily, User
from netpolarna.db import db

STAFF_PASSWORD = "correct horse battery staple"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_device_registration_is_anonymous_and_returns_tokens(client: FlaskClient) -> None:
    response = client.post("/api/v1/auth/device", json={"locale": "da", "platform": "android"})
    assert response.status_code == 201
    body = response.get_json()
    assert {"access_token", "refresh_token", "device_id", "device_secret"} <= body.keys()
    assert body["user"]["role"] == "youth"
    assert body["user"]["email"] is None and body["user"]["display_name"] is None
    assert body["user"]["locale"] == "da"
    device = db.session.get(Device, body["device_id"])
    assert device is not None and device.secret_hash != body["device_secret"]

    me = client.get("/api/v1/me", headers=_bearer(body["access_token"]))
    assert me.status_code == 200 and me.get_json()["role"] == "youth"


def test_device_signs_in_again_with_its_secret_only(client: FlaskClient) -> None:
    first = client.post("/api/v1/auth/device", json={}).get_json()
    again = client.post(
        "/api/v1/auth/device",
        json={"device_id": first["device_id"], "device_secret": first["device_secret"]},
    )
    assert again.status_code == 200
    assert again.get_json()["user"]["id"] == first["user"]["id"]
    assert again.get_json()["device_secret"] is None
    wrong = client.post(
        "/api/v1/auth/device",
        json={"device_id": first["device_id"], "device_secret": "x" * 43},
    )
    assert wrong.status_code == 401 and wrong.get_json()["code"] == "invalid_device"
    half = client.post("/api/v1/auth/device", json={"device_id": first["device_id"]})
    assert half.status_code == 422 and "device_id" in half.get_json()["errors"]


def test_login_and_wrong_password(client: FlaskClient, make_actor: Callable[..., Any]) -> None:
    make_actor("netwalker", email="anna@example.org")
    ok = client.post(
        "/api/v1/auth/login", json={"email": "Anna@Example.org", "password": STAFF_PASSWORD}
    )
    assert ok.status_code == 200
    assert ok.get_json()["user"]["role"] == "netwalker"
    assert ok.get_json()["token_type"] == "Bearer"
    bad = client.post("/api/v1/auth/login", json={"email": "anna@example.org", "password": "nope"})
    assert bad.status_code == 401
    assert bad.mimetype == "application/problem+json"
    assert bad.get_json()["code"] == "invalid_credentials"
    unknown = client.post("/api/v1/auth/login", json={"email": "x@example.org", "password": "n"})
    assert unknown.get_json()["code"] == "invalid_credentials"


def test_youth_cannot_use_password_login(client: FlaskClient) -> None:
    body = client.post("/api/v1/auth/device", json={}).get_json()
    user = db.session.get(User, body["user"]["id"])
    assert user is not None and user.email is None and user.password_hash is None


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"LOGIN_MAX_FAILURES": 3, "LOGIN_LOCKOUT_MINUTES": 15}


def test_repeated_failed_logins_are_throttled(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    make_actor("school", email="rektor@example.org")
    for _ in range(3):
        r = client.post("/api/v1/auth/login", json={"email": "rektor@example.org", "password": "x"})
        assert r.status_code == 401
    locked = client.post(
        "/api/v1/auth/login", json={"email": "rektor@example.org", "password": STAFF_PASSWORD}
    )
    assert locked.status_code == 429
    assert locked.get_json()["code"] == "login_throttled"
    assert int(locked.headers["Retry-After"]) > 0


def test_refresh_rotates_and_old_access_keeps_working(client: FlaskClient) -> None:
    first = client.post("/api/v1/auth/device", json={}).get_json()
    rotated = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 200
    pair = rotated.get_json()
    assert pair["refresh_token"] != first["refresh_token"]
    assert client.get("/api/v1/me", headers=_bearer(pair["access_token"])).status_code == 200
    old_row = db.session.get(RefreshToken, _jti(first["refresh_token"]))
    assert old_row is not None and old_row.rotated_at is not None
    assert old_row.replaced_by == _jti(pair["refresh_token"])


def _jti(token: str) -> str:
    from flask_jwt_extended import decode_token

    return str(decode_token(token)["jti"])


@pytest.mark.parametrize("app_config", [{"REFRESH_REUSE_GRACE_SECONDS": 0}])
def test_reusing_a_rotated_refresh_token_revokes_the_family(client: FlaskClient) -> None:
    first = client.post("/api/v1/auth/device", json={}).get_json()
    second = client.post(
        "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
    ).get_json()
    _age_rotation(first["refresh_token"], seconds=5)

    reuse = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reuse.status_code == 401
    assert reuse.get_json()["code"] == "refresh_token_reused"
    # The whole family is gone: the legitimate successor and its access token both stop.
    again = client.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert again.status_code == 401 and again.get_json()["code"] == "token_revoked"
    me = client.get("/api/v1/me", headers=_bearer(second["access_token"]))
    assert me.status_code == 401 and me.get_json()["code"] == "token_revoked"


def _age_rotation(refresh_token: str, *, seconds: int) -> None:
    row = db.session.get(RefreshToken, _jti(refresh_token))
    assert row is not None and row.rotated_at is not None
    row.rotated_at = row.rotated_at - timedelta(seconds=seconds)
    db.session.commit()


def test_reuse_within_grace_window_gets_a_fresh_pair(client: FlaskClient) -> None:
    first = client.post("/api/v1/auth/device", json={}).get_json()
    lost = client.post(
        "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
    ).get_json()
    retry = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert retry.status_code == 200
    fresh = retry.get_json()
    # Exactly one refresh token stays live in the family: the lost one is retired.
    live = db.session.scalar(
        select(func.count())
        .select_from(RefreshToken)
        .where(RefreshToken.rotated_at.is_(None))
        .where(RefreshToken.family_id == _family(fresh["refresh_token"]))
    )
    assert live == 1
    assert db.session.get(RefreshToken, _jti(lost["refresh_token"])).rotated_at is not None
    ok = client.post("/api/v1/auth/refresh", json={"refresh_token": fresh["refresh_token"]})
    assert ok.status_code == 200


def _family(token: str) -> str:
    from flask_jwt_extended import decode_token

    return str(decode_token(token)["fam"])


def test_access_token_is_not_a_refresh_token(client: FlaskClient) -> None:
    body = client.post("/api/v1/auth/device", json={}).get_json()
    r = client.post("/api/v1/auth/refresh", json={"refresh_token": body["access_token"]})
    assert r.status_code == 401 and r.get_json()["code"] == "token_invalid"
    garbage = client.post("/api/v1/auth/refresh", json={"refresh_token": "a.b.c"})
    assert garbage.status_code == 401 and garbage.get_json()["code"] == "token_invalid"


def test_logout_revokes_access_and_refresh(client: FlaskClient) -> None:
    body = client.post("/api/v1/auth/device", json={}).get_json()
    assert (
        client.post("/api/v1/auth/logout", headers=_bearer(body["access_token"])).status_code == 204
    )
    me = client.get("/api/v1/me", headers=_bearer(body["access_token"]))
    assert me.status_code == 401 and me.get_json()["code"] == "token_revoked"
    r = client.post("/api/v1/auth/refresh", json={"refresh_token": body["refresh_token"]})
    assert r.status_code == 401 and r.get_json()["code"] == "token_revoked"


def test_revocation_survives_a_restart(client: FlaskClient, new_app: Callable[..., Flask]) -> None:
    body = client.post("/api/v1/auth/device", json={}).get_json()
    client.post("/api/v1/auth/logout", headers=_bearer(body["access_token"]))
    restarted = new_app()  # a new process would build the app the same way
    with restarted.app_context():
        me = restarted.test_client().get("/api/v1/me", headers=_bearer(body["access_token"]))
        assert me.status_code == 401 and me.get_json()["code"] == "token_revoked"


def test_erasure_removes_youth_account_devices_and_tokens(client: FlaskClient) -> None:
    body = client.post("/api/v1/auth/device", json={}).get_json()
    users_before = _count(User)
    r = client.delete("/api/v1/me", headers=_bearer(body["access_token"]))
    assert r.status_code == 204
    assert db.session.get(User, body["user"]["id"]) is None
    assert db.session.get(Device, body["device_id"]) is None
    assert _count(TokenFamily) == 0 and _count(RefreshToken) == 0
    assert _count(User) == users_before - 1
    gone = client.get("/api/v1/me", headers=_bearer(body["access_token"]))
    assert gone.status_code == 401


def test_staff_cannot_erase_themselves(client: FlaskClient, make_actor: Callable[..., Any]) -> None:
    staff = make_actor("netwalker")
    r = client.delete("/api/v1/me", headers=staff.headers)
    assert r.status_code == 403 and r.get_json()["code"] == "erasure_not_allowed"
    assert db.session.get(User, staff.user.id) is not None


def test_deactivated_user_is_locked_out_at_once(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    admin = make_actor("admin")
    school = make_actor("school", email="s@example.org")
    r = client.patch(
        f"/api/v1/users/{school.user.id}", json={"is_active": False}, headers=admin.headers
    )
    assert r.status_code == 200 and r.get_json()["is_active"] is False
    assert client.get("/api/v1/me", headers=school.headers).status_code == 401
    login = client.post(
        "/api/v1/auth/login", json={"email": "s@example.org", "password": STAFF_PASSWORD}
    )
    assert login.status_code == 401 and login.get_json()["code"] == "account_inactive"
    refresh = client.post("/api/v1/auth/refresh", json={"refresh_token": school.refresh_token})
    assert refresh.status_code == 401


def test_token_is_checked_once_per_request(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    """The rate limiter and the role guard share one verification, and it loads the token's
    family and user in one query: one lookup, not four."""
    from sqlalchemy import event

    youth = make_actor("youth")
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get("/api/v1/me", headers=youth.headers).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1, selects
