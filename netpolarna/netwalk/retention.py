"""Retention: messages never part of a flag are deleted after NETWALK_RETENTION_DAYS.

`purgeable()` is the one predicate; the flags step keeps evidence by calling `retain_threads`
(or setting `Message.retained`) when a flag references a thread. Threads left without messages
are deleted too unless retained. Counters on surviving threads keep counting what was seen.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, delete, exists, select, update
from sqlalchemy.sql.elements import ColumnElement

from netpolarna.common.jobs import PeriodicJob, register_periodic_job
from netpolarna.common.sql import one_of
from netpolarna.db import db, utcnow
from netpolarna.netwalk.models import Message, Thread

log = logging.getLogger(__name__)
PURGE_CHUNK = 5000

RETENTION_JOB = register_periodic_job(
    PeriodicJob(
        id="netwalk:retention",
        func="netpolarna.netwalk.retention:purge_expired_messages",
        interval_minutes="NETWALK_RETENTION_INTERVAL_MINUTES",
        description="Delete scanned messages past their retention that no flag refers to.",
    )
)


def purgeable(cutoff: datetime) -> ColumnElement[bool]:
    """Messages held since before `cutoff` and not kept as evidence."""
    return and_(Message.ingested_at < cutoff, Message.retained.is_(False))


def retain_thread(thread_id: int) -> None:
    """Keep a thread and all its messages as evidence (no commit: the caller's transaction)."""
    thread = db.session.get(Thread, thread_id)
    if thread is not None:
        retain_threads([thread])


def retain_threads(threads: Sequence[Thread]) -> None:
    """Keep loaded threads and all their messages as evidence: one UPDATE of the messages; the
    threads' own mark is set on the objects and flushed with the rest of the session."""
    if not threads:
        return
    with db.session.no_autoflush:  # messages are written with Core; nothing pending to flush
        db.session.execute(
            update(Message)
            .where(one_of(Message.thread_id, [t.id for t in threads]), Message.retained.is_(False))
            .values(retained=True)
            .execution_options(synchronize_session=False)
        )
    for thread in threads:
        thread.retained = True


def purge_expired_messages(now: datetime | None = None) -> int:
    """Delete expired messages in chunks (short transactions); returns how many."""
    days = int(current_app.config["NETWALK_RETENTION_DAYS"])
    cutoff = (now or utcnow()) - timedelta(days=days)
    total = 0
    while True:
        ids = list(
            db.session.scalars(select(Message.id).where(purgeable(cutoff)).limit(PURGE_CHUNK))
        )
        if not ids:
            break
        # Replies keep their external parent id; only the foreign key to a purged parent goes.
        db.session.execute(
            update(Message)
            .where(Message.parent_message_id.in_(ids))
            .values(parent_message_id=None)
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            delete(Message).where(Message.id.in_(ids)).execution_options(synchronize_session=False)
        )
        db.session.commit()
        total += len(ids)
    empty = and_(
        Thread.retained.is_(False),
        Thread.updated_at < cutoff,
        ~exists().where(Message.thread_id == Thread.id),
    )
    threads = db.session.execute(
        delete(Thread).where(empty).execution_options(synchronize_session=False)
    )
    db.session.commit()
    if total:
        log.info(
            "retention: purged %s messages and %s empty threads",
            total,
            getattr(threads, "rowcount", 0),
        )
    return total
