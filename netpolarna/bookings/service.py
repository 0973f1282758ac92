"""Theme-week rules: only published weeks that have not ended are shown to the public."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from netpolarna.accounts.models import User
from netpolarna.audit import service as audit
from netpolarna.bookings import slots
from netpolarna.bookings.models import Booking, Offering, ThemeWeek
from netpolarna.db import commit, db, utcnow


def local_today() -> date:
    return utcnow().astimezone(ZoneInfo(current_app.config["TIMEZONE"])).date()


def upcoming_theme_weeks(today: date, *, limit: int = 50) -> list[ThemeWeek]:
    return list(
        db.session.scalars(
            select(ThemeWeek)
            .where(ThemeWeek.published.is_(True), ThemeWeek.ends_on >= today)
            .order_by(ThemeWeek.starts_on, ThemeWeek.id)
            .limit(limit)
        )
    )


@dataclass(frozen=True, slots=True)
class BookedWeek:
    """A confirmed theme-week booking the school agreed to show, on its local dates."""

    booking: Booking
    offering: Offering
    starts_on: date
    ends_on: date


def public_theme_weeks(today: date, *, limit: int = 50) -> list[ThemeWeek | BookedWeek]:
    """Announced weeks beside confirmed theme-week bookings whose school agreed to show them,
    soonest first (`schemas.public_week_view` shows only the offering and the dates of a
    booking: no school, no contact)."""
    announced: list[ThemeWeek | BookedWeek] = list(upcoming_theme_weeks(today, limit=limit))
    rows = db.session.execute(
        select(Booking, Offering)
        .join(Offering, Offering.id == Booking.offering_id)
        .where(
            Offering.kind == "theme_week",
            Booking.status.in_(("confirmed", "delivered")),
            Booking.show_publicly.is_(True),
            Booking.ends_at.is_not(None),
        )
        .order_by(Booking.starts_at, Booking.id)
        .limit(limit * 4)
    ).tuples()
    booked: list[ThemeWeek | BookedWeek] = []
    for booking, offering in rows:
        assert booking.starts_at is not None and booking.ends_at is not None
        ends_on = slots.local_date(booking.ends_at)
        if ends_on >= today:
            starts_on = slots.local_date(booking.starts_at)
            booked.append(BookedWeek(booking, offering, starts_on, ends_on))
    return sorted(announced + booked, key=_week_order)[:limit]


def _week_order(week: ThemeWeek | BookedWeek) -> tuple[date, int, int]:
    """Soonest first; on the same day announced weeks before bookings, then by id."""
    if isinstance(week, BookedWeek):
        return week.starts_on, 1, week.booking.id
    return week.starts_on, 0, week.id


def create_theme_week(actor: User | None, **fields: object) -> ThemeWeek:
    week = ThemeWeek(**fields, created_by_id=actor.id if actor else None)
    db.session.add(week)
    db.session.flush()
    if actor is not None:
        audit.actor_did(actor, "theme_week.create", "theme_week", week.id)
    commit()
    return week
