"""iCalendar (RFC 5545) events of bookings, and the secret feeds of staff and schools."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import icalendar
from flask import current_app
from sqlalchemy import select

from netpolarna.bookings import slots
from netpolarna.bookings.models import Booking, Offering, School, StaffProfile
from netpolarna.bookings.offerings import localised
from netpolarna.db import db, utcnow
from netpolarna.errors import NotFound

PRODID = "-//Nätpolarna//bookings//SV"
SHOWN = ("confirmed", "delivered", "cancelled")
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]


def base_url() -> str:
    return str(current_app.config["PUBLIC_BASE_URL"])


def feed_url(token: str) -> str:
    return f"{base_url()}/api/v1/calendars/{token}.ics"


def uid(booking: Booking) -> str:
    return f"booking-{booking.id}@netpolarna"


def booking_event(booking: Booking, offering: Offering, school: School, locale: str) -> Any:
    """One VEVENT: the first session, repeated on weekdays for a theme week of several days."""
    assert booking.starts_at is not None
    zone = slots.local_zone()
    event = icalendar.Event()
    event.add("uid", uid(booking))
    event.add("dtstamp", booking.updated_at or utcnow())
    event.add("sequence", booking.sequence)
    start = booking.starts_at.astimezone(zone)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=offering.session_minutes))
    if offering.days > 1:
        event.add("rrule", {"freq": "daily", "count": offering.days, "byday": WEEKDAYS})
    event.add("summary", f"{localised(offering.title, locale)} – {school.name}")
    event.add("location", ", ".join(p for p in (school.name, school.address) if p))
    event.add("description", f"Grade {booking.grade}, {booking.participants} participants.")
    event.add("status", "CANCELLED" if booking.status == "cancelled" else "CONFIRMED")
    event.add("organizer", f"mailto:{current_app.config['BOOKINGS_MAIL_FROM']}")
    return event


def calendar_bytes(events: list[Any], method: str | None = None) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-timezone", current_app.config["TIMEZONE"])
    if method:
        cal.add("method", method)
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def invitation(booking: Booking, method: str, locale: str) -> str:
    """The single-event calendar attached to an e-mail (METHOD:REQUEST or CANCEL)."""
    offering = db.session.get(Offering, booking.offering_id)
    school = db.session.get(School, booking.school_id)
    assert offering is not None and school is not None
    return calendar_bytes([booking_event(booking, offering, school, locale)], method).decode()


def feed(token: str) -> bytes:
    """The feed behind a secret token; an unknown or rotated token is 404."""
    horizon = utcnow() - timedelta(days=400)
    query = (
        select(Booking, Offering, School)
        .join(Offering, Offering.id == Booking.offering_id)
        .join(School, School.id == Booking.school_id)
        .where(
            Booking.status.in_(SHOWN),
            Booking.starts_at.is_not(None),
            Booking.starts_at >= horizon,
        )
        .order_by(Booking.starts_at, Booking.id)
    )
    profile = db.session.scalar(select(StaffProfile).where(StaffProfile.feed_token == token))
    if profile is not None:
        rows = [
            row
            for row in db.session.execute(query).tuples()
            if profile.user_id in (row[0].staff_ids or [])
        ]
        locale = "sv"
    else:
        school = db.session.scalar(select(School).where(School.feed_token == token))
        if school is None:
            raise NotFound(code="calendar_not_found", detail="No calendar at this address.")
        rows = list(db.session.execute(query.where(Booking.school_id == school.id)).tuples())
        locale = "sv"
    return calendar_bytes([booking_event(b, o, s, locale) for b, o, s in rows])
