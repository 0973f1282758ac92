"""Writes that block staff time happen one at a time, or the database refuses the loser.

PostgreSQL: the exclusion constraint on `staff_assignments` refuses overlapping ranges of a
staff member, whoever commits first wins; the violation (SQLSTATE 23P01) is recognised here.
Rules over several days (the weekly cap) are not overlaps, so confirmations also take a
transaction-scoped advisory lock per staff member before checking (`lock_staff`).
SQLite has no such constraint: the check-then-write runs under an exclusive lock on a file
next to the database, which holds across threads and processes (gunicorn workers).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from netpolarna.db import db

EXCLUSION_VIOLATION = "23P01"
# First key of pg_advisory_xact_lock(namespace, staff_id): keeps these locks apart from others.
STAFF_LOCK_NAMESPACE = 1401
_memory_lock = threading.Lock()


@contextlib.contextmanager
def staff_write_lock() -> Iterator[None]:
    """Hold while checking conflicts and committing a booking's staff time (SQLite only)."""
    engine = db.engine
    if engine.dialect.name != "sqlite":
        yield
        return
    database = engine.url.database
    if not database or database == ":memory:":
        with _memory_lock:
            yield
        return
    # End any read transaction first: a waiter holding SQLite's shared lock would keep the
    # lock holder from committing.
    db.session.commit()
    fd = os.open(f"{database}.bookings-lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        # flock locks belong to the open file description: each thread opens its own, so the
        # lock also serialises threads of one process.
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def is_double_booking(error: IntegrityError) -> bool:
    """True when PostgreSQL refused overlapping staff time."""
    return getattr(error.orig, "sqlstate", None) == EXCLUSION_VIOLATION


def lock_staff(staff_ids: list[int]) -> None:
    """Serialise, until the transaction ends, every confirmation touching these staff members
    (PostgreSQL; SQLite is serialised by `staff_write_lock`). Taken in ascending order so two
    confirmations needing the same people cannot deadlock."""
    if db.engine.dialect.name != "postgresql":
        return
    for staff_id in sorted(set(staff_ids)):
        db.session.execute(select(func.pg_advisory_xact_lock(STAFF_LOCK_NAMESPACE, staff_id)))
