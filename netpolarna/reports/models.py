"""Youth reports, their conversation, staff notes, status history and evidence files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netpolarna.db import TimestampMixin, db, utcnow


class Report(TimestampMixin, db.Model):  # type: ignore[name-defined]
    """A report. After the reporter erases their account it stays, de-linked, for statistics."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_triage", "priority", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_code: Mapped[str] = mapped_column(String(9), unique=True)
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    category: Mapped[str] = mapped_column(String(32), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    links: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    affected: Mapped[str] = mapped_column(String(16))
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    occurred_at: Mapped[datetime | None]
    in_danger: Mapped[bool] = mapped_column(default=False, index=True)
    # 1 is most urgent; triage sorts ascending.
    priority: Mapped[int] = mapped_column(default=3)
    status: Mapped[str] = mapped_column(String(16), default="received", index=True)
    outcome: Mapped[str | None] = mapped_column(String(32))
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    locale: Mapped[str] = mapped_column(String(5), default="sv")
    closed_at: Mapped[datetime | None] = mapped_column(index=True)
    reporter_erased_at: Mapped[datetime | None]
    # Unread counts: messages from the other side with a higher id than the last one read.
    reporter_read_message_id: Mapped[int] = mapped_column(default=0)
    staff_read_message_id: Mapped[int] = mapped_column(default=0)

    history: Mapped[list[StatusChange]] = relationship(
        order_by="StatusChange.id", cascade="all, delete-orphan", passive_deletes=True
    )


class StatusChange(db.Model):  # type: ignore[name-defined]
    __tablename__ = "report_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(32))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ReportMessage(db.Model):  # type: ignore[name-defined]
    """One message of the conversation; `side` says who wrote it, never which person."""

    __tablename__ = "report_messages"
    __table_args__ = (Index("ix_report_messages_report_side", "report_id", "side", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(8))  # reporter | staff
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InternalNote(db.Model):  # type: ignore[name-defined]
    """Staff-only notes on a report; the reporter never sees them."""

    __tablename__ = "report_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Evidence(db.Model):  # type: ignore[name-defined]
    """A screenshot's metadata. The bytes live on disk under UPLOAD_DIR, named by their hash."""

    __tablename__ = "report_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content_type: Mapped[str] = mapped_column(String(32))
    size_bytes: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when retention removed the file; the row says evidence existed.
    removed_at: Mapped[datetime | None]
