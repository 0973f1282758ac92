"""Free slots of a one-day offering over a whole window, fast.

`check_slot` judges one slot against everything; listing a window that way repeats the same
work for every half hour, and loading ORM rows with their datetimes costs more than the search.
Here the window's school holidays are read once and its assignments and absences a span at a
time (two weeks, then longer spans while the search goes on), as plain tuples with times as
integer epoch seconds; each staff member's busy time becomes sorted, merged intervals
searched with bisect, and the rules that depend only on the day (holidays, the weekly cap,
working hours) are decided once per day and person. The outcome is the same as `check_slot`'s
for every start (a test holds the two together).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import BigInteger, Integer, cast, func, select
from sqlalchemy.sql.elements import ColumnElement

from netpolarna.bookings import slots
from netpolarna.bookings.conflicts import Request, StaffDiary
from netpolarna.bookings.models import SchoolHoliday, StaffAbsence, StaffAssignment
from netpolarna.db import db

STEP_SECONDS = 30 * 60


def _epoch(column: Any) -> ColumnElement[int]:
    """Seconds since the epoch, computed by the database (no datetime objects to build)."""
    if db.engine.dialect.name == "sqlite":
        # Stored as naive UTC text.
        return cast(func.strftime("%s", column), Integer)
    return cast(func.extract("epoch", column), BigInteger)


def _ts(moment: datetime) -> int:
    return int(moment.timestamp())


@dataclass
class _Person:
    id: int
    hours: dict[str, list[str]]
    cap: int
    # Blocked ranges, sorted by start; one person's never overlap, so ends are sorted too.
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    owners: list[int] = field(default_factory=list)
    absences: list[tuple[int, int]] = field(default_factory=list)
    # Per week (its UTC bounds): {day: {booking ids}} of school visits, and the ranges
    # touching it; worked out only for the weeks the search reaches.
    weeks: dict[int, tuple[dict[date, set[int]], int]] = field(default_factory=dict)

    def week(self, lo: int, hi: int, calendar: _Days) -> tuple[dict[date, set[int]], int]:
        known = self.weeks.get(lo)
        if known is None:
            days: dict[date, set[int]] = defaultdict(set)
            # Travel before a visit never starts on the day before: its day is the visit's.
            first, stop = bisect.bisect_left(self.starts, lo), bisect.bisect_left(self.starts, hi)
            for i in range(first, stop):
                day = calendar.of(self.starts[i])
                if day is not None:
                    days[day].add(self.owners[i])
            # The load counted for a week is the ranges that touch it, as `Diary` counts them.
            load = stop - bisect.bisect_right(self.ends, lo)
            known = self.weeks[lo] = (days, load)
        return known


class _Days:
    """Local days of the window with their UTC midnights, to place an epoch on its day."""

    def __init__(self, first: date, last: date) -> None:
        zone = slots.local_zone()
        self.days = [first + timedelta(days=n) for n in range((last - first).days + 2)]
        self.midnights = [_ts(datetime.combine(d, time(), zone)) for d in self.days]

    def of(self, moment: int) -> date | None:
        index = bisect.bisect_right(self.midnights, moment) - 1
        return self.days[index] if 0 <= index < len(self.days) - 1 else None


def _load(people: dict[int, _Person], lo: datetime, hi: datetime, *, first: bool) -> None:
    """Add everyone's blocked time and absences of [lo, hi): on the first span all that
    touches it, on later ones what starts in it (the rest was read already)."""
    blocked = select(
        StaffAssignment.staff_id,
        _epoch(StaffAssignment.blocked_from),
        _epoch(StaffAssignment.blocked_until),
        StaffAssignment.booking_id,
    ).where(
        StaffAssignment.blocked_until > lo if first else StaffAssignment.blocked_from >= lo,
        StaffAssignment.blocked_from < hi,
    )
    for staff_id, blocked_from, blocked_until, booking_id in db.session.execute(
        blocked.order_by(StaffAssignment.blocked_from)
    ).tuples():
        person = people.get(staff_id)
        if person is not None:
            person.starts.append(blocked_from)
            person.ends.append(blocked_until)
            person.owners.append(booking_id)
    absences = select(
        StaffAbsence.staff_id, _epoch(StaffAbsence.starts_at), _epoch(StaffAbsence.ends_at)
    ).where(
        StaffAbsence.ends_at > lo if first else StaffAbsence.starts_at >= lo,
        StaffAbsence.starts_at < hi,
    )
    for staff_id, starts, ends in db.session.execute(absences).tuples():
        if staff_id in people:
            people[staff_id].absences.append((starts, ends))


def _busy(people: dict[int, _Person], ignore: int | None) -> dict[int, tuple]:
    """Per person, merged busy intervals (blocked time but the moved booking's, absences)."""
    busy = {}
    for person in people.values():
        ranges: Iterable[tuple[int, int]] = zip(person.starts, person.ends, strict=True)
        if ignore is not None:
            ranges = (r for r, owner in zip(ranges, person.owners, strict=True) if owner != ignore)
        busy[person.id] = _merged([*ranges, *person.absences])
    return busy


def _merged(intervals: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted, non-overlapping (starts, ends): any clash is found with one bisect."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(intervals):
        if ends and a < ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _day_starts(people: list[tuple], day: date, travel: int, length: int) -> list[int]:
    """Starts every half hour inside anyone's working hours on `day` (as `_candidate_starts`)."""
    earliest = min(window[0] for *_rest, window, _busy in people)
    latest = max(window[1] for *_rest, window, _busy in people)
    zone = slots.local_zone()
    local = datetime.fromtimestamp(earliest + travel, zone)
    minute = -(-local.minute // 30) * 30
    moment = _ts(datetime.combine(day, time(local.hour), zone) + timedelta(minutes=minute))
    found = []
    while moment + length + travel <= latest:
        found.append(moment)
        moment += STEP_SECONDS
    return found


def window_slots(
    request: Request,
    staff: dict[int, StaffDiary],
    start: datetime,
    end: datetime,
    now: datetime,
    limit: int,
) -> list[dict]:
    """Free starts of a one-day offering in [start, end), soonest first, at most `limit`,
    each with the least-loaded free staff (as `check_slot` would pick them)."""
    offering = request.offering
    needed, ignore = offering.staff_needed, request.booking_id
    travel = request.school.travel_minutes * 60
    length = offering.session_minutes * 60
    threshold = max(now + timedelta(days=offering.min_notice_days), now + timedelta(microseconds=1))
    threshold_ts = threshold.timestamp()
    start_ts, end_ts = start.timestamp(), end.timestamp()
    # Whole local weeks, as the cap and the load count them.
    lo = slots.week_bounds(slots.local_date(start))[0]
    hi = slots.week_bounds(slots.local_date(end - timedelta(microseconds=1)))[1]
    people = {key: _Person(value.id, value.hours, value.cap) for key, value in staff.items()}
    closed = list(
        db.session.execute(
            select(SchoolHoliday.starts_on, SchoolHoliday.ends_on).where(
                SchoolHoliday.ends_on >= slots.local_date(lo),
                SchoolHoliday.starts_on <= slots.local_date(hi),
            )
        ).tuples()
    )
    calendar = _Days(slots.local_date(lo), slots.local_date(hi))
    # The search stops at `limit`, often within the first weeks: read two weeks, then spans
    # twice as long as the search goes on (a few queries at most).
    loaded, span = lo, 2
    busy: dict[int, tuple] = {}
    found: list[dict] = []
    day, last = slots.local_date(start), slots.local_date(end)
    while day <= last and len(found) < limit:
        if day.weekday() >= 5 or slots.public_holiday(day) or any(a <= day <= b for a, b in closed):
            day += timedelta(days=1)
            continue
        week_bounds = slots.week_bounds(day)
        if week_bounds[1] > loaded:
            until = min(hi, slots.week_bounds(day + timedelta(weeks=span - 1))[1])
            _load(people, loaded, until, first=loaded == lo)
            busy, loaded, span = _busy(people, ignore), until, span * 2
        week_lo, week_hi = (_ts(t) for t in week_bounds)
        free_people = []
        working = []
        for person in people.values():
            window = slots.working_window(person.hours, day)
            if window is None:
                continue
            bounds = (_ts(window[0]), _ts(window[1]))
            working.append((0, 0, bounds, None))
            visits, load = person.week(week_lo, week_hi, calendar)
            taken = {d for d, owners in visits.items() if owners - {ignore or -1}}
            if len(taken | {day}) > person.cap:
                continue
            rank = (sum(1 for owners in visits.values() if owners), load, person.id)
            free_people.append((rank, person.id, bounds, busy[person.id]))
        if working and len(free_people) >= needed:
            free_people.sort()
            for moment in _day_starts(working, day, travel, length):
                if moment < threshold_ts or not start_ts <= moment < end_ts:
                    continue
                blocked_from, blocked_until = moment - travel, moment + length + travel
                free = []
                for _rank, staff_id, (opens, closes), (starts, ends) in free_people:
                    if blocked_from < opens or blocked_until > closes:
                        continue
                    index = bisect.bisect_left(starts, blocked_until) - 1
                    if index >= 0 and ends[index] > blocked_from:
                        continue
                    free.append(staff_id)
                    if len(free) == needed:
                        break
                if len(free) == needed:
                    at = datetime.fromtimestamp(moment, UTC)
                    found.append(
                        {"start": at, "end": at + timedelta(seconds=length), "staff_ids": free}
                    )
                    if len(found) >= limit:
                        break
        day += timedelta(days=1)
    return found[:limit]
