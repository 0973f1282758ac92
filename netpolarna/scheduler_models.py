"""The scheduler's own tables: the leader lease and the log of job events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from netpolarna.db import db, utcnow


class SchedulerLease(db.Model):  # type: ignore[name-defined]
    """Who runs the scheduler: renewed by heartbeats, taken over once it expires."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(128))
    acquired_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]


class SchedulerEvent(db.Model):  # type: ignore[name-defined]
    """Every job error, missed run and leadership change of the scheduler."""

    __tablename__ = "scheduler_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    job_id: Mapped[str | None] = mapped_column(String(128), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # error | missed | ran | leader | standby
    holder: Mapped[str | None] = mapped_column(String(128))
    scheduled_run_time: Mapped[datetime | None]
    detail: Mapped[str | None] = mapped_column(Text)
