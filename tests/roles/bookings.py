"""Role-matrix rows for schools, staff availability, school holidays, offerings, bookings and
calendar feeds. Each role gets its own school (a school actor is its contact), offering and
bookings in each state, so 200 proves access to one's own things."""

from datetime import timedelta
from typing import Any

from netpolarna.accounts import service as accounts
from netpolarna.bookings import offerings, schools
from netpolarna.bookings.models import (
    Booking,
    SchoolContact,
    SchoolHoliday,
    StaffAbsence,
    StaffAssignment,
)
from netpolarna.db import db, utcnow

ANY = {"anonymous": 200, "youth": 200, "netwalker": 200, "school": 200, "admin": 200}
STAFF = {"anonymous": 401, "youth": 403, "netwalker": 200, "school": 403, "admin": 200}
BOOKERS = {"anonymous": 401, "youth": 403, "netwalker": 200, "school": 200, "admin": 200}
ADMIN = {"anonymous": 401, "youth": 403, "netwalker": 403, "school": 403, "admin": 200}
ROLE_DAY = {"anonymous": 0, "youth": 1, "netwalker": 2, "school": 3, "admin": 4}


def _weekday(weeks: int, offset: int) -> Any:
    day = (utcnow() + timedelta(weeks=weeks)).date()
    day -= timedelta(days=day.weekday())  # a Monday
    return day + timedelta(days=offset)


def _start(role: str, weeks: int = 9) -> Any:
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    return datetime.combine(_weekday(weeks, ROLE_DAY[role]), time(9), ZoneInfo("Europe/Stockholm"))


def prepare(ctx: dict[str, Any]) -> dict[str, Any]:
    role, actor = ctx["role"], ctx["actor"]
    school = schools.create_school(name=f"Skola {role}", grades=[7, 8, 9], travel_minutes=10)
    if role == "school":
        db.session.add(SchoolContact(user_id=actor.user.id, school_id=school.id))
    offering = offerings.create_offering(
        kind="workshop",
        title={"sv": f"Workshop {role}"},
        session_minutes=60,
        grades=[7, 8, 9],
        max_participants=60,
        min_notice_days=0,
        published=True,
    )
    staff = (
        actor.user
        if role == "netwalker"
        else accounts.create_user(
            email=f"staff-{role}@roles.example", role="netwalker", password="x" * 12
        )
    )
    start = _start(role)

    def booking(status: str, at: Any = None) -> Booking:
        row = Booking(
            offering_id=offering.id,
            school_id=school.id,
            status=status,
            preferred_slots=[start.isoformat()],
            grade=8,
            participants=20,
            starts_at=at,
            ends_at=at + timedelta(hours=1) if at else None,
            staff_ids=[staff.id] if at else [],
        )
        db.session.add(row)
        db.session.flush()
        return row

    requested = booking("requested")
    confirmed = booking("confirmed", _start(role, weeks=10))
    assert confirmed.starts_at is not None
    db.session.add(
        StaffAssignment(
            booking_id=confirmed.id,
            staff_id=staff.id,
            session_starts_at=confirmed.starts_at,
            session_ends_at=confirmed.starts_at + timedelta(hours=1),
            blocked_from=confirmed.starts_at - timedelta(minutes=10),
            blocked_until=confirmed.starts_at + timedelta(minutes=70),
        )
    )
    delivered = booking("delivered", utcnow() - timedelta(days=3))
    absence = StaffAbsence(
        staff_id=staff.id,
        starts_at=utcnow() + timedelta(days=100),
        ends_at=utcnow() + timedelta(days=101),
    )
    holiday = SchoolHoliday(
        name="Sportlov",
        kind="sportlov",
        starts_on=_weekday(20, 0),
        ends_on=_weekday(20, 4),
    )
    db.session.add_all([absence, holiday])
    db.session.commit()
    return {
        "school_id": school.id,
        "offering_id": offering.id,
        "staff_id": staff.id,
        "absence_id": absence.id,
        "holiday_id": holiday.id,
        "requested_id": requested.id,
        "confirmed_id": confirmed.id,
        "delivered_id": delivered.id,
        "feed_token": school.feed_token,
        "start": start.isoformat(),
        "later": _start(role, weeks=11).isoformat(),
    }


def _booking_body(ctx: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    return {
        "offering_id": values["offering_id"],
        "school_id": values["school_id"],
        "preferred_slots": [{"start": values["later"]}],
        "grade": 8,
        "participants": 20,
    }


ROWS = [
    {"method": "GET", "path": "/api/v1/schools", "expect": BOOKERS},
    {
        "method": "POST",
        "path": "/api/v1/schools",
        "body": {"name": "Ny skola", "travel_minutes": 20},
        "expect": {**STAFF, "netwalker": 201, "admin": 201},
    },
    {"method": "GET", "path": "/api/v1/schools/{school_id}", "expect": BOOKERS},
    {
        "method": "PATCH",
        "path": "/api/v1/schools/{school_id}",
        "body": {"travel_minutes": 25},
        "expect": STAFF,
    },
    {"method": "GET", "path": "/api/v1/schools/{school_id}/contacts", "expect": BOOKERS},
    {
        "method": "POST",
        "path": "/api/v1/schools/{school_id}/contacts",
        "body": lambda ctx, _v: {
            "email": f"kontakt-{ctx['role']}@roles.example",
            "password": "long enough password",
        },
        "expect": {**STAFF, "netwalker": 201, "admin": 201},
    },
    {"method": "GET", "path": "/api/v1/schools/{school_id}/calendar", "expect": BOOKERS},
    {"method": "POST", "path": "/api/v1/schools/{school_id}/calendar", "expect": BOOKERS},
    {"method": "GET", "path": "/api/v1/staff", "expect": STAFF},
    {"method": "GET", "path": "/api/v1/staff/{staff_id}", "expect": STAFF},
    {
        "method": "PUT",
        "path": "/api/v1/staff/{staff_id}/availability",
        "body": {"weekly_hours": {"0": ["08:00", "15:00"]}, "max_school_days_per_week": 2},
        "expect": STAFF,
    },
    {"method": "GET", "path": "/api/v1/staff/{staff_id}/absences", "expect": STAFF},
    {
        "method": "POST",
        "path": "/api/v1/staff/{staff_id}/absences",
        "body": {"starts_at": "2031-01-07T08:00:00+01:00", "ends_at": "2031-01-07T17:00:00+01:00"},
        "expect": {**STAFF, "netwalker": 201, "admin": 201},
    },
    {
        "method": "DELETE",
        "path": "/api/v1/staff/{staff_id}/absences/{absence_id}",
        "expect": {**STAFF, "netwalker": 204, "admin": 204},
    },
    {"method": "GET", "path": "/api/v1/staff/{staff_id}/calendar", "expect": STAFF},
    {"method": "POST", "path": "/api/v1/staff/{staff_id}/calendar", "expect": STAFF},
    {"method": "GET", "path": "/api/v1/school-holidays", "expect": BOOKERS},
    {
        "method": "POST",
        "path": "/api/v1/school-holidays",
        "body": {
            "name": "Påsklov",
            "kind": "påsklov",
            "starts_on": "2031-04-14",
            "ends_on": "2031-04-18",
        },
        "expect": {**ADMIN, "admin": 201},
    },
    {
        "method": "PATCH",
        "path": "/api/v1/school-holidays/{holiday_id}",
        "body": {"name": "Sportlov v. 9"},
        "expect": ADMIN,
    },
    {
        "method": "DELETE",
        "path": "/api/v1/school-holidays/{holiday_id}",
        "expect": {**ADMIN, "admin": 204},
    },
    {"method": "GET", "path": "/api/v1/offerings", "expect": ANY},
    {
        "method": "POST",
        "path": "/api/v1/offerings",
        "body": {
            "kind": "lecture",
            "title": {"sv": "Föreläsning"},
            "session_minutes": 60,
            "max_participants": 300,
        },
        "expect": {**STAFF, "netwalker": 201, "admin": 201},
    },
    {"method": "GET", "path": "/api/v1/offerings/{offering_id}", "expect": ANY},
    {
        "method": "PATCH",
        "path": "/api/v1/offerings/{offering_id}",
        "body": {"max_participants": 90},
        "expect": STAFF,
    },
    {"method": "GET", "path": "/api/v1/offerings/{offering_id}/availability", "expect": BOOKERS},
    {
        "method": "POST",
        "path": "/api/v1/bookings",
        "body": _booking_body,
        "expect": {**BOOKERS, "netwalker": 201, "school": 201, "admin": 201},
    },
    {"method": "GET", "path": "/api/v1/bookings", "expect": BOOKERS},
    {"method": "GET", "path": "/api/v1/bookings/{requested_id}", "expect": BOOKERS},
    {
        "method": "POST",
        "path": "/api/v1/bookings/{requested_id}/confirm",
        "body": lambda _ctx, values: {"start": values["start"]},
        "expect": STAFF,
    },
    {
        "method": "POST",
        "path": "/api/v1/bookings/{confirmed_id}/reschedule",
        "body": lambda _ctx, values: {"start": values["later"]},
        "expect": STAFF,
    },
    {
        "method": "POST",
        "path": "/api/v1/bookings/{requested_id}/decline",
        "body": {"reason": "Fully booked"},
        "expect": STAFF,
    },
    {
        "method": "POST",
        "path": "/api/v1/bookings/{confirmed_id}/cancel",
        "body": {"reason": "Exam week"},
        "expect": BOOKERS,
    },
    {"method": "GET", "path": "/api/v1/bookings/{requested_id}/suggestions", "expect": BOOKERS},
    {
        "method": "POST",
        "path": "/api/v1/bookings/{delivered_id}/feedback",
        "body": {"rating": 5, "pupils_reached": 40},
        "expect": {**BOOKERS, "netwalker": 403, "school": 201, "admin": 403},
    },
    {"method": "GET", "path": "/api/v1/calendars/{feed_token}.ics", "expect": ANY},
]
