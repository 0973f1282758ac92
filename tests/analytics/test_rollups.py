"""Rollups kept incrementally equal a rebuild after inserts, edits, new scores, retention purges
and an erasure; sealed days keep what retention deleted."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update

from netpolarna.accounts.service import erase_self
from netpolarna.analytics import cubes, rollups
from netpolarna.analytics.models import FlagDay, MessageDay, ReportMonth, SuppressionSnapshot
from netpolarna.analytics.state import versions
from netpolarna.common.jobs import periodic_jobs
from netpolarna.db import db, utcnow
from netpolarna.netwalk.connectors import FetchedMessage
from netpolarna.netwalk.ingestion.gazetteer import app_gazetteer
from netpolarna.netwalk.ingestion.store import ingest_batch
from netpolarna.netwalk.models import Message, Source, Thread
from netpolarna.netwalk.retention import purge_expired_messages
from netpolarna.netwalk.triage.models import Flag
from netpolarna.reports.service import create_report

_ids = count(1)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"ANALYTICS_SETTLE_SECONDS": 0, "NETWALK_RETENTION_DAYS": 30}


def make_thread(kind: str = "reddit") -> Thread:
    source = Source(name=f"s{next(_ids)}", kind=kind, config={}, interval_minutes=60)
    db.session.add(source)
    db.session.flush()
    thread = Thread(source_id=source.id, source_thread_id=f"t{next(_ids)}")
    db.session.add(thread)
    db.session.flush()
    return thread


def add_message(thread: Thread, at: datetime, label: str | None, **fields: Any) -> Message:
    """A message row as ingestion stores it: its places are the gazetteer's for its text."""
    n = next(_ids)
    text = fields.pop("text", "hej")
    message = Message(
        source_id=thread.source_id,
        thread_id=thread.id,
        message_id=f"m{n}",
        reply_path=f"{n:06d}",
        author_pseudonym="p" * 16,
        text=text,
        places=list(app_gazetteer().find(text)),
        content_hash=f"h{n}",
        lang=fields.pop("lang", "sv"),
        created_at=at - timedelta(minutes=5),
        ingested_at=at,
        label=label,
        scored_at=at if label else None,
        **fields,
    )
    db.session.add(message)
    return message


def snapshot() -> dict[str, set[tuple]]:
    def rows(model: Any, key: str, metrics: tuple[str, ...]) -> set[tuple]:
        found = db.session.scalars(select(model)).all()
        return {
            (getattr(r, key), r.dimension, r.value, *(str(getattr(r, m)) for m in metrics))
            for r in found
        }

    return {
        "messages": rows(MessageDay, "day", ("messages", "hateful", "neutral", "threats")),
        "flags": rows(FlagDay, "day", ("raised", "responded", "first_action_buckets")),
        "reports": rows(ReportMonth, "month", ("reports",)),
    }


def test_the_rollup_job_is_registered_with_the_scheduler() -> None:
    assert "analytics:rollups" in {job.id for job in periodic_jobs()}


def test_incremental_rollups_equal_a_rebuild_after_a_realistic_mix(
    app: Flask, make_actor: Any
) -> None:
    now = utcnow().replace(hour=12, minute=0, second=0, microsecond=0)
    forum, toots = make_thread("reddit"), make_thread("mastodon")
    for days_ago in (45, 40, 35, 10, 5, 1):
        at = now - timedelta(days=days_ago)
        add_message(forum, at, "hateful", targets=["religion"], threat=0.9, text="i Bofors")
        add_message(forum, at, "neutral", lang="en")
        add_message(toots, at + timedelta(hours=1), "counter_speech")
        add_message(toots, at + timedelta(hours=2), None)
    db.session.add(
        Flag(
            thread_id=forum.id,
            severity="high",
            reasons=[{"code": "threat"}],
            first_seen_at=now - timedelta(days=5),
            response_due_at=now - timedelta(days=4),
            responded_at=now - timedelta(days=5, minutes=-20),
        )
    )
    db.session.commit()
    rollups.refresh_rollups(now)  # the first run builds everything

    later = now + timedelta(minutes=5)
    add_message(forum, later - timedelta(seconds=1), "offensive")  # inserted after the run
    db.session.commit()
    rollups.refresh_rollups(later)

    later += timedelta(minutes=5)
    edited = db.session.scalar(
        select(Message.id).where(Message.label == "hateful").order_by(Message.id.desc())
    )
    db.session.execute(
        update(Message).where(Message.id == edited).values(label="neutral", edited_at=later)
    )
    rescored = db.session.scalar(
        select(Message.id).where(Message.label.is_(None)).order_by(Message.id.desc())
    )
    db.session.execute(
        update(Message).where(Message.id == rescored).values(label="hateful", scored_at=later)
    )
    db.session.commit()
    rollups.refresh_rollups(later + timedelta(minutes=1))

    assert purge_expired_messages(now) == 12  # the three oldest days go
    youth = make_actor("youth")
    create_report(youth.user, locale="sv", category="hate", platform="tiktok", affected="me")
    erase_self(youth.user)  # the report stays, de-linked
    db.session.commit()
    rollups.refresh_rollups(later + timedelta(minutes=2))
    incremental = snapshot()

    rollups.rebuild(later + timedelta(minutes=3))
    assert snapshot() == incremental

    sealed = (now - timedelta(days=45)).date()
    day_row = db.session.get(MessageDay, (sealed, "all", ""))
    assert day_row is not None and day_row.messages == 4  # counted although purged
    assert db.session.get(MessageDay, (sealed, "place", "Bofors")).hateful == 1
    assert db.session.get(MessageDay, (sealed, "target", "religion")).threats == 1
    open_day = (now - timedelta(days=1)).date()
    assert db.session.get(MessageDay, (open_day, "all", "")).hateful == 1
    assert ("reports" in incremental) and any(r[1] == "category" for r in incremental["reports"])

    rollups.rebuild(later + timedelta(minutes=4), include_sealed=True)
    assert db.session.get(MessageDay, (sealed, "all", "")) is None  # what retention left


def test_edits_to_open_days_are_picked_up(app: Flask) -> None:
    now = utcnow()
    thread = make_thread()
    message = add_message(thread, now - timedelta(hours=2), "neutral")
    db.session.commit()
    rollups.refresh_rollups(now)
    day = message.ingested_at.date()
    assert db.session.get(MessageDay, (day, "all", "")).neutral == 1
    message.label, message.edited_at = "hateful", now + timedelta(minutes=1)
    db.session.commit()
    rollups.refresh_rollups(now + timedelta(minutes=2))
    row = db.session.get(MessageDay, (day, "all", ""))
    assert (row.neutral, row.hateful) == (0, 1)


def test_the_job_stores_each_familys_suppression_with_its_rollups(app: Flask) -> None:
    now = utcnow()
    thread = make_thread()
    for minutes in range(7):
        add_message(thread, now - timedelta(hours=3, minutes=minutes), "neutral")
    add_message(thread, now - timedelta(hours=3), "hateful")
    db.session.commit()
    rollups.refresh_rollups(now)
    stored = db.session.get(SuppressionSnapshot, "messages:all")
    assert stored is not None and stored.token == versions()["messages"]
    cubes.clear_cache()  # as another process: the stored pattern, not a new computation
    kept = cubes.protected("messages", "all").suppressed
    day = next(p for (_g, m, p) in kept if m == "hateful" and p.grain == "day")
    assert day.start == (now - timedelta(hours=3)).date()
    assert kept == cubes._compute("messages", "all", cubes.protected("messages", "all").cube)


def test_families_whose_rows_did_not_change_keep_their_stored_suppression(app: Flask) -> None:
    now = utcnow().replace(hour=12, minute=0, second=0, microsecond=0)
    thread = make_thread()
    for minutes in range(6):
        at = now - timedelta(hours=2, minutes=minutes)
        add_message(thread, at, "hateful", targets=["religion"], text="i Bofors")
    add_message(thread, now - timedelta(hours=2), "neutral", targets=["lgbtq"])
    db.session.commit()
    rollups.refresh_rollups(now)
    kept = db.session.get(SuppressionSnapshot, "messages:target").cells

    add_message(thread, now - timedelta(minutes=30), "neutral")  # no target, no place
    db.session.commit()
    rollups.refresh_rollups(now + timedelta(minutes=1))
    token = versions()["messages"]
    for family in cubes.MESSAGE_FAMILIES:
        assert db.session.get(SuppressionSnapshot, f"messages:{family}").token == token
    target = db.session.get(SuppressionSnapshot, "messages:target")
    assert target.cells == kept  # taken over, not computed again ...
    cubes.clear_cache()
    cube = cubes.protected("messages", "target").cube
    assert cubes.protected("messages", "target").suppressed == cubes._compute(
        "messages", "target", cube
    )  # ... and still what a computation gives

    add_message(thread, now - timedelta(minutes=20), "hateful", targets=["religion"])
    db.session.commit()
    rollups.refresh_rollups(now + timedelta(minutes=2))
    religion = db.session.get(MessageDay, (now.date(), "target", "religion"))
    assert religion.messages == 7 and religion.hateful == 7
    assert db.session.get(SuppressionSnapshot, "messages:target").token == versions()["messages"]


def test_an_edit_that_changes_the_place_moves_its_count_after_a_refresh(app: Flask) -> None:
    """Through ingestion, as a scan stores a message and later its edit: the places counted
    are those of the text as it is now, incrementally and in a rebuild."""
    source = Source(name="forum", kind="discourse", config={}, interval_minutes=60)
    db.session.add(source)
    db.session.commit()
    written = utcnow() - timedelta(hours=1)

    def scan(text: str, edited: datetime | None = None) -> None:
        message = FetchedMessage("t", "m", None, "handle", text, written, edited_at=edited)
        ingest_batch(source, [message], pseudonym_key="k" * 32)
        db.session.commit()

    def by_place() -> dict[str, int]:
        rows = db.session.scalars(select(MessageDay).where(MessageDay.dimension == "place"))
        return {row.value: row.messages for row in rows if row.messages}

    scan("Slagsmål vid Bofors igen")
    rollups.refresh_rollups(utcnow())
    assert by_place() == {"Bofors": 1}

    scan("Slagsmål vid Möckeln igen, inte Boforsen", edited=utcnow())
    rollups.refresh_rollups(utcnow() + timedelta(seconds=1))
    assert by_place() == {"Möckeln": 1}
    incremental = snapshot()
    rollups.rebuild(utcnow() + timedelta(seconds=2))
    assert snapshot() == incremental
