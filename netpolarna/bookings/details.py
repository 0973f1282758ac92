"""A booking with the rows an answer about it shows, read in one place: the services return it,
`booking_schemas.booking_view` turns it into JSON (so the schemas need nothing of the services)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from netpolarna.bookings.conflicts import Verdict
from netpolarna.bookings.models import Booking, BookingEvent, Feedback, Offering, School
from netpolarna.db import db


@dataclass(frozen=True)
class BookingDetails:
    """`checks` only on a new request: how each preferred slot was judged."""

    booking: Booking
    offering: Offering
    school: School
    history: list[BookingEvent]
    feedback: Feedback | None
    checks: list[Verdict] | None = None


def parts(booking: Booking) -> tuple[Offering, School]:
    offering = db.session.get(Offering, booking.offering_id)
    school = db.session.get(School, booking.school_id)
    assert offering is not None and school is not None
    return offering, school


def details(booking: Booking, *, checks: list[Verdict] | None = None) -> BookingDetails:
    offering, school = parts(booking)
    history = db.session.scalars(
        select(BookingEvent)
        .where(BookingEvent.booking_id == booking.id)
        .order_by(BookingEvent.at, BookingEvent.id)
    )
    feedback = db.session.get(Feedback, booking.id)
    return BookingDetails(booking, offering, school, list(history), feedback, checks)
