"""Rollup tables of the digital city map: counts only, never a person, a message or its text.

Messages roll up per UTC day of scanning (`ingested_at`) and per dimension value; flags per day
they were first seen; youth reports per month (they are never shown below a month). `dimension`
is one of `DIMENSIONS` of its table and `value` its value ("" for the whole municipality).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from netpolarna.db import db, utcnow

MESSAGE_METRICS = (
    "messages",
    "hateful",
    "offensive",
    "neutral",
    "counter_speech",
    "unscored",
    "threats",
)
LABELS = ("hateful", "offensive", "neutral", "counter_speech", "unscored")
FLAG_METRICS = ("raised", "responded", "responded_in_target", "closed")
REPORT_METRICS = ("reports",)


class MessageDay(db.Model):  # type: ignore[name-defined]
    __tablename__ = "analytics_message_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(120), primary_key=True)
    messages: Mapped[int] = mapped_column(default=0)
    hateful: Mapped[int] = mapped_column(default=0)
    offensive: Mapped[int] = mapped_column(default=0)
    neutral: Mapped[int] = mapped_column(default=0)
    counter_speech: Mapped[int] = mapped_column(default=0)
    unscored: Mapped[int] = mapped_column(default=0)
    threats: Mapped[int] = mapped_column(default=0)


class FlagDay(db.Model):  # type: ignore[name-defined]
    __tablename__ = "analytics_flag_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(120), primary_key=True)
    raised: Mapped[int] = mapped_column(default=0)
    responded: Mapped[int] = mapped_column(default=0)
    responded_in_target: Mapped[int] = mapped_column(default=0)
    closed: Mapped[int] = mapped_column(default=0)
    # Counts of flags per duration bucket (`durations.BUCKET_MINUTES`), never single durations.
    first_action_buckets: Mapped[list[int]] = mapped_column(JSON, default=list)
    close_buckets: Mapped[list[int]] = mapped_column(JSON, default=list)


class ReportMonth(db.Model):  # type: ignore[name-defined]
    __tablename__ = "analytics_report_months"

    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the first of the month
    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(120), primary_key=True)
    reports: Mapped[int] = mapped_column(default=0)


class RollupState(db.Model):  # type: ignore[name-defined]
    """Where incremental maintenance stands: one row per rollup family."""

    __tablename__ = "analytics_rollup_state"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    # Messages: the highest id already added to the day rollups.
    watermark: Mapped[int] = mapped_column(BigInteger, default=0)
    # Flags and reports: a fingerprint of the source table when last rolled up.
    fingerprint: Mapped[str] = mapped_column(String(128), default="")
    last_run_at: Mapped[datetime | None]
    # Bumped on every change, so cached suppression patterns know they are stale.
    version: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SuppressionSnapshot(db.Model):  # type: ignore[name-defined]
    """A family's suppressed cells, computed by the rollup job in the same transaction as the
    rollups they belong to (`token`), so that requests never compute them."""

    __tablename__ = "analytics_suppression_snapshots"

    name: Mapped[str] = mapped_column(String(48), primary_key=True)  # "<table>:<family>"
    token: Mapped[str] = mapped_column(String(200))
    cells: Mapped[bytes] = mapped_column(LargeBinary)  # zlib-compressed JSON
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
