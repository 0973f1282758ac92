"""The programme's own work: net-walk log hours and theme weeks or workshops delivered.

The counts describe staff work, not young people, so they are not suppressed; pupils reached
and schools' ratings are (below k). They are read from their small tables per request.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from netpolarna.analytics.periods import Period
from netpolarna.analytics.privacy import K
from netpolarna.analytics.sources.deliveries import deliveries
from netpolarna.analytics.sources.netwalk import NetwalkLog
from netpolarna.db import db

# Offering kind -> the row's count of it.
KINDS = {
    "theme_week": "theme_weeks",
    "workshop": "workshops",
    "lecture": "lectures",
    "parents_evening": "parents_evenings",
}


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
    """Sessions delivered per period by kind. The counts are staff work and always shown;
    pupils reached and the mean rating come from schools' feedback, so they are withheld
    (None, named in `suppressed`) where pupils are 1 to k-1 or fewer than k schools rated."""
    found = deliveries(periods[0].start, periods[-1].end, today)
    answer = []
    for period in periods:
        inside = [d for d in found if period.start <= d.delivered_on <= period.end]
        pupils = [d.pupils for d in inside if d.pupils is not None]
        scores = [d.feedback_score for d in inside if d.feedback_score is not None]
        pupil_sum = sum(pupils) if pupils else None
        suppressed = []
        if pupil_sum is not None and 0 < pupil_sum < K:
            pupil_sum = None
            suppressed.append("pupils")
        score = round(sum(scores) / len(scores), 2) if scores else None
        if score is not None and len(scores) < K:
            score = None
            suppressed.append("feedback_score")
        answer.append(
            {
                "period": period.label,
                "start": period.start,
                "end": period.end,
                **{
                    plural: sum(1 for d in inside if d.kind == kind)
                    for kind, plural in KINDS.items()
                },
                "booked": sum(1 for d in inside if d.booked),
                "pupils": pupil_sum,
                "ratings": len(scores),
                "feedback_score": score,
                "suppressed": suppressed,
            }
        )
    return answer
