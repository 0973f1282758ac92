"""Free slots of a one-day offering, a day at a time.

`check_slot` judges one slot against everything; listing a window that way repeats the same
work for every half hour. For a visit of one session the rules that depend only on the day
(holidays, the weekly cap, working hours) are decided once per day and staff member, and each
start then only meets that person's few busy intervals of the day. The outcome is the same as
`check_slot`'s for every start (a test holds the two together).
"""

from __future__ import annotations

import bisect
from datetime import date, datetime, timedelta

from netpolarna.bookings import slots
from netpolarna.bookings.conflicts import Diary, Request, StaffDiary


def _busy(staff: StaffDiary, lo: datetime, hi: datetime, ignore: int | None) -> list:
    """The person's blocked and absent intervals that touch [lo, hi)."""
    found = [(a, b) for a, b in staff.absences if a < hi and b > lo]
    index = bisect.bisect_left(staff.blocked, (hi,)) - 1
    while index >= 0 and staff.blocked[index][1] > lo:
        other_from, other_until, booking_id = staff.blocked[index]
        if booking_id != ignore:
            found.append((other_from, other_until))
        index -= 1
    return found


def day_slots(
    diary: Diary, request: Request, day: date, starts: list[datetime], now: datetime
) -> list[dict]:
    """The free ones among `starts` (all on `day`), each with the staff who would come."""
    offering = request.offering
    if slots.public_holiday(day) or any(
        h.starts_on <= day <= h.ends_on for h in diary.school_holidays
    ):
        return []
    threshold = max(now + timedelta(days=offering.min_notice_days), now + timedelta(microseconds=1))
    travel = timedelta(minutes=request.school.travel_minutes)
    length = timedelta(minutes=offering.session_minutes)
    week = slots.iso_week(day)
    people = []
    for staff in diary.staff.values():
        window = slots.working_window(staff.hours, day)
        if window is None:
            continue
        if len(staff.school_days(week, request.booking_id) | {day}) > staff.cap:
            continue
        busy = _busy(staff, window[0], window[1], request.booking_id)
        rank = (len(staff.school_days(week, None)), staff.load(), staff.id)
        people.append((rank, staff.id, window, busy))
    if len(people) < offering.staff_needed:
        return []
    people.sort()
    found = []
    for start in starts:
        if start < threshold:
            continue
        blocked_from, blocked_until = start - travel, start + length + travel
        free = [
            staff_id
            for _rank, staff_id, window, busy in people
            if window[0] <= blocked_from
            and blocked_until <= window[1]
            and not any(a < blocked_until and b > blocked_from for a, b in busy)
        ]
        if len(free) >= offering.staff_needed:
            found.append(
                {
                    "start": start,
                    "end": start + length,
                    "staff_ids": free[: offering.staff_needed],
                }
            )
    return found
