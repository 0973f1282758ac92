"""Shared fixtures: a fresh database per session, clean tables per test, clients and tokens.

Set NETPOLARNA_TEST_DATABASE_URL to a PostgreSQL URL to run the suite there: a new database is
created next to the one named and dropped afterwards, so runs never see each other's rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from dbsupport import STAFF_PASSWORD, ScratchDatabase, build_app, make_database
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text
from werkzeug.serving import BaseWSGIServer, make_server

from netpolarna.accounts import service as accounts
from netpolarna.accounts import tokens
from netpolarna.accounts.models import User
from netpolarna.accounts.passwords import use_cheap_hashing_for_tests
from netpolarna.db import db

use_cheap_hashing_for_tests()


@pytest.fixture(scope="session")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScratchDatabase]:
    test_db = make_database(tmp_path_factory.mktemp("db"))
    app = build_app(tmp_path_factory.mktemp("instance"), test_db.url)
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    yield test_db
    test_db.cleanup()


def _truncate_all() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Override in a test module (or parametrize) to change the app's configuration."""
    return {}


@pytest.fixture
def app(database: ScratchDatabase, tmp_path: Path, app_config: dict[str, Any]) -> Iterator[Flask]:
    application = build_app(tmp_path, database.url, **app_config)
    with application.app_context():
        try:
            yield application
        finally:
            db.session.remove()
            _truncate_all()
            db.engine.dispose()


@pytest.fixture
def new_app(
    database: ScratchDatabase, tmp_path: Path, app_config: dict[str, Any]
) -> Iterator[Callable[..., Flask]]:
    """Build another app on the same database, as a restarted or second process would."""
    built: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        application = build_app(tmp_path, database.url, **{**app_config, **overrides})
        built.append(application)
        return application

    yield build
    for application in built:
        with application.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@dataclass
class Actor:
    user: User
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


@pytest.fixture
def make_actor(app: Flask) -> Callable[..., Actor]:
    """make_actor("netwalker") -> an account of that role with a live token pair."""
    counter = iter(range(1, 10_000))

    def factory(role: str, **fields: Any) -> Actor:
        if role == "youth":
            session = accounts.register_device(locale=fields.get("locale"), platform=None)
            return Actor(session.user, session.pair.access_token, session.pair.refresh_token)
        email = fields.pop("email", f"{role}{next(counter)}@example.org")
        user = accounts.create_user(email=email, role=role, password=STAFF_PASSWORD, **fields)
        pair = tokens.issue_pair(user)
        db.session.commit()
        return Actor(user, pair.access_token, pair.refresh_token)

    return factory


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The app behind a real HTTP server on 127.0.0.1; yields its base URL."""
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
