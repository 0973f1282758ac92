"""Theme weeks, workshops, lectures and parents' evenings delivered.

`deliveries()` is the one place analytics learns what was delivered: the bookings schools made
that reached status `delivered` (kind from the offering; pupils reached and rating from the
school's feedback, where given), and the theme weeks staff announce themselves beside the booked
ones (published, over before today; these record neither pupils nor feedback).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from netpolarna.bookings.models import Booking, Feedback, Offering, ThemeWeek
from netpolarna.db import db

__all__ = ["Delivery", "ThemeWeek", "deliveries"]


@dataclass(frozen=True)
class Delivery:
    kind: str  # theme_week | workshop | lecture | parents_evening
    delivered_on: date  # UTC day the session (or the theme week) ended
    pupils: int | None  # from the school's feedback; None where not given
    feedback_score: float | None  # 1-5, the school's rating; None where not given
    booked: bool  # False: a theme week staff announced themselves


def deliveries(start: date, end: date, today: date) -> list[Delivery]:
    """Sessions delivered with their last day in [start, end] and before `today`."""
    last = min(end, today - timedelta(days=1))
    if last < start:
        return []
    since = datetime.combine(start, time.min, UTC)
    until = datetime.combine(last + timedelta(days=1), time.min, UTC)
    booked = db.session.execute(
        select(Booking.ends_at, Offering.kind, Feedback.pupils_reached, Feedback.rating)
        .join(Offering, Offering.id == Booking.offering_id)
        .outerjoin(Feedback, Feedback.booking_id == Booking.id)
        .where(
            Booking.status == "delivered",
            Booking.ends_at >= since,
            Booking.ends_at < until,
        )
    )
    found = [
        Delivery(
            kind,
            ends_at.astimezone(UTC).date(),
            pupils,
            None if rating is None else float(rating),
            True,
        )
        for ends_at, kind, pupils, rating in booked
    ]
    announced = db.session.scalars(
        select(ThemeWeek.ends_on).where(
            ThemeWeek.published.is_(True),
            ThemeWeek.ends_on >= start,
            ThemeWeek.ends_on <= last,
        )
    )
    found += [Delivery("theme_week", ends_on, None, None, False) for ends_on in announced]
    return found
