"""Triage: one flag per escalating thread, what staff did about it, and staff message labels."""

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

from netpolarna.db import BigId, db, utcnow
from netpolarna.netwalk import models as _netwalk_models  # noqa: F401  (threads, messages)
from netpolarna.reports import models as _report_models  # noqa: F401  (reports table)

FLAG_STATUSES = ("new", "in_review", "action_taken", "closed", "false_alarm")
OPEN_STATUSES = ("new", "in_review", "action_taken")
CLOSED_STATUSES = ("closed", "false_alarm")
ACTION_KINDS = (
    "contacted_school",
    "reported_to_platform",
    "counter_speech_posted",
    "referred_social_services",
    "referred_police",
    "no_action",
)


class Flag(db.Model):  # type: ignore[name-defined]
    """An escalating thread in the net-walkers' queue. `version` is the ETag for If-Match."""

    __tablename__ = "flags"
    __table_args__ = (
        Index("ix_flags_queue", "danger", "severity_rank", "first_seen_at", "id"),
        Index("ix_flags_assignee_id_status", "assignee_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("netwalk_threads.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    severity: Mapped[str] = mapped_column(String(16))
    severity_rank: Mapped[int] = mapped_column(default=0)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    # 1 is most urgent: a linked youth report in danger, or a critical thread.
    priority: Mapped[int] = mapped_column(default=4)
    danger: Mapped[bool] = mapped_column(default=False)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    evidence_message_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # Normalised links of the thread and its evidence, to match youth reports.
    urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None]
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_escalated_at: Mapped[datetime] = mapped_column(default=utcnow)
    response_due_at: Mapped[datetime]
    # First claim or action since the flag (re-)entered the queue.
    responded_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    closed_level: Mapped[str | None] = mapped_column(String(16))
    closed_score: Mapped[float | None] = mapped_column(Float)
    reopened_count: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class FlagAction(db.Model):  # type: ignore[name-defined]
    __tablename__ = "flag_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class FlagNote(db.Model):  # type: ignore[name-defined]
    __tablename__ = "flag_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class FlagReportLink(db.Model):  # type: ignore[name-defined]
    """A youth report that concerns the same thread or link as a flag."""

    __tablename__ = "flag_report_links"
    __table_args__ = (UniqueConstraint("flag_id", "report_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id", ondelete="CASCADE"))
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    matched_by: Mapped[str] = mapped_column(String(16))  # url | manual
    url: Mapped[str | None] = mapped_column(String(2048))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MessageLabel(db.Model):  # type: ignore[name-defined]
    """A staff member's label of a scanned message; the newest per message trains the model."""

    __tablename__ = "message_labels"
    __table_args__ = (Index("ix_message_labels_message_id_id", "message_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("netwalk_messages.id", ondelete="CASCADE")
    )
    label: Mapped[str] = mapped_column(String(16))
    threat: Mapped[bool] = mapped_column(default=False)
    targets: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(16), default="staff")  # staff | false_alarm
    flag_id: Mapped[int | None] = mapped_column(ForeignKey("flags.id", ondelete="SET NULL"))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
