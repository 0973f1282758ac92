"""The overview: this week's figures and the last weeks' trends, from the analytics service.

The service already hides cells under k (privacy); a hidden cell is shown as "–" with a note,
never as zero.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from netpolarna.analytics import activity, figures
from netpolarna.analytics.periods import month_of, periods_between, week_of
from netpolarna.bookings.service import local_today
from netpolarna.console import console_bp
from netpolarna.console.web import render

WEEKS = 8
HIDDEN = "hidden"


def _cells(table: dict[str, Any], metrics: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Per period label, each metric's count, or HIDDEN where the service suppressed it."""
    hidden = {(s["period"], s["metric"]) for s in table["suppressed"] if s["value"] is None}
    found: dict[str, dict[str, Any]] = {}
    for row in table["rows"]:
        cells: dict[str, Any] = {}
        for metric in metrics:
            value = row["counts"].get(metric)
            cells[metric] = HIDDEN if (row["period"], metric) in hidden else (value or 0)
        if "shares" in row:
            healthy = row["shares"].get("healthy")
            cells["healthy"] = HIDDEN if healthy is None and cells["messages"] else healthy
        found[row["period"]] = cells
    return found


@console_bp.route("/overview")
def overview() -> Any:
    today = local_today()
    first = week_of(today).start - timedelta(weeks=WEEKS - 1)
    weeks = periods_between(first, today, "week")
    messages = _cells(
        figures.table("messages", "all", "week", first, today), ("messages", "hateful")
    )
    flags = _cells(figures.table("flags", "all", "week", first, today), ("raised", "closed"))
    times = {
        r["period"]: r["first_action_median_minutes"]
        for r in figures.response_times("week", first, today)["rows"]
    }
    deliveries = {r["period"]: r for r in activity.delivered(weeks, today)}
    month = month_of(today)
    reports = _cells(figures.table("reports", "all", "month", month.start, month.end), ("reports",))
    rows = [
        {
            "period": w,
            "messages": messages.get(w.label, {}),
            "flags": flags.get(w.label, {}),
            "median_minutes": times.get(w.label),
            "has_flags": bool(flags.get(w.label, {}).get("raised")),
            "deliveries": deliveries.get(w.label, {}),
        }
        for w in reversed(weeks)
    ]
    return render(
        "overview.html",
        this_week=rows[0],
        rows=rows,
        reports=reports.get(month.label, {}).get("reports", 0),
        month=month,
        k=figures.K,
        hidden=HIDDEN,
    )
