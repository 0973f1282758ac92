"""A small world for booking tests: offerings, schools with contacts, staff; and times."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from netpolarna.bookings import offerings, schools
from netpolarna.bookings.models import Offering, School, SchoolContact
from netpolarna.db import db, utcnow

ZONE = ZoneInfo("Europe/Stockholm")
SE = holidays.country_holidays("SE", years=range(utcnow().year, utcnow().year + 3))


def at(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), ZONE)


def iso(day: date, hhmm: str) -> str:
    return at(day, hhmm).isoformat()


def free_weekday(weeks_ahead: int = 6, weekday: int = 1) -> date:
    """A weekday `weeks_ahead` weeks on that is not a public holiday, nor next to one."""
    today = utcnow().astimezone(ZONE).date()
    day = today + timedelta(weeks=weeks_ahead)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    while any(d in SE for d in (day - timedelta(days=1), day, day + timedelta(days=1))):
        day += timedelta(weeks=1)
    return day


def next_weekday_holiday(after_days: int = 20) -> date:
    today = utcnow().astimezone(ZONE).date()
    return min(d for d in SE if d > today + timedelta(days=after_days) and d.weekday() < 5)


@dataclass
class World:
    workshop: Offering
    theme_week: Offering
    school: School
    other_school: School
    contact: Any
    other_contact: Any
    staff: list[Any]
    admin: Any
    extra: dict[str, Any] = field(default_factory=dict)


def build_world(make_actor: Callable[..., Any], staff_count: int = 3) -> World:
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
    theme_week = offerings.create_offering(
        kind="theme_week",
        title={"sv": "Temavecka: Kritik eller hat?"},
        description={"sv": "En vecka."},
        session_minutes=120,
        days=5,
        staff_needed=1,
        grades=[7, 8, 9],
        max_participants=200,
        languages=["sv"],
        min_notice_days=14,
        published=True,
    )
    school = schools.create_school(
        name="Bergskolan", municipality="Karlskoga", grades=[7, 8, 9], travel_minutes=30
    )
    other = schools.create_school(
        name="Sjöskolan", municipality="Karlskoga", grades=[7, 8, 9], travel_minutes=15
    )
    contact = make_actor("school", email="rektor@bergskolan.example", locale="sv")
    other_contact = make_actor("school", email="rektor@sjoskolan.example", locale="en")
    db.session.add(SchoolContact(user_id=contact.user.id, school_id=school.id))
    db.session.add(SchoolContact(user_id=other_contact.user.id, school_id=other.id))
    db.session.commit()
    staff = [
        make_actor("netwalker", display_name=name, email=f"{name.lower()}@staff.example")
        for name in ("Anna", "Bilal", "Carla")[:staff_count]
    ]
    admin = make_actor("admin")
    return World(workshop, theme_week, school, other, contact, other_contact, staff, admin)


def request_booking(client: Any, world: World, slots: list[str], **extra: Any) -> Any:
    body = {
        "offering_id": world.workshop.id,
        "school_id": world.school.id,
        "preferred_slots": [{"start": s} for s in slots],
        "grade": 8,
        "participants": 25,
        "notes": "Two classes",
        **extra,
    }
    return client.post("/api/v1/bookings", json=body, headers=world.contact.headers)
