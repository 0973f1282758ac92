"""Theme weeks and workshops delivered: today from the published theme weeks.

`deliveries()` is the one place analytics learns what was delivered. When the bookings domain
records delivered bookings (with pupils reached and feedback), this function reads those
instead; nothing else in analytics changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from netpolarna.bookings.models import ThemeWeek
from netpolarna.extensions import db

__all__ = ["Delivery", "ThemeWeek", "deliveries"]


@dataclass(frozen=True)
class Delivery:
    kind: str  # theme_week | workshop | lecture
    delivered_on: date
    pupils: int | None  # not recorded for theme weeks
    feedback_score: float | None  # 1-5, not recorded for theme weeks


def deliveries(start: date, end: date, today: date) -> list[Delivery]:
    """Sessions delivered with their last day in [start, end] and before `today`."""
    rows = db.session.scalars(
        select(ThemeWeek.ends_on).where(
            ThemeWeek.published.is_(True),
            ThemeWeek.ends_on >= start,
            ThemeWeek.ends_on <= end,
            ThemeWeek.ends_on < today,
        )
    )
    return [Delivery("theme_week", ends_on, None, None) for ends_on in rows]
