"""Theme weeks, schools, offerings, staff availability, bookings and what hangs off them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    DDL,
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netpolarna.db import TimestampMixin, db, utcnow

KINDS = ("theme_week", "workshop", "lecture", "parents_evening")
STATUSES = ("requested", "confirmed", "declined", "cancelled", "delivered")
HOLIDAY_KINDS = ("sportlov", "påsklov", "höstlov", "jullov", "sommarlov", "other")


class ThemeWeek(TimestampMixin, db.Model):  # type: ignore[name-defined]
    """A theme week staff announce themselves (beside the ones booked by schools)."""

    __tablename__ = "theme_weeks"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[str | None] = mapped_column(String(32))
    starts_on: Mapped[date] = mapped_column(index=True)
    ends_on: Mapped[date] = mapped_column(index=True)
    published: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class School(TimestampMixin, db.Model):  # type: ignore[name-defined]
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    municipality: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    grades: Mapped[list[int]] = mapped_column(JSON, default=list)
    # Travel each way from the staff office: blocked before and after every visit.
    travel_minutes: Mapped[int] = mapped_column(default=0)
    feed_token: Mapped[str] = mapped_column(String(64), unique=True)


class SchoolContact(db.Model):  # type: ignore[name-defined]
    """A `school` account and the one school whose data it may see."""

    __tablename__ = "school_contacts"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)


class Offering(TimestampMixin, db.Model):  # type: ignore[name-defined]
    __tablename__ = "offerings"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[dict[str, str]] = mapped_column(JSON)  # {locale: text}
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    session_minutes: Mapped[int]
    days: Mapped[int] = mapped_column(default=1)  # a theme week: sessions on consecutive weekdays
    staff_needed: Mapped[int] = mapped_column(default=1)
    grades: Mapped[list[int]] = mapped_column(JSON, default=list)
    max_participants: Mapped[int]
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_notice_days: Mapped[int] = mapped_column(default=14)
    published: Mapped[bool] = mapped_column(default=False, index=True)


class StaffProfile(db.Model):  # type: ignore[name-defined]
    """A net-walker's school-visit availability. Staff without a row get the defaults."""

    __tablename__ = "staff_profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # {"0": ["08:00", "16:00"], ...}: local working hours by weekday (Monday 0).
    weekly_hours: Mapped[dict[str, list[str]]] = mapped_column(JSON)
    max_school_days_per_week: Mapped[int] = mapped_column(default=2)
    feed_token: Mapped[str] = mapped_column(String(64), unique=True)


class StaffAbsence(db.Model):  # type: ignore[name-defined]
    __tablename__ = "staff_absences"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(200), default="")


class SchoolHoliday(db.Model):  # type: ignore[name-defined]
    __tablename__ = "school_holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))
    starts_on: Mapped[date] = mapped_column(index=True)
    ends_on: Mapped[date] = mapped_column(index=True)


class Booking(TimestampMixin, db.Model):  # type: ignore[name-defined]
    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    offering_id: Mapped[int] = mapped_column(ForeignKey("offerings.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="requested", index=True)
    preferred_slots: Mapped[list[str]] = mapped_column(JSON)  # ISO 8601 starts
    grade: Mapped[int]
    participants: Mapped[int]
    notes: Mapped[str] = mapped_column(Text, default="")
    show_publicly: Mapped[bool] = mapped_column(default=False)
    starts_at: Mapped[datetime | None] = mapped_column(index=True)
    ends_at: Mapped[datetime | None]
    # Who comes (kept after a cancellation, so their calendars show it cancelled).
    staff_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # iCalendar SEQUENCE: raised on every change a calendar would show.
    sequence: Mapped[int] = mapped_column(default=0)
    delivered_at: Mapped[datetime | None]
    feedback_invited_at: Mapped[datetime | None]


class BookingEvent(db.Model):  # type: ignore[name-defined]
    """The history: who did what to a booking, and when."""

    __tablename__ = "booking_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(24))
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class StaffAssignment(db.Model):  # type: ignore[name-defined]
    """One staff member blocked by one session of a confirmed booking, travel included.

    On PostgreSQL an exclusion constraint forbids two overlapping blocked ranges of the same
    staff member: the database itself refuses a double booking, whatever races above it.
    """

    __tablename__ = "staff_assignments"
    __table_args__ = (
        CheckConstraint("blocked_until > blocked_from", name="blocked_range"),
        ExcludeConstraint(
            ("staff_id", "="),
            (text("tstzrange(blocked_from, blocked_until, '[)')"), "&&"),
            name="staff_assignments_no_overlap",
            using="gist",
        ).ddl_if(dialect="postgresql"),
        Index("ix_staff_assignments_staff_id_blocked_from", "staff_id", "blocked_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), index=True
    )
    staff_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    session_starts_at: Mapped[datetime]
    session_ends_at: Mapped[datetime]
    blocked_from: Mapped[datetime]
    blocked_until: Mapped[datetime]


# The exclusion constraint needs btree_gist for `staff_id WITH =` (tests build with create_all).
event.listen(
    StaffAssignment.__table__,
    "before_create",
    DDL("CREATE EXTENSION IF NOT EXISTS btree_gist").execute_if(dialect="postgresql"),
)


class Feedback(db.Model):  # type: ignore[name-defined]
    __tablename__ = "booking_feedback"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)

    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), primary_key=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rating: Mapped[int]
    pupils_reached: Mapped[int | None]
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxMail(db.Model):  # type: ignore[name-defined]
    """An e-mail written in the same transaction as the change it tells about; sent later."""

    __tablename__ = "mail_outbox"
    __table_args__ = (UniqueConstraint("dedupe_key", name="uq_mail_outbox_dedupe_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    ics: Mapped[str | None] = mapped_column(Text)
    ics_method: Mapped[str | None] = mapped_column(String(16))
    dedupe_key: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
