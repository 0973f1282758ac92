"""Net-walker store: sources, scan runs, threads and messages, manual net-walk logs.

Authors are stored only as a keyed HMAC pseudonym (see `pseudonyms.py`); raw handles never reach
these tables. Threads carry counters that ingestion keeps incrementally, so nothing needs to
re-read a whole thread to know its size, languages or number of authors.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from netpolarna.db import BigId, TimestampMixin, db, utcnow

SCAN_STATUSES = ("queued", "running", "succeeded", "failed", "missed")


class Source(TimestampMixin, db.Model):  # type: ignore[name-defined]
    """A public place the net-walkers follow, scanned by its connector on its own interval."""

    __tablename__ = "netwalk_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), index=True)
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    interval_minutes: Mapped[int] = mapped_column(default=60)
    enabled: Mapped[bool] = mapped_column(default=True, index=True)
    # The connector's checkpoint, committed together with each stored batch.
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    last_scan_at: Mapped[datetime | None]
    last_status: Mapped[str | None] = mapped_column(String(16))
    last_error: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    next_retry_at: Mapped[datetime | None]
    # One scan per source at a time, across processes: a lease claimed with a conditional UPDATE.
    scan_lease_until: Mapped[datetime | None]


class ScanRun(db.Model):  # type: ignore[name-defined]
    """One scan of one source: queued by the API, run by the scheduler or the CLI."""

    __tablename__ = "netwalk_scan_runs"
    __table_args__ = (Index("ix_netwalk_scan_runs_source_id_id", "source_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("netwalk_sources.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), index=True)
    trigger: Mapped[str] = mapped_column(String(16))  # api | schedule | retry | cli | demo
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    fetched: Mapped[int] = mapped_column(default=0)
    new: Mapped[int] = mapped_column(default=0)
    duplicate: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)  # edits applied in place
    failed: Mapped[int] = mapped_column(default=0)
    batches: Mapped[int] = mapped_column(default=0)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    duration_ms: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    # Short reasons for lines or posts that could not be read (never their text).
    failures: Mapped[list[str]] = mapped_column(JSON, default=list)


class Thread(db.Model):  # type: ignore[name-defined]
    """A conversation on a source, built up incrementally as its messages arrive."""

    __tablename__ = "netwalk_threads"
    __table_args__ = (UniqueConstraint("source_id", "source_thread_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed through the unique (source_id, source_thread_id) constraint.
    source_id: Mapped[int] = mapped_column(ForeignKey("netwalk_sources.id", ondelete="CASCADE"))
    source_thread_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2048))
    message_count: Mapped[int] = mapped_column(default=0)
    author_count: Mapped[int] = mapped_column(default=0)
    reply_count: Mapped[int] = mapped_column(default=0)
    max_depth: Mapped[int] = mapped_column(default=0)
    first_message_at: Mapped[datetime | None]
    last_message_at: Mapped[datetime | None] = mapped_column(index=True)
    lang_counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Kept by the classifier and conflict detector (next issue); ingestion marks new content.
    scored_count: Mapped[int] = mapped_column(default=0)
    hostile_count: Mapped[int] = mapped_column(default=0)
    threat_count: Mapped[int] = mapped_column(default=0)
    counter_speech_count: Mapped[int] = mapped_column(default=0)
    escalation_score: Mapped[float | None] = mapped_column(Float)
    escalation_scored_at: Mapped[datetime | None]
    needs_rescore: Mapped[bool] = mapped_column(default=True, index=True)
    retained: Mapped[bool] = mapped_column(default=False)  # part of a flag: never purged


class Message(db.Model):  # type: ignore[name-defined]
    """One public message, its author pseudonymised, placed in its thread's reply tree."""

    __tablename__ = "netwalk_messages"
    __table_args__ = (
        UniqueConstraint("source_id", "message_id"),
        UniqueConstraint("thread_id", "content_hash"),
        Index("ix_netwalk_messages_thread_id_reply_path", "thread_id", "reply_path", "id"),
        # parent_id leads: with source_id first, PostgreSQL's planner (on stale statistics during
        # a big first scan) picks it over the unique (source_id, message_id) index for id lookups.
        Index("ix_netwalk_messages_parent_id_source_id", "parent_id", "source_id"),
        Index("ix_netwalk_messages_thread_id_author_pseudonym", "thread_id", "author_pseudonym"),
        Index("ix_netwalk_messages_ingested_at", "ingested_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("netwalk_sources.id", ondelete="CASCADE"))
    thread_id: Mapped[int] = mapped_column(ForeignKey("netwalk_threads.id", ondelete="CASCADE"))
    message_id: Mapped[str] = mapped_column(String(255))  # the platform's id
    parent_id: Mapped[str | None] = mapped_column(String(255))  # the platform's id of the parent
    parent_message_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("netwalk_messages.id", ondelete="SET NULL")
    )
    depth: Mapped[int] = mapped_column(default=0)
    # Sortable materialised path: ordering by it gives each reply right under its parent.
    reply_path: Mapped[str] = mapped_column(String(1024))
    author_pseudonym: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8))
    url: Mapped[str | None] = mapped_column(String(2048))
    created_at: Mapped[datetime]
    edited_at: Mapped[datetime | None]
    ingested_at: Mapped[datetime] = mapped_column(default=utcnow)
    retained: Mapped[bool] = mapped_column(default=False)  # part of a flag: never purged
    # Filled by the classifier (next issue); null until scored.
    label: Mapped[str | None] = mapped_column(String(16))
    score: Mapped[float | None] = mapped_column(Float)
    threat: Mapped[float | None] = mapped_column(Float)
    targets: Mapped[list[str] | None] = mapped_column(JSON)
    model_version: Mapped[str | None] = mapped_column(String(64))
    scored_at: Mapped[datetime | None]
    # The gazetteer places its text names (canonical names, each once), decided by ingestion
    # with the text and kept with it on every edit, so analytics counts them in SQL as it counts
    # `targets`. [] when it names none; null only for a row stored without ingestion deciding.
    places: Mapped[list[str] | None] = mapped_column(JSON)


class NetwalkLog(TimestampMixin, db.Model):  # type: ignore[name-defined]
    """A manual net-walk session recorded by a staff member."""

    __tablename__ = "netwalk_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    platforms: Mapped[list[str]] = mapped_column(JSON, default=list)
    started_at: Mapped[datetime] = mapped_column(index=True)
    ended_at: Mapped[datetime | None]
    observations: Mapped[str] = mapped_column(Text, default="")
    thread_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
