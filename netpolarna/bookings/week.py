"""One local Monday-Friday week of the staff: their confirmed sessions and absences per day
(the staff console's week view; `school_schemas.staff_week_view` shows it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from netpolarna.accounts.models import User
from netpolarna.bookings import slots
from netpolarna.bookings.models import (
    Booking,
    Offering,
    School,
    StaffAbsence,
    StaffAssignment,
    StaffProfile,
)
from netpolarna.bookings.staff import list_staff
from netpolarna.db import db

WORKDAYS = 5


@dataclass(frozen=True, slots=True)
class WeekSession:
    """A confirmed session a staff member is assigned to."""

    assignment: StaffAssignment
    booking: Booking
    offering: Offering
    school: School


@dataclass(frozen=True, slots=True)
class StaffDay:
    sessions: list[WeekSession] = field(default_factory=list)
    absences: list[StaffAbsence] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StaffMemberWeek:
    user: User
    profile: StaffProfile | None
    days: list[StaffDay]  # Monday to Friday


@dataclass(frozen=True, slots=True)
class StaffWeek:
    monday: date
    staff: list[StaffMemberWeek]

    @property
    def days(self) -> list[date]:
        return workdays(self.monday)


def workdays(monday: date) -> list[date]:
    return [monday + timedelta(days=n) for n in range(WORKDAYS)]


def staff_week(day: date) -> StaffWeek:
    """The week holding `day`: per active staff member, each weekday's sessions and absences."""
    monday = day - timedelta(days=day.weekday())
    days = workdays(monday)
    start, end = slots.week_bounds(monday)
    people = [
        StaffMemberWeek(user, found, [StaffDay() for _ in days]) for user, found in list_staff()
    ]
    by_staff = {person.user.id: dict(zip(days, person.days, strict=True)) for person in people}
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
        on_day = slots.local_date(assignment.session_starts_at)
        cell = by_staff.get(assignment.staff_id, {}).get(on_day)
        if cell is not None:
            cell.sessions.append(WeekSession(assignment, booking, offering, school))
    absences = db.session.scalars(
        select(StaffAbsence)
        .where(StaffAbsence.starts_at < end, StaffAbsence.ends_at > start)
        .order_by(StaffAbsence.starts_at)
    )
    for absence in absences:
        first = slots.local_date(absence.starts_at)
        last = slots.local_date(absence.ends_at - timedelta(seconds=1))
        for d, cell in by_staff.get(absence.staff_id, {}).items():
            if first <= d <= last:
                cell.absences.append(absence)
    return StaffWeek(monday, people)
