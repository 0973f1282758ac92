"""Per-thread running state of the conflict detector (`thread_conflict_states`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from netpolarna.db import db, utcnow


class ThreadConflictState(db.Model):  # type: ignore[name-defined]
    """One row per scored thread: the bounded `ConflictState` as JSON and its last assessment."""

    __tablename__ = "thread_conflict_states"

    thread_id: Mapped[int] = mapped_column(
        ForeignKey("netwalk_threads.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    severity: Mapped[str] = mapped_column(String(16), default="none")
    model_version: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
