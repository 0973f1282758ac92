"""The migration history builds exactly the models' schema, and unwinds completely."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from dbsupport import ScratchDatabase, build_app, make_database
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import insert, inspect, select

from netpolarna.db import db
from netpolarna.netwalk.ingestion.gazetteer import app_gazetteer
from netpolarna.netwalk.models import Message, Source, Thread

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


def test_messages_stored_before_places_get_the_gazetteers_places(empty_app: Flask) -> None:
    upgrade(directory=str(MIGRATIONS), revision="0004_analytics")
    at = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    texts = {
        "two": "Bråk vid Möckeln, sen i Karlskoga centrum",
        "none": "Ingen plats alls",
        "school": "Vad händer på Ekebyskolan?",
    }
    with db.engine.begin() as connection:
        # The columns that revision had; `places` did not exist yet.
        source_id = connection.execute(
            insert(Source.__table__).values(name="s", kind="rss", config={}, state={})
        ).inserted_primary_key[0]
        thread_id = connection.execute(
            insert(Thread.__table__).values(source_id=source_id, source_thread_id="t")
        ).inserted_primary_key[0]
        connection.execute(
            insert(Message.__table__),
            [
                {"source_id": source_id, "thread_id": thread_id, "message_id": key,
                 "reply_path": key, "author_pseudonym": "p" * 16, "text": text,
                 "content_hash": key, "lang": "sv", "created_at": at, "ingested_at": at}
                for key, text in texts.items()
            ],
        )  # fmt: skip

    upgrade(directory=str(MIGRATIONS))
    stored = dict(db.session.execute(select(Message.message_id, Message.places)).tuples().all())
    assert stored == {key: list(app_gazetteer().find(text)) for key, text in texts.items()}
    assert stored["two"] == ["Möckeln", "Karlskoga centrum"] and stored["none"] == []
    db.session.rollback()
