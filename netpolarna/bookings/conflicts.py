"""Every reason a slot cannot be taken, found at once from one snapshot of the staff diaries.

A `Diary` loads, for a time range, what the checks need (assignments, absences, school
holidays, staff profiles) in a handful of queries; `check_slot` then judges any number of
candidate slots in memory, so the availability of a ten-week window costs no more queries than
one confirmation. Each reason is a `SlotConflict` of facts; `booking_schemas.conflict_view`
words it in the reader's language.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from netpolarna.accounts.models import User
from netpolarna.accounts.roles import Role
from netpolarna.bookings import slots
from netpolarna.bookings.models import (
    Offering,
    School,
    SchoolHoliday,
    StaffAbsence,
    StaffAssignment,
    StaffProfile,
)
from netpolarna.bookings.slots import Session
from netpolarna.db import db


@dataclass
class StaffDiary:
    id: int
    name: str
    hours: dict[str, list[str]]
    cap: int
    # Sorted blocked ranges of confirmed sessions: (from, until, booking_id).
    blocked: list[tuple[datetime, datetime, int]] = field(default_factory=list)
    absences: list[tuple[datetime, datetime]] = field(default_factory=list)
    # Local days with a school visit, per booking: {(year, week): {day: {booking ids}}}.
    days: dict[tuple[int, int], dict[date, set[int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )

    def school_days(self, week: tuple[int, int], ignore: int | None) -> set[date]:
        return {day for day, owners in self.days.get(week, {}).items() if owners - {ignore or -1}}

    def load(self) -> int:
        return len(self.blocked)


@dataclass
class Diary:
    """What is booked, absent and closed between two instants (whole local weeks)."""

    staff: dict[int, StaffDiary]
    school_holidays: list[SchoolHoliday]

    @classmethod
    def load(
        cls, start: datetime, end: datetime, staff: dict[int, StaffDiary] | None = None
    ) -> Diary:
        """`staff` from `load_staff()` may be shared by the diaries of one search."""
        lo = slots.week_bounds(slots.local_date(start))[0]
        hi = slots.week_bounds(slots.local_date(end))[1]
        staff = {
            key: StaffDiary(value.id, value.name, value.hours, value.cap)
            for key, value in (staff or load_staff()).items()
        }
        rows = db.session.execute(
            select(
                StaffAssignment.staff_id,
                StaffAssignment.blocked_from,
                StaffAssignment.blocked_until,
                StaffAssignment.booking_id,
            )
            .where(StaffAssignment.blocked_until > lo, StaffAssignment.blocked_from < hi)
            .order_by(StaffAssignment.blocked_from)
        ).tuples()
        for staff_id, blocked_from, blocked_until, booking_id in rows:
            diary = staff.get(staff_id)
            if diary is None:
                continue
            diary.blocked.append((blocked_from, blocked_until, booking_id))
            # Travel before a visit never starts on the day before: its day is the visit's.
            day = slots.local_date(blocked_from)
            diary.days[slots.iso_week(day)][day].add(booking_id)
        for absence in db.session.scalars(
            select(StaffAbsence).where(StaffAbsence.ends_at > lo, StaffAbsence.starts_at < hi)
        ):
            if absence.staff_id in staff:
                staff[absence.staff_id].absences.append((absence.starts_at, absence.ends_at))
        holidays = list(
            db.session.scalars(
                select(SchoolHoliday).where(
                    SchoolHoliday.ends_on >= slots.local_date(lo),
                    SchoolHoliday.starts_on <= slots.local_date(hi),
                )
            )
        )
        return cls(staff, holidays)


def load_staff() -> dict[int, StaffDiary]:
    """Active net-walkers with their hours and caps (defaults for those without a profile)."""
    rows = db.session.execute(
        select(
            User.id,
            User.display_name,
            StaffProfile.weekly_hours,
            StaffProfile.max_school_days_per_week,
        )
        .outerjoin(StaffProfile, StaffProfile.user_id == User.id)
        .where(User.role == Role.NETWALKER, User.is_active.is_(True))
        .order_by(User.id)
    ).tuples()
    return {
        user_id: StaffDiary(
            id=user_id,
            name=name or f"#{user_id}",
            hours=hours if hours is not None else slots.DEFAULT_HOURS,
            cap=cap if cap is not None else 2,
        )
        for user_id, name, hours, cap in rows
    }


@dataclass(frozen=True)
class Request:
    """What is asked of a slot besides its time."""

    offering: Offering
    school: School
    grade: int
    participants: int
    booking_id: int | None = None  # a booking being rescheduled does not clash with itself


@dataclass(frozen=True)
class SlotConflict:
    """One reason a slot cannot be taken: a code, the clashing interval and the facts the
    sentence needs (staff, rule, booking, date, holiday, numbers)."""

    code: str
    start: datetime | None = None
    end: datetime | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)
    slot: datetime | None = None  # the preferred slot it belongs to, on a new request


@dataclass
class Verdict:
    start: datetime
    end: datetime
    sessions: list[Session]
    conflicts: list[SlotConflict]
    staff_ids: list[int]

    @property
    def free(self) -> bool:
        return not self.conflicts


# Listing free slots only needs to know that there is a reason, not which.
_UNEXPLAINED = SlotConflict("unavailable")


def _conflict(code: str, start: datetime, end: datetime, **facts: Any) -> SlotConflict:
    return SlotConflict(code, start, end, facts)


def rule_conflicts(
    request: Request, sessions: list[Session], diary: Diary, now: datetime
) -> list[SlotConflict]:
    """Reasons that hold whoever would come: time, notice, holidays, size, grade."""
    offering = request.offering
    start, end = sessions[0].start, sessions[-1].end
    found: list[SlotConflict] = []
    if start <= now:
        found.append(_conflict("in_past", start, end, rule="in_past"))
    else:
        earliest = now + timedelta(days=offering.min_notice_days)
        if start < earliest:
            found.append(
                _conflict(
                    "short_notice",
                    now,
                    earliest,
                    rule="min_notice_days",
                    days=offering.min_notice_days,
                    earliest=earliest,
                )
            )
    if request.participants > offering.max_participants:
        found.append(
            _conflict(
                "too_many_participants",
                start,
                end,
                rule="max_participants",
                participants=request.participants,
                max=offering.max_participants,
            )
        )
    if offering.grades and request.grade not in offering.grades:
        found.append(
            _conflict(
                "wrong_grade",
                start,
                end,
                rule="grades",
                grade=request.grade,
                grades=tuple(sorted(offering.grades)),
            )
        )
    for session in sessions:
        day = slots.local_date(session.start)
        name = slots.public_holiday(day)
        if name:
            found.append(
                _conflict(
                    "public_holiday",
                    session.start,
                    session.end,
                    rule="public_holiday",
                    date=day.isoformat(),
                    name=name,
                )
            )
        for holiday in diary.school_holidays:
            if holiday.starts_on <= day <= holiday.ends_on:
                found.append(
                    _conflict(
                        "school_holiday",
                        session.start,
                        session.end,
                        rule="school_holiday",
                        date=day.isoformat(),
                        name=holiday.name,
                        holiday_start=holiday.starts_on.isoformat(),
                        holiday_end=holiday.ends_on.isoformat(),
                    )
                )
    return found


def staff_conflicts(
    staff: StaffDiary,
    request: Request,
    sessions: list[Session],
    *,
    explain: bool = True,
) -> list[SlotConflict]:
    """Reasons this staff member cannot take these sessions; without `explain`, only whether
    there is one (the first found, no sentence), which is what listing free slots needs."""
    travel = request.school.travel_minutes
    who = {"staff_id": staff.id, "staff_name": staff.name}
    found: list[SlotConflict] = []
    new_days: dict[tuple[int, int], set[date]] = defaultdict(set)
    for session in sessions:
        blocked_from, blocked_until = session.blocked(travel)
        day = slots.local_date(session.start)
        new_days[slots.iso_week(day)].add(day)
        window = slots.working_window(staff.hours, day)
        if window is None or blocked_from < window[0] or blocked_until > window[1]:
            if not explain:
                return [_UNEXPLAINED]
            found.append(_conflict("outside_working_hours", blocked_from, blocked_until, **who))
        for absent_from, absent_until in staff.absences:
            if absent_from < blocked_until and absent_until > blocked_from:
                if not explain:
                    return [_UNEXPLAINED]
                found.append(_conflict("staff_absent", absent_from, absent_until, **who))
        # A person's blocked ranges never overlap, so sorted by start they are sorted by end
        # too: walk back from the last one starting before our end while they reach into ours.
        index = bisect.bisect_left(staff.blocked, (blocked_until,)) - 1
        clashes = []
        while index >= 0 and staff.blocked[index][1] > blocked_from:
            other_from, other_until, booking_id = staff.blocked[index]
            index -= 1
            if booking_id == request.booking_id:
                continue
            if not explain:
                return [_UNEXPLAINED]
            clashes.append(
                _conflict("staff_booked", other_from, other_until, booking_id=booking_id, **who)
            )
        found.extend(reversed(clashes))
    for week, days in new_days.items():
        taken = staff.school_days(week, request.booking_id)
        if len(taken | days) > staff.cap:
            if not explain:
                return [_UNEXPLAINED]
            monday = min(days) - timedelta(days=min(days).weekday())
            start, end = slots.week_bounds(monday)
            found.append(
                _conflict(
                    "weekly_cap",
                    start,
                    end,
                    rule="max_school_days_per_week",
                    days=len(taken),
                    week=week[1],
                    cap=staff.cap,
                    **who,
                )
            )
    return found


def check_slot(
    diary: Diary,
    request: Request,
    start: datetime,
    now: datetime,
    staff_ids: list[int] | None = None,
    *,
    explain: bool = True,
) -> Verdict:
    """Judge one slot. Named staff are checked as named; otherwise the least-loaded free staff
    are picked, and if too few are free, every staff member's reasons are reported."""
    offering = request.offering
    sessions = slots.sessions_for(start, offering.session_minutes, offering.days)
    found = rule_conflicts(request, sessions, diary, now)
    chosen: list[int] = []
    if staff_ids:
        for staff_id in staff_ids:
            staff = diary.staff.get(staff_id)
            if staff is None:
                found.append(
                    _conflict("not_staff", sessions[0].start, sessions[-1].end, staff_id=staff_id)
                )
            else:
                found.extend(staff_conflicts(staff, request, sessions))
        chosen = list(staff_ids)
    else:
        free: list[StaffDiary] = []
        reasons: list[SlotConflict] = []
        for staff in diary.staff.values():
            mine = staff_conflicts(staff, request, sessions, explain=explain)
            if mine:
                reasons.extend(mine)
            else:
                free.append(staff)
        if len(free) < offering.staff_needed:
            found.extend(reasons)
        week = slots.iso_week(slots.local_date(sessions[0].start))
        free.sort(key=lambda s: (len(s.school_days(week, None)), s.load(), s.id))
        chosen = [s.id for s in free[: offering.staff_needed]]
    return Verdict(sessions[0].start, sessions[-1].end, sessions, found, chosen)
