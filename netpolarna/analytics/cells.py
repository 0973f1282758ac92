"""Published cells read straight from the rollups: per-period sums computed by the database
(GROUP BY the period each rollup day falls in), for the few periods a request asks about.

Requests never build a family's whole cube: that is needed only to compute a suppression
pattern, which the rollup job stores (`cubes.pattern`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, and_, cast, func, literal_column, or_, select
from sqlalchemy.sql.elements import ColumnElement

from netpolarna.analytics.cubes import ALL, METRICS, group_name, remember
from netpolarna.analytics.models import FlagDay, MessageDay, ReportMonth
from netpolarna.analytics.periods import Period
from netpolarna.analytics.privacy import Key
from netpolarna.analytics.state import versions
from netpolarna.db import db

MODELS: dict[str, Any] = {"messages": MessageDay, "flags": FlagDay, "reports": ReportMonth}


def _day_column(table: str) -> Any:
    model = MODELS[table]
    return model.month if table == "reports" else model.day


def _bucket(column: Any, grain: str) -> ColumnElement[Any]:
    """The first day of the period of `grain` that `column` (a date) falls in."""
    if grain == "day":
        return column
    if db.engine.dialect.name == "postgresql":
        unit: ColumnElement[str] = literal_column("'month'" if grain == "month" else "'week'")
        return cast(func.date_trunc(unit, column), Date)  # weeks: ISO, from Monday
    if grain == "month":
        return func.date(column, literal_column("'start of month'"))
    # SQLite: the Sunday on or after the day, less six days, is the ISO week's Monday.
    return func.date(column, literal_column("'weekday 0'"), literal_column("'-6 days'"))


def _as_date(value: Any) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def sums(table: str, dimension: str, periods: list[Period]) -> dict[Key, int]:
    """{(group, metric, period): count} of `dimension` over `periods` (all of one grain);
    cells without rollup rows are absent (they are zero)."""
    key = (str(db.engine.url), versions()[table], "sums", table, dimension, tuple(periods))
    return remember(key, lambda: _sums(table, dimension, periods))


def _sums(table: str, dimension: str, periods: list[Period]) -> dict[Key, int]:
    model = MODELS[table]
    day = _day_column(table)
    grain = periods[0].grain
    by_start = {p.start: p for p in periods}
    bucket = (day if table == "reports" else _bucket(day, grain)).label("bucket")
    metrics = METRICS[table]
    stmt = (
        select(model.value, bucket, *[func.sum(getattr(model, m)) for m in metrics])
        .where(
            model.dimension == dimension,
            day >= periods[0].start,
            day <= periods[-1].end,
        )
        .group_by(model.value, bucket)
    )
    found: dict[Key, int] = {}
    for row in db.session.execute(stmt):
        period = by_start.get(_as_date(row[1]))
        if period is None:
            continue
        group = group_name(dimension, row[0])
        for metric, value in zip(metrics, row[2:], strict=True):
            if value:
                found[(group, metric, period)] = int(value)
    return found


def groups(table: str, dimension: str) -> list[str]:
    """The groups of `dimension` that ever counted anything (those a family's cube holds)."""
    if dimension == "all":
        return [ALL]
    key = (str(db.engine.url), versions()[table], "groups", table, dimension)
    return remember(key, lambda: _groups(table, dimension))


def _groups(table: str, dimension: str) -> list[str]:
    model = MODELS[table]
    nonzero = or_(*[getattr(model, m) != 0 for m in METRICS[table]])
    stmt = select(model.value).where(and_(model.dimension == dimension, nonzero)).distinct()
    return sorted(group_name(dimension, value) for value in db.session.scalars(stmt))
