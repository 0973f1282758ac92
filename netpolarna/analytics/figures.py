"""The figures the API, the monthly report and the open-data export publish, suppressed.

Every answer says its period, its filters and which cells were suppressed; a suppressed count
is `None`, and so is any share or percentile computed from one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select

from netpolarna.analytics import cells, cubes, durations
from netpolarna.analytics.cubes import ALL, FAMILIES, METRICS, group_name
from netpolarna.analytics.models import FlagDay
from netpolarna.analytics.periods import Period, period_of, periods_between
from netpolarna.analytics.privacy import K
from netpolarna.analytics.sources.netwalk import Source
from netpolarna.db import db
from netpolarna.errors import BadRequest

MAX_PERIODS = 400
SHARE_LABELS = ("hateful", "offensive", "neutral", "counter_speech", "unscored", "threats")


class PeriodTooFine(BadRequest):
    code = "period_too_fine"


class UnknownDimension(BadRequest):
    code = "unknown_dimension"


class RangeTooLong(BadRequest):
    code = "range_too_long"


def check_range(grain: str, start: date, end: date) -> list[Period]:
    if end < start:
        raise BadRequest(detail="`to` is before `from`.", code="bad_range")
    periods = periods_between(start, end, grain)
    if len(periods) > MAX_PERIODS:
        raise RangeTooLong(detail=f"At most {MAX_PERIODS} periods in one answer.")
    return periods


def _names(dimension: str) -> dict[str, str]:
    if dimension == "source":
        return {str(i): name for i, name in db.session.execute(select(Source.id, Source.name))}
    return {}


def _shares(counts: dict[str, int | None]) -> dict[str, float | None]:
    total = counts.get("messages")
    shares: dict[str, float | None] = {}
    for label in SHARE_LABELS:
        value = counts.get(label)
        shares[label] = None if not total or value is None else round(value / total, 4)
    neutral, counter = counts.get("neutral"), counts.get("counter_speech")
    shares["healthy"] = (
        None
        if not total or neutral is None or counter is None
        else round((neutral + counter) / total, 4)
    )
    return shares


def table(
    name: str,
    dimension: str,
    grain: str,
    start: date,
    end: date,
    values: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Counts of `name` (messages | flags | reports) per period and value of `dimension`."""
    if name == "reports" and grain != "month":
        raise PeriodTooFine(detail="Youth-report figures are given per month only.")
    family = "all" if dimension == "all" else dimension
    if dimension == "source" and name == "messages":
        family = "platform"
    if family not in FAMILIES[name]:
        raise UnknownDimension(detail=f"{name} has no dimension {dimension!r}.")
    periods = check_range(grain, start, end)
    hidden = cubes.pattern(name, family)
    values_of = cells.sums(name, dimension, periods)
    wanted = set(values) if values else None
    groups = cells.groups(name, dimension)
    names = _names(dimension)
    rows, suppressed = [], []
    for period in periods:
        for group in groups:
            value = None if group == ALL else group.split(":", 1)[1]
            if wanted is not None and value not in wanted:
                continue
            counts: dict[str, int | None] = {}
            for metric in METRICS[name]:
                key = (group, metric, period)
                if key in hidden:
                    counts[metric] = None
                    suppressed.append({"period": period.label, "value": value, "metric": metric})
                else:
                    counts[metric] = values_of.get(key, 0)
            row: dict[str, Any] = {
                "period": period.label,
                "start": period.start,
                "end": period.end,
                "value": value,
                "name": names.get(value or "", value),
                "counts": counts,
            }
            if name == "messages":
                row["shares"] = _shares(counts)
            rows.append(row)
    return {
        "figures": name,
        "period": {"grain": grain, "from": start, "to": end},
        "dimension": dimension,
        "filters": {"values": sorted(wanted) if wanted else None},
        "k": K,
        "rows": rows,
        "suppressed": suppressed,
    }


def response_times(grain: str, start: date, end: date, dimension: str = "all") -> dict[str, Any]:
    """Median and 90th percentile (bucket upper edges, minutes) of time to first action and
    to close, for flags first seen in each period; None where the flags are fewer than k."""
    if dimension not in ("all", "severity"):
        raise UnknownDimension(detail="Response times are given overall or by severity.")
    periods = check_range(grain, start, end)
    hidden = cubes.pattern("flags", dimension)
    in_target_of = cells.sums("flags", dimension, periods)
    stmt = select(
        FlagDay.day, FlagDay.value, FlagDay.first_action_buckets, FlagDay.close_buckets
    ).where(
        FlagDay.dimension == dimension,
        FlagDay.day >= periods[0].start,
        FlagDay.day <= periods[-1].end,
    )
    known = set(periods)
    sums: dict[tuple[Period, str], tuple[list[int], list[int]]] = {}
    for day, value, first, close in db.session.execute(stmt):
        period = period_of(day, grain)
        if period in known:
            pair = sums.setdefault((period, value), (durations.empty(), durations.empty()))
            durations.add(pair[0], first)
            durations.add(pair[1], close)
    rows = []
    for (period, value), (first, close) in sorted(sums.items(), key=lambda i: (i[0][0], i[0][1])):
        group = group_name(dimension, value)
        row: dict[str, Any] = {
            "period": period.label,
            "start": period.start,
            "end": period.end,
            "value": None if dimension == "all" else value,
        }
        for prefix, buckets, metric in (
            ("first_action", first, "responded"),
            ("close", close, "closed"),
        ):
            safe = (group, metric, period) not in hidden and sum(buckets) >= K
            row[f"{prefix}_count"] = sum(buckets) if safe else None
            row[f"{prefix}_median_minutes"] = durations.percentile(buckets, 0.5) if safe else None
            row[f"{prefix}_p90_minutes"] = durations.percentile(buckets, 0.9) if safe else None
        in_target = (group, "responded_in_target", period) not in hidden
        row["responded_in_target"] = (
            in_target_of.get((group, "responded_in_target", period), 0) if in_target else None
        )
        rows.append(row)
    return {
        "figures": "response_times",
        "period": {"grain": grain, "from": start, "to": end},
        "dimension": dimension,
        "filters": {"values": None},
        "k": K,
        "bucket_minutes": [b for b in durations.BUCKET_MINUTES if b != float("inf")],
        "rows": rows,
    }
