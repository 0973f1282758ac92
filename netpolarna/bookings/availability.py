"""Free slots of an offering in a window, and suggestions ranked by a school's preferences."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from netpolarna.bookings import slots
from netpolarna.bookings.conflicts import Diary, Request, check_slot, load_staff
from netpolarna.bookings.free_days import window_slots

STEP_MINUTES = 30


def _candidate_starts(diary: Diary, start: datetime, end: datetime, request: Request) -> list:
    """Starts every half hour inside anyone's working hours on weekdays in [start, end)."""
    zone = slots.local_zone()
    travel = timedelta(minutes=request.school.travel_minutes)
    length = timedelta(minutes=request.offering.session_minutes)
    found: list[datetime] = []
    day = slots.local_date(start)
    last = slots.local_date(end)
    while day <= last:
        if day.weekday() < 5:
            earliest: datetime | None = None
            latest: datetime | None = None
            for staff in diary.staff.values():
                window = slots.working_window(staff.hours, day)
                if window is None:
                    continue
                earliest = window[0] if earliest is None else min(earliest, window[0])
                latest = window[1] if latest is None else max(latest, window[1])
            if earliest is not None and latest is not None:
                # Align to the half hour in local time, after travelling there.
                local = (earliest + travel).astimezone(zone)
                minute = -(-local.minute // STEP_MINUTES) * STEP_MINUTES
                moment = datetime.combine(day, time(local.hour), zone) + timedelta(minutes=minute)
                while moment + length + travel <= latest:
                    utc = moment.astimezone(UTC)
                    if start <= utc < end:
                        found.append(utc)
                    moment += timedelta(minutes=STEP_MINUTES)
        day += timedelta(days=1)
    return found


def free_slots(
    request: Request,
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    limit: int,
) -> list[dict]:
    """Bookable slots in [start, end), soonest first, each with the staff who would come."""
    start = max(start, now)
    found: list[dict] = []
    # One-day visits: the whole window at once, from plain tuples (free_days). Theme weeks
    # go week by week and stop at `limit`, so a long window costs what its first slots cost.
    staff = load_staff()
    offering = request.offering
    if request.participants > offering.max_participants or (
        offering.grades and request.grade not in offering.grades
    ):
        return []  # no time would do
    if offering.days == 1:
        return window_slots(request, staff, start, end, now, limit) if start < end else []
    chunk_start = start
    while chunk_start < end and len(found) < limit:
        chunk_end = min(end, slots.week_bounds(slots.local_date(chunk_start))[1])
        # A theme week's diary also covers the days it runs on.
        diary = Diary.load(chunk_start, chunk_end + timedelta(days=offering.days + 2), staff)
        for candidate in _candidate_starts(diary, chunk_start, chunk_end, request):
            verdict = check_slot(diary, request, candidate, now, explain=False)
            if verdict.free:
                found.append(
                    {"start": verdict.start, "end": verdict.end, "staff_ids": verdict.staff_ids}
                )
        chunk_start = chunk_end
    return found[:limit]


def suggestions(
    request: Request, preferred: list[datetime], *, now: datetime, limit: int = 10
) -> list[dict]:
    """Free slots near the preferred ones, closest first (the nearest preference counts)."""
    earliest = max(now, min(preferred) - timedelta(days=21))
    latest = max(preferred) + timedelta(days=42)
    diary = Diary.load(earliest, latest + timedelta(days=request.offering.days + 2))
    scored = []
    for candidate in _candidate_starts(diary, earliest, latest, request):
        distance = min(abs((candidate - wanted).total_seconds()) for wanted in preferred)
        scored.append((distance, candidate))
    scored.sort()
    found = []
    for _distance, candidate in scored:
        verdict = check_slot(diary, request, candidate, now, explain=False)
        if verdict.free:
            found.append(
                {"start": verdict.start, "end": verdict.end, "staff_ids": verdict.staff_ids}
            )
            if len(found) >= limit:
                break
    return found
