"""Accounts over real HTTP, as a new app and a new staff member would use them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx


def test_device_login_refresh_reuse_logout_and_erasure(
    live_server: str, make_actor: Callable[..., Any]
) -> None:
    make_actor("netwalker", email="walker@example.org")
    with httpx.Client(base_url=live_server, timeout=10) as http:
        device = http.post("/api/v1/auth/device", json={"locale": "sv"})
        assert device.status_code == 201
        youth = device.json()
        auth = {"Authorization": f"Bearer {youth['access_token']}"}
        assert http.get("/api/v1/me", headers=auth).json()["role"] == "youth"

        staff = http.post(
            "/api/v1/auth/login",
            json={"email": "walker@example.org", "password": "correct horse battery staple"},
        )
        assert staff.status_code == 200 and staff.json()["user"]["role"] == "netwalker"

        rotated = http.post("/api/v1/auth/refresh", json={"refresh_token": youth["refresh_token"]})
        assert rotated.status_code == 200
        new_pair = rotated.json()

        # Bad input: problem+json, nothing changes.
        bad = http.post("/api/v1/auth/refresh", json={"refresh_token": 42})
        assert bad.status_code == 422
        assert bad.headers["content-type"].startswith("application/problem+json")
        assert "refresh_token" in bad.json()["errors"]

        new_auth = {"Authorization": f"Bearer {new_pair['access_token']}"}
        assert http.post("/api/v1/auth/logout", headers=new_auth).status_code == 204
        assert http.get("/api/v1/me", headers=new_auth).status_code == 401

        # A second device, erased.
        other = http.post("/api/v1/auth/device", json={}).json()
        other_auth = {"Authorization": f"Bearer {other['access_token']}"}
        assert http.delete("/api/v1/me", headers=other_auth).status_code == 204
        again = http.post(
            "/api/v1/auth/device",
            json={"device_id": other["device_id"], "device_secret": other["device_secret"]},
        )
        assert again.status_code == 401 and again.json()["code"] == "invalid_device"


def test_reuse_detection_over_http(live_server: str, new_app: Callable[..., Any]) -> None:
    with httpx.Client(base_url=live_server, timeout=10) as http:
        youth = http.post("/api/v1/auth/device", json={}).json()
        second = http.post(
            "/api/v1/auth/refresh", json={"refresh_token": youth["refresh_token"]}
        ).json()
        third = http.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
        assert third.status_code == 200
        # `second` was rotated moments ago (inside the grace window): a retry still works once
        # more, but the very first token was superseded twice and is now a replay.
        _expire_grace(new_app)
        replay = http.post("/api/v1/auth/refresh", json={"refresh_token": youth["refresh_token"]})
        assert replay.status_code == 401 and replay.json()["code"] == "refresh_token_reused"
        latest = third.json()
        after = http.get(
            "/api/v1/me", headers={"Authorization": f"Bearer {latest['access_token']}"}
        )
        assert after.status_code == 401 and after.json()["code"] == "token_revoked"


def _expire_grace(new_app: Callable[..., Any]) -> None:
    """Age every rotation past the grace window, as if the replay came a minute later."""
    from datetime import timedelta

    from sqlalchemy import select

    from netpolarna.accounts.models import RefreshToken
    from netpolarna.db import db

    other = new_app()
    with other.app_context():
        rotated = select(RefreshToken).where(RefreshToken.rotated_at.is_not(None))
        for row in db.session.scalars(rotated):
            assert row.rotated_at is not None
            row.rotated_at -= timedelta(minutes=5)
        db.session.commit()
