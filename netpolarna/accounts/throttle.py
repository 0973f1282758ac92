"""Login throttling counted atomically in the database, shared by every API process.

Each attempt claims a password check with one INSERT ... ON CONFLICT DO UPDATE ... RETURNING
before the password is verified, so however many requests arrive at once, exactly
LOGIN_MAX_FAILURES of them are checked in one window and the rest are refused unchecked.
Rows are keyed by a hash of the e-mail (known or not, so the answer tells nothing about which
accounts exist) and removed once their window has passed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, and_, case, delete, literal, null, or_
from sqlalchemy.dialects import postgresql, sqlite

from netpolarna.accounts.models import LoginThrottle
from netpolarna.db import db, utcnow


@dataclass(frozen=True)
class Attempt:
    key: str
    allowed: bool
    retry_after_seconds: int


def throttle_key(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()


def _window() -> timedelta:
    return timedelta(minutes=int(current_app.config["LOGIN_LOCKOUT_MINUTES"]))


def claim_attempt(email: str) -> Attempt:
    """Count one sign-in attempt for `email` and say whether its password may be checked."""
    key = throttle_key(email)
    max_checks = int(current_app.config["LOGIN_MAX_FAILURES"])
    now, window = utcnow(), _window()
    table = LoginThrottle.__table__
    moment = table.c.window_started_at.type

    def at(value: datetime) -> ColumnElement[datetime]:
        return literal(value, moment)

    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # A row whose window (or lock) has run out starts afresh, in the same statement.
    expired = or_(
        and_(table.c.locked_until.is_(None), table.c.window_started_at <= at(now - window)),
        table.c.locked_until <= at(now),
    )
    failures = case((expired, 1), else_=table.c.failures + 1)
    first_lock = at(now + window) if max_checks <= 1 else None
    row = insert(table).values(key=key, failures=1, window_started_at=now, locked_until=first_lock)
    stmt = row.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "failures": failures,
            "window_started_at": case((expired, at(now)), else_=table.c.window_started_at),
            # Locked once the last allowed check is claimed; refused attempts don't extend it.
            "locked_until": case(
                (expired, at(now + window) if max_checks <= 1 else null()),
                (
                    and_(table.c.locked_until.is_(None), table.c.failures + 1 >= max_checks),
                    at(now + window),
                ),
                else_=table.c.locked_until,
            ),
        },
    ).returning(table.c.failures, table.c.locked_until)
    count, locked_until = db.session.execute(stmt).one()
    db.session.commit()
    if count <= max_checks:
        return Attempt(key, True, 0)
    return Attempt(key, False, _seconds_until(locked_until, now))


def _seconds_until(moment: datetime | None, now: datetime) -> int:
    if moment is None:
        return 1
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        now = now.replace(tzinfo=None)
    return max(1, int((moment - now).total_seconds()) + 1)


def forget(key: str) -> None:
    """A successful sign-in clears its counter. The caller commits."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))


def purge_expired() -> None:
    """Drop rows whose window and lock have passed: no row outlives its purpose."""
    now = utcnow()
    db.session.execute(
        delete(LoginThrottle).where(
            or_(
                and_(
                    LoginThrottle.locked_until.is_(None),
                    LoginThrottle.window_started_at <= now - _window(),
                ),
                LoginThrottle.locked_until <= now,
            )
        )
    )
