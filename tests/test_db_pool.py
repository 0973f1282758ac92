"""Pooled connections: checked when they sat idle, trusted when they were in use moments ago."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from netpolarna.db import db


def _count_pings(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    dialect = db.engine.dialect
    original = dialect.do_ping
    pings: list[Any] = []

    def counting(dbapi_connection: Any) -> bool:
        pings.append(dbapi_connection)
        return bool(original(dbapi_connection))

    monkeypatch.setattr(dialect, "do_ping", counting)
    return pings


def _select_one() -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1


def test_a_connection_used_moments_ago_needs_no_ping(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings = _count_pings(monkeypatch)
    _select_one()
    _select_one()
    assert pings == []
    monkeypatch.setattr("netpolarna.db.PING_AFTER_IDLE_SECONDS", 0.0)
    _select_one()
    assert len(pings) == 1


def test_an_idle_connection_the_database_dropped_is_replaced(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no server that can drop a connection")
    with db.engine.connect() as conn:
        before = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    # As a database restart does: every session of this database is ended.
    admin = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    admin.dispose()
    monkeypatch.setattr("netpolarna.db.PING_AFTER_IDLE_SECONDS", 0.0)
    with db.engine.connect() as conn:
        after = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    assert after is not None and after != before
