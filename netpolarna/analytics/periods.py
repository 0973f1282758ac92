"""Periods: a UTC day, an ISO week or a calendar month, each a closed range of days."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import NamedTuple

GRAINS = ("day", "week", "month")
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class Period(NamedTuple):
    """A tuple, so that hashing it (millions of times in suppression) happens in C."""

    start: date
    end: date  # inclusive
    grain: str

    @property
    def label(self) -> str:
        if self.grain == "day":
            return self.start.isoformat()
        if self.grain == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return self.start.strftime("%Y-%m")

    def days(self) -> Iterator[date]:
        day = self.start
        while day <= self.end:
            yield day
            day += timedelta(days=1)


def month_of(day: date) -> Period:
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return Period(start, following - timedelta(days=1), "month")


def week_of(day: date) -> Period:
    start = day - timedelta(days=day.weekday())
    return Period(start, start + timedelta(days=6), "week")


def period_of(day: date, grain: str) -> Period:
    if grain == "day":
        return Period(day, day, "day")
    return week_of(day) if grain == "week" else month_of(day)


def periods_between(start: date, end: date, grain: str) -> list[Period]:
    """Every period of `grain` that overlaps [start, end], in order."""
    found: list[Period] = []
    day = start
    while day <= end:
        period = period_of(day, grain)
        found.append(period)
        day = period.end + timedelta(days=1)
    return found


def parse_month(text: str) -> Period:
    match = MONTH_RE.match(text or "")
    if not match:
        raise ValueError("a month is written YYYY-MM")
    return month_of(date(int(match.group(1)), int(match.group(2)), 1))


def previous_months(month: Period, count: int) -> list[Period]:
    """`count` months ending with `month`, oldest first."""
    months = [month]
    while len(months) < count:
        months.insert(0, month_of(months[0].start - timedelta(days=1)))
    return months
