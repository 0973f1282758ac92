"""Sign-in under attack: exact lock-out under concurrency, no timing oracle, no forged subject."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from dbsupport import STAFF_PASSWORD
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token
from sqlalchemy import func, select, update

from netpolarna.accounts.models import LoginThrottle
from netpolarna.db import db, utcnow

LOGIN = "/api/v1/auth/login"
MAX_FAILURES = 5


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"LOGIN_MAX_FAILURES": MAX_FAILURES, "LOGIN_LOCKOUT_MINUTES": 15}


def test_parallel_wrong_passwords_get_exactly_the_configured_checks(
    live_server: str, make_actor: Callable[..., Any]
) -> None:
    make_actor("netwalker", email="target@example.org")

    def attempt(_: int) -> int:
        with httpx.Client(base_url=live_server, timeout=30) as http:
            body = {"email": "target@example.org", "password": "wrong guess"}
            return http.post(LOGIN, json=body).status_code

    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = Counter(pool.map(attempt, range(100)))

    assert statuses == {401: MAX_FAILURES, 429: 100 - MAX_FAILURES}
    with httpx.Client(base_url=live_server) as http:
        right = http.post(LOGIN, json={"email": "target@example.org", "password": STAFF_PASSWORD})
    assert right.status_code == 429  # locked out, even with the right password


def test_unknown_email_costs_a_password_verification(
    client: FlaskClient, make_actor: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_actor("school", email="known@example.org")
    verified: list[str] = []
    original = PasswordHasher.verify

    def counting(self: PasswordHasher, hash: str | bytes, password: str | bytes) -> bool:
        verified.append(str(password))
        return original(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    for email in ("known@example.org", "nobody@example.org"):
        answer = client.post(LOGIN, json={"email": email, "password": f"pw for {email}"})
        assert answer.status_code == 401
        assert answer.get_json()["code"] == "invalid_credentials"
    assert verified == ["pw for known@example.org", "pw for nobody@example.org"]


def test_throttle_rows_of_unknown_emails_expire(client: FlaskClient) -> None:
    for n in range(3):
        client.post(LOGIN, json={"email": f"guess{n}@example.org", "password": "x"})
    assert db.session.scalar(select(func.count()).select_from(LoginThrottle)) == 3
    # Their window passes; the next sign-in attempt (of anyone) sweeps them away.
    db.session.execute(
        update(LoginThrottle).values(window_started_at=utcnow() - timedelta(minutes=16))
    )
    db.session.commit()
    client.post(LOGIN, json={"email": "someone@example.org", "password": "x"})
    keys = db.session.scalars(select(LoginThrottle.key)).all()
    assert len(keys) == 1


def test_a_token_whose_subject_is_not_its_family_owner_is_refused(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    attacker, admin = make_actor("youth"), make_actor("admin")
    me = client.get("/api/v1/me", headers=attacker.headers)
    assert me.status_code == 200
    family = _claims(attacker.access_token)["fam"]
    forged = create_access_token(
        identity=str(admin.user.id), additional_claims={"role": "admin", "fam": family}
    )
    answer = client.get("/api/v1/users", headers={"Authorization": f"Bearer {forged}"})
    assert answer.status_code == 401
    assert answer.get_json()["code"] == "token_revoked"


def _claims(token: str) -> dict[str, Any]:
    from flask_jwt_extended import decode_token

    return dict(decode_token(token))
