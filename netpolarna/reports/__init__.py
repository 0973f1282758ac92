"""Youth reports: submission, anonymous conversation, notes, status history, evidence."""

from __future__ import annotations

from flask import Flask

from netpolarna.common import idempotency
from netpolarna.common.api import ApiBlueprint
from netpolarna.common.settings import Setting, apply
from netpolarna.reports.guidance import parse_staff_hours

blp = ApiBlueprint(
    "reports",
    __name__,
    url_prefix="/api/v1/reports",
    description="Youth reports, their conversation, notes and evidence",
)

# Settings this package reads, by config key; the variables keep their README names.
SETTINGS = [
    Setting("REPORTS_STAFF_HOURS", "mon-fri 08:00-17:00", "NETPOLARNA_STAFF_HOURS"),
    Setting("REPORTS_HOME_COUNTRY", "SE", "NETPOLARNA_HOME_COUNTRY"),
    Setting("REPORTS_RATE_LIMIT", "5/minute;30/day"),
    Setting("MESSAGES_RATE_LIMIT", "30/minute;500/day"),
    Setting("EVIDENCE_RATE_LIMIT", "10/minute;100/day"),
    Setting("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024),
    Setting("EVIDENCE_MAX_PIXELS", 16_000_000),
    Setting("EVIDENCE_RETENTION_DAYS", 90),
    Setting("EVIDENCE_RETENTION_INTERVAL_MINUTES", 360, "NETPOLARNA_EVIDENCE_RETENTION_INTERVAL"),
]


def init_app(app: Flask) -> None:
    apply(app, SETTINGS)
    parse_staff_hours(app.config["REPORTS_STAFF_HOURS"])  # fail at start, not on a report
    idempotency.init_app(app)


from netpolarna.reports import lifecycle, routes  # noqa: E402,F401  (views, erasure, jobs)

blueprints = [blp]
