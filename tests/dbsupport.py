"""Scratch databases and app construction shared by conftest.py and tests that need a fresh DB."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from netpolarna import create_app

STAFF_PASSWORD = "correct horse battery staple"


@dataclass
class ScratchDatabase:
    url: str
    cleanup: Callable[[], None]


def create_postgres_database(base_url: str, prefix: str = "netpolarna_test") -> ScratchDatabase:
    """A new empty database on the server of `base_url` (tests and benchmarks); drop it with
    `cleanup`."""
    url = make_url(base_url)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return ScratchDatabase(url.set(database=name).render_as_string(hide_password=False), drop)


def make_database(tmp_dir: Path) -> ScratchDatabase:
    """A brand-new empty database on the configured backend."""
    base = os.environ.get("NETPOLARNA_TEST_DATABASE_URL")
    if base:
        return create_postgres_database(base)
    path = tmp_dir / f"{uuid.uuid4().hex[:8]}.sqlite3"
    return ScratchDatabase(f"sqlite:///{path}", lambda: None)


def build_app(instance: Path, database_url: str, **overrides: Any) -> Flask:
    os.environ["NETPOLARNA_INSTANCE_PATH"] = str(instance)
    os.environ["NETPOLARNA_ENV"] = "testing"
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "UPLOAD_DIR": str(instance / "uploads"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_DEFAULT": "100000/minute",
        "DEVICE_REGISTRATION_LIMIT": "100000/minute",
        "CORPUS_DIRS": [],
        # Test-only: sources may fetch from the suite's local servers on 127.0.0.1.
        "OUTBOUND_ALLOW_LOOPBACK": True,
    }
    config.update(overrides)
    return create_app(config)
