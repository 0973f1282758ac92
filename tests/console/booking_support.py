"""A school's booking request for the console tests: one preferred time free, one too soon."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from netpolarna.bookings import lifecycle, offerings, schools
from netpolarna.db import utcnow

ZONE = ZoneInfo("Europe/Stockholm")


def free_weekday(weeks_ahead: int = 6) -> date:
    """A Tuesday `weeks_ahead` weeks on, away from public holidays."""
    today = utcnow().astimezone(ZONE).date()
    public = holidays.country_holidays("SE", years=range(today.year, today.year + 2))
    day = today + timedelta(weeks=weeks_ahead)
    day += timedelta(days=(1 - day.weekday()) % 7)
    while any(d in public for d in (day - timedelta(days=1), day, day + timedelta(days=1))):
        day += timedelta(weeks=1)
    return day


def at(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), ZONE)


def booking_request(actor: Any) -> dict[str, Any]:
    """A workshop request from Bergskolan, made through the bookings service."""
    workshop = offerings.create_offering(
        kind="workshop",
        title={"sv": "Workshop: Schyst på nätet", "en": "Workshop: Fair online"},
        description={"sv": "Om drev och troll."},
        session_minutes=90,
        days=1,
        staff_needed=1,
        grades=[7, 8, 9],
        max_participants=60,
        languages=["sv"],
        min_notice_days=7,
        published=True,
    )
    school = schools.create_school(
        name="Bergskolan", municipality="Karlskoga", grades=[7, 8, 9], travel_minutes=30
    )
    day = free_weekday()
    too_soon = at(utcnow().astimezone(ZONE).date() + timedelta(days=2), "09:00")
    created = lifecycle.create_booking(
        actor,
        offering_id=workshop.id,
        school_id=school.id,
        preferred_slots=[at(day, "09:00"), too_soon],
        grade=8,
        participants=25,
        notes="Två klasser",
    )
    return {"id": created.booking.id, "free": at(day, "09:00"), "too_soon": too_soon, "day": day}
