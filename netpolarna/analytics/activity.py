"""The programme's own work: net-walk log hours and theme weeks or workshops delivered.

These describe staff work, not young people, so they are not suppressed; they are read from
their small tables per request.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from netpolarna.analytics.periods import Period
from netpolarna.analytics.sources.deliveries import deliveries
from netpolarna.analytics.sources.netwalk import NetwalkLog
from netpolarna.extensions import db


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def log_hours(periods: list[Period]) -> list[dict[str, Any]]:
    start, end = _midnight(periods[0].start), _midnight(periods[-1].end) + timedelta(days=1)
    stmt = select(NetwalkLog.started_at, NetwalkLog.ended_at).where(
        NetwalkLog.started_at >= start, NetwalkLog.started_at < end
    )
    rows = list(db.session.execute(stmt))
    answer = []
    for period in periods:
        sessions, hours = 0, 0.0
        for started, ended in rows:
            if period.start <= started.date() <= period.end:
                sessions += 1
                if ended is not None and ended > started:
                    hours += (ended - started).total_seconds() / 3600.0
        answer.append(
            {
                "period": period.label,
                "start": period.start,
                "end": period.end,
                "sessions": sessions,
                "hours": round(hours, 1),
            }
        )
    return answer


def delivered(periods: list[Period], today: date) -> list[dict[str, Any]]:
    found = deliveries(periods[0].start, periods[-1].end, today)
    answer = []
    for period in periods:
        inside = [d for d in found if period.start <= d.delivered_on <= period.end]
        pupils = [d.pupils for d in inside if d.pupils is not None]
        scores = [d.feedback_score for d in inside if d.feedback_score is not None]
        answer.append(
            {
                "period": period.label,
                "start": period.start,
                "end": period.end,
                "theme_weeks": sum(1 for d in inside if d.kind == "theme_week"),
                "workshops": sum(1 for d in inside if d.kind == "workshop"),
                "lectures": sum(1 for d in inside if d.kind == "lecture"),
                "pupils": sum(pupils) if pupils else None,
                "feedback_score": round(sum(scores) / len(scores), 2) if scores else None,
            }
        )
    return answer
