"""Admins create, list, read and deactivate staff and school accounts; the CLI creates them too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from netpolarna.accounts.models import User
from netpolarna.audit.models import AuditEvent
from netpolarna.db import db


def test_admin_creates_and_lists_with_cursor(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    admin = make_actor("admin")
    for i in range(5):
        r = client.post(
            "/api/v1/users",
            json={
                "email": f"school{i}@example.org",
                "role": "school",
                "password": "long enough pw",
            },
            headers=admin.headers,
        )
        assert r.status_code == 201
        assert "password" not in r.get_json() and "password_hash" not in r.get_json()
    make_actor("youth")  # never listed

    seen: list[str] = []
    cursor = None
    while True:
        query = {"limit": 2, "role": "school", **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/users", query_string=query, headers=admin.headers).get_json()
        seen += [u["email"] for u in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [f"school{i}@example.org" for i in range(5)]
    everyone = client.get("/api/v1/users", headers=admin.headers).get_json()["items"]
    assert all(u["role"] != "youth" for u in everyone)
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.create")).all()
    assert len(audit) == 5 and all(a.actor_id == admin.user.id for a in audit)


def test_bad_cursor_is_422(client: FlaskClient, make_actor: Callable[..., Any]) -> None:
    admin = make_actor("admin")
    r = client.get("/api/v1/users", query_string={"cursor": "!!"}, headers=admin.headers)
    assert r.status_code == 422 and "cursor" in r.get_json()["errors"]


def test_youth_accounts_are_not_administered(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    admin = make_actor("admin")
    youth = make_actor("youth")
    assert client.get(f"/api/v1/users/{youth.user.id}", headers=admin.headers).status_code == 404


def test_admin_cannot_deactivate_self(client: FlaskClient, make_actor: Callable[..., Any]) -> None:
    admin = make_actor("admin")
    r = client.patch(
        f"/api/v1/users/{admin.user.id}", json={"is_active": False}, headers=admin.headers
    )
    assert r.status_code == 409
    assert db.session.get(User, admin.user.id).is_active is True


def test_cli_creates_user_from_stdin(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["users", "create", "Lead@Example.org", "--role", "admin", "--password-stdin"],
        input="a very long password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "lead@example.org"))
    assert user is not None and user.role == "admin"
    assert user.password_hash and "a very long password" not in user.password_hash

    short = runner.invoke(
        args=["users", "create", "x@example.org", "--role", "school", "--password-stdin"],
        input="short\n",
    )
    assert short.exit_code != 0 and "password" in short.output


def test_demo_load_is_idempotent(runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "admin@demo.natpolarna.se" in first.output
    count = len(db.session.scalars(select(User)).all())
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0
    assert len(db.session.scalars(select(User)).all()) == count
