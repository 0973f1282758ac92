"""One local Monday-Friday week of the staff: their confirmed sessions and absences per day
(the staff console's week view)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from netpolarna.bookings import slots
from netpolarna.bookings.models import Booking, Offering, School, StaffAbsence, StaffAssignment
from netpolarna.bookings.offerings import localised
from netpolarna.bookings.school_schemas import staff_view
from netpolarna.bookings.staff import list_staff
from netpolarna.db import db

WORKDAYS = 5


def _local_time(moment: datetime) -> str:
    return moment.astimezone(slots.local_zone()).strftime("%H:%M")


def staff_week(day: date, locale: str) -> dict[str, Any]:
    """The week holding `day`: its weekdays and, per active staff member, each day's
    sessions (time, offering, school) and absences."""
    monday = day - timedelta(days=day.weekday())
    days = [monday + timedelta(days=n) for n in range(WORKDAYS)]
    start, end = slots.week_bounds(monday)
    people = [staff_view(user, found) for user, found in list_staff()]
    grid: dict[int, dict[date, dict[str, list[dict[str, Any]]]]] = {
        p["id"]: {d: {"sessions": [], "absences": []} for d in days} for p in people
    }
    sessions = db.session.execute(
        select(StaffAssignment, Booking, Offering, School)
        .join(Booking, Booking.id == StaffAssignment.booking_id)
        .join(Offering, Offering.id == Booking.offering_id)
        .join(School, School.id == Booking.school_id)
        .where(
            StaffAssignment.session_starts_at < end,
            StaffAssignment.session_ends_at > start,
            Booking.status.in_(("confirmed", "delivered")),
        )
        .order_by(StaffAssignment.session_starts_at)
    ).tuples()
    for assignment, booking, offering, school in sessions:
        cell = grid.get(assignment.staff_id, {}).get(slots.local_date(assignment.session_starts_at))
        if cell is not None:
            cell["sessions"].append(
                {
                    "booking_id": booking.id,
                    "from": _local_time(assignment.session_starts_at),
                    "to": _local_time(assignment.session_ends_at),
                    "title": localised(offering.title, locale),
                    "school": school.name,
                }
            )
    absences = db.session.scalars(
        select(StaffAbsence)
        .where(StaffAbsence.starts_at < end, StaffAbsence.ends_at > start)
        .order_by(StaffAbsence.starts_at)
    )
    for absence in absences:
        first = slots.local_date(absence.starts_at)
        last = slots.local_date(absence.ends_at - timedelta(seconds=1))
        for d in days:
            if first <= d <= last and absence.staff_id in grid:
                grid[absence.staff_id][d]["absences"].append({"reason": absence.reason})
    return {
        "monday": monday,
        "days": days,
        "previous": monday - timedelta(weeks=1),
        "next": monday + timedelta(weeks=1),
        "week": monday.isocalendar()[1],
        "staff": [{**p, "days": [grid[p["id"]][d] for d in days]} for p in people],
    }
