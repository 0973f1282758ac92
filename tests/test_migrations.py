"""The migration history builds exactly the models' schema, and unwinds completely."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from dbsupport import ScratchDatabase, build_app, make_database
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from netpolarna.db import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


@pytest.fixture
def empty_app(tmp_path: Path) -> Iterator[Flask]:
    fresh: ScratchDatabase = make_database(tmp_path)
    application = build_app(tmp_path / "instance", fresh.url)
    try:
        with application.app_context():
            yield application
            db.session.remove()
            db.engine.dispose()
    finally:
        fresh.cleanup()


def test_single_head() -> None:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_head_matches_models_then_downgrade_base(empty_app: Flask) -> None:
    upgrade(directory=str(MIGRATIONS))
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"

    downgrade(directory=str(MIGRATIONS), revision="base")
    with db.engine.connect() as connection:
        remaining = set(inspect(connection).get_table_names()) - {"alembic_version"}
    assert remaining == set()
