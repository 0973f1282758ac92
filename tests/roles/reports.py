"""Role-matrix rows for reports, their messages, notes and evidence."""

import io
from typing import Any

from PIL import Image

from netpolarna.accounts import service as accounts
from netpolarna.reports import evidence, service

READERS = {"anonymous": 401, "youth": 200, "netwalker": 200, "school": 403, "admin": 200}
STAFF = {"anonymous": 401, "youth": 403, "netwalker": 200, "school": 403, "admin": 200}
REPORT = {"category": "hate", "platform": "tiktok", "description": "x", "affected": "me"}


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def prepare(ctx: dict[str, Any]) -> dict[str, Any]:
    """A report owned by the acting youth (so 200 proves own access), else by another youth."""
    actor = ctx["actor"]
    owner = (
        actor.user
        if ctx["role"] == "youth"
        else accounts.register_device(locale="sv", platform=None).user
    )
    report = service.create_report(owner, locale="sv", **REPORT).report
    item = evidence.add_evidence(owner, report.id, _png())
    return {"report_id": report.id, "evidence_id": item.id}


ROWS = [
    {
        "method": "POST",
        "path": "/api/v1/reports",
        "body": REPORT,
        "expect": {"anonymous": 401, "youth": 201, "netwalker": 403, "school": 403, "admin": 403},
    },
    {"method": "GET", "path": "/api/v1/reports", "expect": READERS},
    {"method": "GET", "path": "/api/v1/reports/{report_id}", "expect": READERS},
    {
        "method": "PATCH",
        "path": "/api/v1/reports/{report_id}",
        "body": {"status": "in_review"},
        "expect": STAFF,
    },
    {"method": "GET", "path": "/api/v1/reports/{report_id}/messages", "expect": READERS},
    {
        "method": "POST",
        "path": "/api/v1/reports/{report_id}/messages",
        "body": {"body": "hello"},
        "expect": {**READERS, "youth": 201, "netwalker": 201, "admin": 201},
    },
    {"method": "GET", "path": "/api/v1/reports/{report_id}/notes", "expect": STAFF},
    {
        "method": "POST",
        "path": "/api/v1/reports/{report_id}/notes",
        "body": {"body": "called the school"},
        "expect": {**STAFF, "netwalker": 201, "admin": 201},
    },
    {"method": "GET", "path": "/api/v1/reports/{report_id}/evidence", "expect": READERS},
    {
        # JSON instead of a multipart file: a youth gets past the guard to validation (422).
        "method": "POST",
        "path": "/api/v1/reports/{report_id}/evidence",
        "body": {},
        "expect": {"anonymous": 401, "youth": 422, "netwalker": 403, "school": 403, "admin": 403},
    },
    {
        "method": "GET",
        "path": "/api/v1/reports/{report_id}/evidence/{evidence_id}",
        "expect": READERS,
    },
]
