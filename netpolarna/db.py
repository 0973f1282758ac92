"""The database: declarative base, naming convention, timezone-aware timestamps, and the unbound
Flask-SQLAlchemy instance built on that base (`create_app` binds it)."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import (
    BigInteger,
    DateTime,
    Integer,
    MetaData,
    Table,
    TextualSelect,
    bindparam,
    event,
    text,
)
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, registry
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Ids of tables that grow large (messages, flags): BIGINT on PostgreSQL; SQLite only
# auto-increments an INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A DateTime that is always timezone-aware UTC, also on SQLite (which drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        value = value.astimezone(UTC)
        # SQLite stores text; keep it naive-UTC there so ordering compares correctly.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


db = SQLAlchemy(model_class=Base)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def insert_unless_taken(
    table: Table, columns: Sequence[str], unique: Sequence[str]
) -> TextualSelect:
    """`INSERT .. ON CONFLICT (unique) DO NOTHING RETURNING id`, the same on SQLite and
    PostgreSQL, with the columns' types for binding.

    A row that would break the unique index comes back as no row instead of an error, so the
    caller's transaction stays usable and no query has to ask first. Written as text because
    SQLAlchemy never caches its dialect-specific upserts (each run would compile anew); build
    it once. Column defaults do not apply: pass every column in `columns`.
    """
    names = ", ".join(f'"{table.c[name].name}"' for name in columns)
    values = ", ".join(f":{name}" for name in columns)
    conflict = ", ".join(f'"{table.c[name].name}"' for name in unique)
    return (
        text(
            f'INSERT INTO "{table.name}" ({names}) VALUES ({values}) '
            f"ON CONFLICT ({conflict}) DO NOTHING RETURNING id"
        )
        .bindparams(*(bindparam(name, type_=table.c[name].type) for name in columns))
        .columns(table.c.id)
    )


def commit_keeping_loaded(session: Session) -> None:
    """Commit without expiring what the session holds.

    For a request that goes on reading rows it just wrote or loaded (the caller, a new report):
    after a plain commit each would be reloaded with one more query.
    """
    keep = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


# --- the unit of work --------------------------------------------------------------------------
# A service owns its transaction: it ends its writes with `commit()`. A caller that must commit
# more in the same transaction (the idempotent view stores its response with the resource; one
# service composing another) runs the services inside `unit_of_work()`: their commits only
# flush there, and the caller commits once, or rolls everything back.
_held = ContextVar("netpolarna_unit_of_work", default=0)


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Hold the commits of the services called inside; the caller commits them all at once."""
    token = _held.set(_held.get() + 1)
    try:
        yield
    finally:
        _held.reset(token)


def commit() -> None:
    """A service's commit: now, or, inside a `unit_of_work`, a flush and the caller commits."""
    if _held.get():
        db.session.flush()
    else:
        db.session.commit()


# A connection back in the pool for less than this is used without a liveness check.
PING_AFTER_IDLE_SECONDS = 10.0
_RETURNED_AT = "netpolarna_returned_at"


def ping_idle_connections(engine: Engine) -> None:
    """Check a connection that sat idle before the pool hands it out, as `pool_pre_ping` would.

    `pool_pre_ping` pings on every checkout, and a request checks out once per transaction:
    a round trip or two per request. A connection that was in use moments ago is alive; one
    idle for a while may have been dropped by a database restart or a firewall. A dead one
    is replaced (the pool retries on DisconnectionError); a database that dies while busy
    fails the requests in flight, and the pool is refreshed on the first such error.
    """

    @event.listens_for(engine, "connect")
    def _note_new(_dbapi_connection: Any, record: Any) -> None:
        record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkin")
    def _note_return(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get(_RETURNED_AT)
        if returned is not None and time.monotonic() - returned < PING_AFTER_IDLE_SECONDS:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # the driver's own error for a closed connection
            raise DisconnectionError("an idle connection is gone") from exc
        if not alive:
            raise DisconnectionError("an idle connection did not answer")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """SQLite: enforce foreign keys (ON DELETE CASCADE) and let readers and a writer overlap."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
