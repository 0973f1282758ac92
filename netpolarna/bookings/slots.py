"""Time arithmetic of a booking: its sessions, blocked ranges, local days and weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holiday_calendars
from flask import current_app

DEFAULT_HOURS: dict[str, list[str]] = {str(day): ["08:00", "16:00"] for day in range(5)}


def local_zone() -> ZoneInfo:
    return _zone(current_app.config["TIMEZONE"])


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@dataclass(frozen=True)
class Session:
    start: datetime  # UTC
    end: datetime

    def blocked(self, travel_minutes: int) -> tuple[datetime, datetime]:
        pad = timedelta(minutes=travel_minutes)
        return self.start - pad, self.end + pad


def sessions_for(start: datetime, session_minutes: int, days: int) -> list[Session]:
    """The first session at `start`, then one at the same local time on each following weekday
    (a theme week of five days runs Monday to Friday, or across a weekend)."""
    zone = local_zone()
    local = start.astimezone(zone)
    found: list[Session] = []
    day = local.date()
    while len(found) < days:
        if day.weekday() < 5 or not found:
            begin = datetime.combine(day, local.timetz().replace(tzinfo=None), zone)
            begin_utc = begin.astimezone(UTC)
            found.append(Session(begin_utc, begin_utc + timedelta(minutes=session_minutes)))
        day += timedelta(days=1)
    return found


def local_date(moment: datetime) -> date:
    return moment.astimezone(local_zone()).date()


def iso_week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def week_bounds(day: date) -> tuple[datetime, datetime]:
    """UTC start and end of the local ISO week holding `day`."""
    zone = local_zone()
    monday = day - timedelta(days=day.weekday())
    start = datetime.combine(monday, time(), zone).astimezone(UTC)
    end = datetime.combine(monday + timedelta(days=7), time(), zone).astimezone(UTC)
    return start, end


def working_window(hours: dict[str, list[str]], day: date) -> tuple[datetime, datetime] | None:
    """UTC bounds of a staff member's working hours on a local day, or None (day off)."""
    span = hours.get(str(day.weekday()))
    if not span:
        return None
    return _window(span[0], span[1], day, current_app.config["TIMEZONE"])


@lru_cache(maxsize=8192)
def _window(start: str, end: str, day: date, zone_name: str) -> tuple[datetime, datetime]:
    zone = _zone(zone_name)
    return (
        datetime.combine(day, time.fromisoformat(start), zone).astimezone(UTC),
        datetime.combine(day, time.fromisoformat(end), zone).astimezone(UTC),
    )


def public_holiday(day: date) -> str | None:
    """The name of the public holiday on `day` in the configured country, if any."""
    calendar = _country_holidays(current_app.config["BOOKINGS_HOLIDAY_COUNTRY"], day.year)
    name = calendar.get(day)
    return str(name) if name else None


@lru_cache(maxsize=32)
def _country_holidays(country: str, year: int) -> dict[date, str]:
    return dict(holiday_calendars.country_holidays(country, years=year).items())


def format_local(moment: datetime) -> str:
    return moment.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M")
