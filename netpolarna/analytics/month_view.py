"""Everything the monthly report shows, as one suppressed structure (also the API's month view
and the source of the open-data export)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app

from netpolarna.analytics import activity, figures
from netpolarna.analytics.periods import Period, previous_months
from netpolarna.db import utcnow

TREND_MONTHS = 12


def month_view(month: Period, today: date | None = None) -> dict[str, Any]:
    today = today or utcnow().date()
    months = previous_months(month, TREND_MONTHS)
    first, last = months[0].start, month.end

    def in_month(dimension: str, name: str = "messages") -> list[dict[str, Any]]:
        return figures.table(name, dimension, "month", month.start, month.end)["rows"]

    targets = current_app.config.get("FLAG_RESPONSE_TARGET_MINUTES", {})
    return {
        "month": month.label,
        "start": month.start,
        "end": month.end,
        "k": figures.K,
        "trend": figures.table("messages", "all", "month", first, last)["rows"],
        "by_platform": in_month("platform"),
        "by_language": in_month("language"),
        "by_target": in_month("target"),
        "by_place": in_month("place"),
        "flags_trend": figures.table("flags", "all", "month", first, last)["rows"],
        "flags_by_severity": in_month("severity", "flags"),
        "flags_by_reason": in_month("reason", "flags"),
        "response_times": figures.response_times("month", first, last)["rows"],
        "response_targets_minutes": {str(p): m for p, m in dict(targets).items()},
        "reports_trend": figures.table("reports", "all", "month", first, last)["rows"],
        "reports_by_category": in_month("category", "reports"),
        "reports_by_danger": in_month("danger", "reports"),
        "reports_by_outcome": in_month("outcome", "reports"),
        "netwalk_logs": activity.log_hours(months),
        "deliveries": activity.delivered(months, today),
    }
