"""Rollups of flags (per day first seen) and youth reports (per month), recomputed whole when
their table's fingerprint changes.

Both tables are small (thousands of rows a year) and nothing purges them: flagged threads are
retained, and a youth report stays, de-linked, after its reporter erases their account. So a
recompute from the table is always authoritative and equals any incremental history.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, func, insert, select

from netpolarna.analytics import durations
from netpolarna.analytics.models import FlagDay, ReportMonth
from netpolarna.analytics.sources.reports import Report
from netpolarna.analytics.sources.triage import Flag
from netpolarna.db import db


def flag_fingerprint() -> str:
    row = db.session.execute(
        select(
            func.count(Flag.id),
            func.max(Flag.id),
            func.max(Flag.updated_at),
            func.max(Flag.responded_at),
            func.max(Flag.closed_at),
        )
    ).one()
    return "|".join(str(value) for value in row)


def report_fingerprint() -> str:
    row = db.session.execute(
        select(func.count(Report.id), func.max(Report.id), func.max(Report.updated_at))
    ).one()
    return "|".join(str(value) for value in row)


def _minutes(later: datetime | None, earlier: datetime) -> float | None:
    if later is None:
        return None
    return max(0.0, (later - earlier).total_seconds() / 60.0)


@dataclass
class _FlagCell:
    raised: int = 0
    responded: int = 0
    responded_in_target: int = 0
    closed: int = 0
    first_action_buckets: list[int] = field(default_factory=durations.empty)
    close_buckets: list[int] = field(default_factory=durations.empty)


def recompute_flags() -> None:
    cells: dict[tuple[date, str, str], _FlagCell] = defaultdict(_FlagCell)
    stmt = select(
        Flag.first_seen_at,
        Flag.severity,
        Flag.reasons,
        Flag.responded_at,
        Flag.response_due_at,
        Flag.closed_at,
    )
    for row in db.session.execute(stmt):
        day = row.first_seen_at.date()
        codes = sorted(
            {str(r["code"]) for r in row.reasons or () if isinstance(r, dict) and r.get("code")}
        )
        first_action = _minutes(row.responded_at, row.first_seen_at)
        to_close = _minutes(row.closed_at, row.first_seen_at)
        keys = [("all", ""), ("severity", row.severity or "none")]
        keys += [("reason", code) for code in codes]
        for dimension, value in keys:
            c = cells[(day, dimension, value)]
            c.raised += 1
            if first_action is not None:
                c.responded += 1
                c.first_action_buckets[durations.bucket_of(first_action)] += 1
                if row.responded_at <= row.response_due_at:
                    c.responded_in_target += 1
            if to_close is not None:
                c.closed += 1
                c.close_buckets[durations.bucket_of(to_close)] += 1
    db.session.execute(delete(FlagDay))
    if cells:
        db.session.execute(
            insert(FlagDay),
            [
                {"day": d, "dimension": dim, "value": v, **asdict(c)}
                for (d, dim, v), c in cells.items()
            ],
        )


def recompute_reports() -> None:
    counts: dict[tuple[date, str, str], int] = defaultdict(int)
    stmt = select(
        Report.created_at, Report.category, Report.in_danger, Report.outcome, Report.closed_at
    )
    for row in db.session.execute(stmt):
        month = row.created_at.date().replace(day=1)
        outcome = row.outcome or ("open" if row.closed_at is None else "none")
        for dimension, value in (
            ("all", ""),
            ("category", row.category),
            ("danger", "yes" if row.in_danger else "no"),
            ("outcome", outcome),
        ):
            counts[(month, dimension, value)] += 1
    db.session.execute(delete(ReportMonth))
    if counts:
        db.session.execute(
            insert(ReportMonth),
            [
                {"month": m, "dimension": dim, "value": v, "reports": n}
                for (m, dim, v), n in counts.items()
            ],
        )
