"""Role-matrix rows for the triage queue, message labels and classifier versions."""

from __future__ import annotations

from typing import Any

from factories import FlagFactory, MessageFactory, ReportFactory, ThreadFactory

from netpolarna.db import db
from netpolarna.netwalk.classifier import registry

STAFF = {"anonymous": 401, "youth": 403, "netwalker": 200, "school": 403, "admin": 200}
STAFF_CREATED = {**STAFF, "netwalker": 201, "admin": 201}
ADMIN_ONLY = {"anonymous": 401, "youth": 403, "netwalker": 403, "school": 403, "admin": 200}


def prepare(ctx: dict[str, Any]) -> dict[str, Any]:
    """A fresh flag (version 1) on a thread with one message, a youth report, two models."""
    thread = ThreadFactory(title=f"t-{ctx['role']}")
    message = MessageFactory(thread=thread, text="Du är så dum")
    flag = FlagFactory(
        thread=thread, severity="high", score=0.8, evidence_message_ids=[message.id],
        due_in_minutes=4 * 60,
    )  # fmt: skip
    db.session.commit()
    report_id = ReportFactory(category="hate", platform="tiktok", description="x", affected="me")
    instance = ctx["app"].instance_path
    for version in ("20260101T0000Z-aaaa0001", "20260102T0000Z-bbbb0002"):
        folder = registry.models_dir(instance) / version
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "model.joblib").write_bytes(b"not loaded by these endpoints")
        registry.activate(instance, version)
    return {
        "flag_id": flag.id,
        "message_id": message.id,
        "report_id": report_id,
        "version": "20260101T0000Z-aaaa0001",
    }


def _self(ctx: dict[str, Any], _values: dict[str, Any]) -> dict[str, Any]:
    return {"assignee_id": ctx["actor"].user.id if ctx["actor"] else None}


ROWS = [
    {"method": "GET", "path": "/api/v1/flags", "expect": STAFF},
    {"method": "GET", "path": "/api/v1/flags/{flag_id}", "expect": STAFF},
    {
        "method": "PATCH",
        "path": "/api/v1/flags/{flag_id}",
        "headers": {"If-Match": '"1"'},
        "body": {"status": "in_review"},
        "expect": STAFF,
    },
    {"method": "POST", "path": "/api/v1/flags/{flag_id}/claim", "expect": STAFF},
    {"method": "POST", "path": "/api/v1/flags/{flag_id}/assign", "body": _self, "expect": STAFF},
    {
        "method": "POST",
        "path": "/api/v1/flags/{flag_id}/actions",
        "body": {"kind": "no_action", "note": "Watched it."},
        "expect": STAFF_CREATED,
    },
    {
        "method": "POST",
        "path": "/api/v1/flags/{flag_id}/notes",
        "body": {"body": "Looks calm now."},
        "expect": STAFF_CREATED,
    },
    {
        "method": "POST",
        "path": "/api/v1/flags/{flag_id}/reports",
        "body": lambda _ctx, values: {"report_id": values["report_id"]},
        "expect": STAFF_CREATED,
    },
    {
        "method": "POST",
        "path": "/api/v1/flags/bulk-close",
        "body": lambda _ctx, values: {"flag_ids": [values["flag_id"]]},
        "expect": STAFF,
    },
    {
        "method": "POST",
        "path": "/api/v1/messages/{message_id}/label",
        "body": {"label": "offensive", "targets": ["individual"]},
        "expect": STAFF_CREATED,
    },
    {"method": "GET", "path": "/api/v1/models", "expect": ADMIN_ONLY},
    {"method": "POST", "path": "/api/v1/models/{version}/activate", "expect": ADMIN_ONLY},
    {"method": "POST", "path": "/api/v1/models/rollback", "expect": ADMIN_ONLY},
]
