"""Youth reports: submission, anonymous conversation, notes, status history, evidence."""

from __future__ import annotations

import os

from flask import Flask

from netpolarna.common import idempotency
from netpolarna.common.api import ApiBlueprint

blp = ApiBlueprint(
    "reports",
    __name__,
    url_prefix="/api/v1/reports",
    description="Youth reports, their conversation, notes and evidence",
)

# Settings this package reads: (config key, environment variable, default).
SETTINGS: tuple[tuple[str, str, object], ...] = (
    ("REPORTS_STAFF_HOURS", "NETPOLARNA_STAFF_HOURS", "mon-fri 08:00-17:00"),
    ("REPORTS_HOME_COUNTRY", "NETPOLARNA_HOME_COUNTRY", "SE"),
    ("REPORTS_RATE_LIMIT", "NETPOLARNA_REPORTS_RATE_LIMIT", "5/minute;30/day"),
    ("MESSAGES_RATE_LIMIT", "NETPOLARNA_MESSAGES_RATE_LIMIT", "30/minute;500/day"),
    ("EVIDENCE_RATE_LIMIT", "NETPOLARNA_EVIDENCE_RATE_LIMIT", "10/minute;100/day"),
    ("EVIDENCE_MAX_BYTES", "NETPOLARNA_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024),
    ("EVIDENCE_MAX_PIXELS", "NETPOLARNA_EVIDENCE_MAX_PIXELS", 16_000_000),
    ("EVIDENCE_RETENTION_DAYS", "NETPOLARNA_EVIDENCE_RETENTION_DAYS", 90),
    ("EVIDENCE_RETENTION_INTERVAL_MINUTES", "NETPOLARNA_EVIDENCE_RETENTION_INTERVAL", 360),
)


def init_app(app: Flask) -> None:
    from netpolarna.reports.guidance import parse_staff_hours

    for key, variable, default in SETTINGS:
        raw = os.environ.get(variable)
        value: object = default if raw is None else (int(raw) if isinstance(default, int) else raw)
        app.config.setdefault(key, value)
    parse_staff_hours(app.config["REPORTS_STAFF_HOURS"])  # fail at start, not on a report
    idempotency.init_app(app)


from netpolarna.reports import lifecycle, routes  # noqa: E402,F401  (views, erasure, jobs)

blueprints = [blp]
