"""The open-data package: a Frictionless Data Package of one month's suppressed figures.

Every municipality running the service writes the same resources with the same columns, so
two packages compare column by column. Empty cells are suppressed (fewer than k, or hidden so
that another cell cannot be worked out); the `suppressed` column names them. See
docs/open-data.md. Bump `PACKAGE_VERSION` on any change to the columns.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from flask import current_app

from netpolarna.analytics.models import FLAG_METRICS, MESSAGE_METRICS
from netpolarna.analytics.month_view import month_view
from netpolarna.analytics.periods import Period
from netpolarna.analytics.privacy import K
from netpolarna.db import utcnow

PACKAGE_VERSION = "1.1.0"


def _field(name: str, kind: str, description: str) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": name, "type": kind, "description": description}
    if kind in ("integer", "number"):
        spec["constraints"] = {"minimum": 0}
    return spec


KEY_FIELDS = [
    _field("month", "string", "The month, YYYY-MM"),
    _field("dimension", "string", "What the row is split by; 'all' for the whole municipality"),
    _field("value", "string", "The value of the dimension; 'all' for the whole municipality"),
]
SUPPRESSED = _field("suppressed", "string", "Space-separated names of the suppressed columns")
MESSAGE_DOC = {
    "messages": "Public messages scanned (counted on the day they were scanned)",
    "hateful": "Scored hateful by the classifier",
    "offensive": "Scored offensive",
    "neutral": "Scored neutral",
    "counter_speech": "Scored counter-speech",
    "unscored": "Not scored",
    "threats": "Threat probability at or above the threshold",
}
FLAG_DOC = {
    "raised": "Flags first raised in the month",
    "responded": "Of those, with a first claim or action",
    "responded_in_target": "Of those, responded within the response target",
    "closed": "Of those, closed",
}

RESOURCES: list[dict[str, Any]] = [
    {
        "name": "messages",
        "path": "messages.csv",
        "title": "Scanned messages by platform, language, target group and place",
        "dimensions": ("all", "platform", "language", "target", "place"),
        "metrics": MESSAGE_METRICS,
        "doc": MESSAGE_DOC,
    },
    {
        "name": "flags",
        "path": "flags.csv",
        "title": "Flags raised, responded to and closed, by severity and reason",
        "dimensions": ("all", "severity", "reason"),
        "metrics": FLAG_METRICS,
        "doc": FLAG_DOC,
    },
    {
        "name": "youth-reports",
        "path": "youth-reports.csv",
        "title": "Youth reports by category, danger and outcome (monthly only)",
        "dimensions": ("all", "category", "danger", "outcome"),
        "metrics": ("reports",),
        "doc": {"reports": "Youth reports received in the month"},
    },
]
VIEW_KEYS = {
    "messages": {
        "all": "trend",
        "platform": "by_platform",
        "language": "by_language",
        "target": "by_target",
        "place": "by_place",
    },
    "flags": {"all": "flags_trend", "severity": "flags_by_severity", "reason": "flags_by_reason"},
    "youth-reports": {
        "all": "reports_trend",
        "category": "reports_by_category",
        "danger": "reports_by_danger",
        "outcome": "reports_by_outcome",
    },
}
ACTIVITY_FIELDS = [
    _field("month", "string", "The month, YYYY-MM"),
    _field("first_action_median_minutes", "number", "Median minutes to first action (bucket edge)"),
    _field("first_action_p90_minutes", "number", "90th percentile minutes to first action"),
    _field("close_median_minutes", "number", "Median minutes to close (bucket edge)"),
    _field("netwalk_sessions", "integer", "Manual net-walk sessions logged"),
    _field("netwalk_hours", "number", "Hours of manual net-walking logged"),
    _field("theme_weeks", "integer", "Theme weeks delivered (booked or announced by staff)"),
    _field("workshops", "integer", "Workshops delivered"),
    _field("lectures", "integer", "Lectures delivered"),
    _field("parents_evenings", "integer", "Parents' evenings delivered"),
    _field("pupils", "integer", "Pupils reached, as schools reported; empty if none or under k"),
    _field("ratings", "integer", "Deliveries rated by their school"),
    _field("feedback_score", "number", "Mean rating 1-5; empty under k ratings"),
]


def _rows(view: dict[str, Any], resource: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for dimension in resource["dimensions"]:
        found = view[VIEW_KEYS[resource["name"]][dimension]]
        for row in found:
            if row["period"] != view["month"]:
                continue
            counts = row["counts"]
            rows.append(
                {
                    "month": view["month"],
                    "dimension": dimension,
                    "value": row["value"] or "all",
                    **{m: ("" if counts[m] is None else counts[m]) for m in resource["metrics"]},
                    "suppressed": " ".join(m for m in resource["metrics"] if counts[m] is None),
                }
            )
    return rows


def _activity_row(view: dict[str, Any]) -> dict[str, Any]:
    month = view["month"]
    times: dict[str, Any] = next((r for r in view["response_times"] if r["period"] == month), {})
    logs = next(r for r in view["netwalk_logs"] if r["period"] == month)
    delivered = next(r for r in view["deliveries"] if r["period"] == month)

    def blank(value: Any) -> Any:
        return "" if value is None else value

    return {
        "month": month,
        "first_action_median_minutes": blank(times.get("first_action_median_minutes")),
        "first_action_p90_minutes": blank(times.get("first_action_p90_minutes")),
        "close_median_minutes": blank(times.get("close_median_minutes")),
        "netwalk_sessions": logs["sessions"],
        "netwalk_hours": logs["hours"],
        "theme_weeks": delivered["theme_weeks"],
        "workshops": delivered["workshops"],
        "lectures": delivered["lectures"],
        "parents_evenings": delivered["parents_evenings"],
        "pupils": blank(delivered["pupils"]),
        "ratings": delivered["ratings"],
        "feedback_score": blank(delivered["feedback_score"]),
    }


def _write_csv(path: Path, fields: list[dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[f["name"] for f in fields])
        writer.writeheader()
        writer.writerows(rows)


def write_package(period: Period, out: Path) -> Path:
    """Write datapackage.json and its CSV resources for `period` into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    view = month_view(period)
    municipality = current_app.config.get("ANALYTICS_MUNICIPALITY", "")
    resources = []
    for resource in RESOURCES:
        fields = [
            *KEY_FIELDS,
            *[_field(m, "integer", resource["doc"][m]) for m in resource["metrics"]],
            SUPPRESSED,
        ]
        _write_csv(out / resource["path"], fields, _rows(view, resource))
        resources.append(
            _descriptor(
                resource["name"],
                resource["path"],
                resource["title"],
                fields,
                ["month", "dimension", "value"],
            )
        )
    _write_csv(out / "activity.csv", ACTIVITY_FIELDS, [_activity_row(view)])
    resources.append(
        _descriptor(
            "activity",
            "activity.csv",
            "Response times and the programme's own work",
            ACTIVITY_FIELDS,
            ["month"],
        )
    )
    package = {
        "profile": "tabular-data-package",
        "name": f"natpolarna-digital-city-{period.label}",
        "title": f"Nätpolarna: the digital city, {municipality} {period.label}",
        "description": (
            "Monthly aggregates of online hate and healthy conversation among young people's "
            f"public spaces, as counted by the Nätpolarna service. Cells under k={K} are "
            "suppressed, with secondary suppression so they cannot be worked out. "
            "Schema documented in docs/open-data.md."
        ),
        "version": PACKAGE_VERSION,
        "created": utcnow().replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "keywords": ["online hate", "counter-speech", "municipality", "open data"],
        "licenses": [
            {
                "name": "CC0-1.0",
                "path": "https://creativecommons.org/publicdomain/zero/1.0/",
                "title": "Creative Commons Zero v1.0 Universal",
            }
        ],
        "netpolarna": {
            "schema_version": PACKAGE_VERSION,
            "k": K,
            "municipality": municipality,
            "month": period.label,
        },
        "resources": resources,
    }
    path = out / "datapackage.json"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _descriptor(
    name: str, path: str, title: str, fields: list[dict[str, Any]], key: list[str]
) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "title": title,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, "primaryKey": key, "missingValues": [""]},
    }
