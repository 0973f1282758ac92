"""Demo bookings: what Nätpolarna offers, the three staff's hours, eight schools of the
municipality, this school year's holidays and a term of bookings in every state."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from netpolarna.accounts.models import User
from netpolarna.bookings import lifecycle, offerings, schools, slots
from netpolarna.bookings.availability import free_slots
from netpolarna.bookings.conflicts import Request
from netpolarna.bookings.models import (
    Booking,
    BookingEvent,
    Feedback,
    School,
    SchoolHoliday,
    StaffAbsence,
    StaffProfile,
)
from netpolarna.bookings.service import local_today
from netpolarna.db import db, utcnow
from netpolarna.demo import demo_loader

DEMO_SCHOOL = "Demoskolan 7-9"
SCHOOLS = [
    (DEMO_SCHOOL, "Skolgatan 1", [7, 8, 9], 10),
    ("Karlbergsskolan", "Karlbergsvägen 12", [7, 8, 9], 10),
    ("Stråningstorpsskolan", "Stråningstorpsvägen 3", [4, 5, 6, 7, 8, 9], 15),
    ("Bregårdsskolan", "Bregårdsvägen 20", [1, 2, 3, 4, 5, 6], 15),
    ("Aggerudsskolan", "Aggerudsvägen 5", [4, 5, 6], 20),
    ("Sannerudsskolan", "Sannerudsvägen 8", [1, 2, 3, 4, 5, 6], 20),
    ("Rävåsskolan", "Rävåsvägen 2", [4, 5, 6, 7, 8, 9], 25),
    ("Nobelgymnasiet", "Nobelvägen 40", [10, 11, 12], 10),
]
OFFERINGS: list[dict[str, Any]] = [
    {
        "kind": "theme_week",
        "title": {"sv": "Temavecka: Schyst på nätet", "en": "Theme week: Fair online"},
        "description": {
            "sv": "En vecka om drev, troll och hur man säger emot utan att hänga ut någon.",
            "en": "A week on pile-ons, trolls and speaking up without shaming anyone.",
        },
        "session_minutes": 120,
        "days": 5,
        "staff_needed": 2,
        "grades": [7, 8, 9],
        "max_participants": 150,
        "min_notice_days": 21,
    },
    {
        "kind": "workshop",
        "title": {"sv": "Workshop: Kritik eller hat?", "en": "Workshop: Critique or hate?"},
        "description": {"sv": "Var går gränsen, och vad säger lagen?"},
        "session_minutes": 90,
        "days": 1,
        "staff_needed": 1,
        "grades": [7, 8, 9, 10, 11, 12],
        "max_participants": 30,
        "min_notice_days": 10,
    },
    {
        "kind": "lecture",
        "title": {"sv": "Föreläsning: Stötta en kompis", "en": "Lecture: Supporting a friend"},
        "description": {"sv": "Så märker du att någon blir utsatt, och vad du kan göra."},
        "session_minutes": 60,
        "days": 1,
        "staff_needed": 1,
        "grades": [4, 5, 6, 7, 8, 9],
        "max_participants": 120,
        "min_notice_days": 10,
    },
    {
        "kind": "parents_evening",
        "title": {"sv": "Föräldrakväll: Barnen och nätet", "en": "Parents' evening"},
        "description": {"sv": "För vårdnadshavare: vad barnen möter på nätet."},
        "session_minutes": 90,
        "days": 1,
        "staff_needed": 1,
        "grades": [],
        "max_participants": 200,
        "min_notice_days": 14,
    },
]
STAFF_HOURS = {
    "anna@demo.natpolarna.se": ({str(d): ["08:00", "16:30"] for d in range(4)}, 2),
    "bilal@demo.natpolarna.se": ({str(d): ["09:00", "17:00"] for d in range(1, 5)}, 2),
    "carla@demo.natpolarna.se": (
        {**{str(d): ["08:00", "15:00"] for d in range(5)}, "2": ["08:00", "20:00"]},
        3,
    ),
}


def _holidays(today: date) -> list[tuple[str, str, date, date]]:
    """Typical Swedish school holidays of the school year around `today`."""
    year = today.year if today.month >= 7 else today.year - 1

    def week(y: int, number: int) -> tuple[date, date]:
        monday = date.fromisocalendar(y, number, 1)
        return monday, monday + timedelta(days=4)

    return [
        ("Höstlov", "höstlov", *week(year, 44)),
        ("Jullov", "jullov", date(year, 12, 22), date(year + 1, 1, 9)),
        ("Sportlov", "sportlov", *week(year + 1, 9)),
        ("Påsklov", "påsklov", *week(year + 1, 15)),
        ("Sommarlov", "sommarlov", date(year + 1, 6, 12), date(year + 1, 8, 17)),
    ]


@demo_loader("bookings")
def load_demo_bookings() -> list[str]:
    if db.session.scalar(select(School.id).where(School.name == DEMO_SCHOOL)):
        return [
            "Bookings: demo data already loaded; school login "
            f"skola@demo.natpolarna.se ({DEMO_SCHOOL})."
        ]
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.is_not(None)))}
    made_schools = [
        schools.create_school(
            name=name,
            municipality="Karlskoga",
            address=address,
            grades=grades,
            travel_minutes=travel,
        )
        for name, address, grades, travel in SCHOOLS
    ]
    contact = users.get("skola@demo.natpolarna.se")
    if contact is not None:
        schools.link_contact(contact, made_schools[0])
    made_offerings = [
        offerings.create_offering(**o, languages=["sv", "en"], published=True) for o in OFFERINGS
    ]
    for email, (hours, cap) in STAFF_HOURS.items():
        staff = users.get(email)
        if staff is not None and db.session.get(StaffProfile, staff.id) is None:
            db.session.add(
                StaffProfile(
                    user_id=staff.id,
                    weekly_hours=hours,
                    max_school_days_per_week=cap,
                    feed_token=schools.new_feed_token(),
                )
            )
    today = local_today()
    carla = users.get("carla@demo.natpolarna.se")
    if carla is not None:
        monday = today + timedelta(days=21 - today.weekday())
        zone = slots.local_zone()
        db.session.add(
            StaffAbsence(
                staff_id=carla.id,
                starts_at=datetime.combine(monday, time(0), zone).astimezone(UTC),
                ends_at=datetime.combine(monday + timedelta(days=3), time(0), zone).astimezone(UTC),
                reason="Utbildning",
            )
        )
    for name, kind, starts_on, ends_on in _holidays(today):
        db.session.add(SchoolHoliday(name=name, kind=kind, starts_on=starts_on, ends_on=ends_on))
    db.session.commit()
    counts = _demo_bookings(made_schools, made_offerings, users.get("admin@demo.natpolarna.se"))
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    lines = [f"Bookings: 8 schools, 4 offerings, staff hours and caps; bookings: {summary}."]
    if contact is not None:
        lines.append(f"  school    {contact.email}  ({DEMO_SCHOOL}; password as above)")
    return lines


def _demo_bookings(made_schools: list[School], made_offerings: list[Any], admin: Any) -> dict:
    """Upcoming bookings through the real services (so no rule is broken); past ones, which no
    service would accept, written as they would have ended up."""
    counts: dict[str, int] = {}
    now = utcnow()
    plan = [
        # (school index, offering index, weeks ahead, final status)
        (0, 1, 3, "confirmed"),
        (0, 2, 5, "requested"),
        (1, 0, 6, "confirmed"),
        (2, 1, 4, "confirmed"),
        (3, 2, 7, "requested"),
        (4, 3, 5, "declined"),
        (5, 1, 8, "cancelled"),
        (6, 2, 9, "confirmed"),
        (7, 1, 10, "requested"),
    ]
    for school_index, offering_index, weeks, status in plan:
        school, offering = made_schools[school_index], made_offerings[offering_index]
        grade = min(offering.grades) if offering.grades else (school.grades or [7])[0]
        request = Request(offering, school, grade, min(25, offering.max_participants))
        start = now + timedelta(weeks=weeks)
        found = free_slots(request, start, start + timedelta(weeks=3), now=now, limit=1)
        if not found or admin is None:
            continue
        slot = found[0]["start"]
        created = lifecycle.create_booking(
            admin,
            offering_id=offering.id,
            school_id=school.id,
            preferred_slots=[slot],
            grade=grade,
            participants=request.participants,
            notes="Demobokning",
            show_publicly=offering.kind == "theme_week",
        )
        if status in ("confirmed", "cancelled"):
            lifecycle.confirm(admin, created.booking.id, slot, None)
        if status == "cancelled":
            lifecycle.cancel(admin, created.booking.id, "Krockar med nationella prov.")
        if status == "declined":
            lifecycle.decline(admin, created.booking.id, "Vi har inga föräldrakvällar den veckan.")
        counts[status] = counts.get(status, 0) + 1
    # Two visits earlier this term, delivered; one has feedback.
    for school_index, weeks_ago, rating in ((0, 3, 5), (2, 6, None)):
        school, offering = made_schools[school_index], made_offerings[1]
        local = slots.local_date(now - timedelta(weeks=weeks_ago))
        local -= timedelta(days=local.weekday() - 1)  # a Tuesday
        start = datetime.combine(local, time(9), slots.local_zone()).astimezone(UTC)
        booking = Booking(
            offering_id=offering.id,
            school_id=school.id,
            status="delivered",
            preferred_slots=[start.isoformat()],
            grade=8,
            participants=26,
            starts_at=start,
            ends_at=start + timedelta(minutes=offering.session_minutes),
            delivered_at=start + timedelta(hours=3),
            feedback_invited_at=start + timedelta(hours=3),
        )
        db.session.add(booking)
        db.session.flush()
        for action in ("requested", "confirmed", "delivered"):
            db.session.add(BookingEvent(booking_id=booking.id, action=action, at=start))
        if rating:
            db.session.add(
                Feedback(
                    booking_id=booking.id,
                    rating=rating,
                    pupils_reached=52,
                    comment="Eleverna pratade om det hela veckan.",
                )
            )
        counts["delivered"] = counts.get("delivered", 0) + 1
    db.session.commit()
    return counts
