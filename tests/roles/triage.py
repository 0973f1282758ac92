"""Role-matrix rows for the triage queue, message labels and classifier versions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from netpolarna.accounts import service as accounts
from netpolarna.db import utcnow
from netpolarna.extensions import db
from netpolarna.netwalk.classifier import registry
from netpolarna.netwalk.models import Message, Source, Thread
from netpolarna.netwalk.triage.models import Flag
from netpolarna.reports import service as reports

STAFF = {"anonymous": 401, "youth": 403, "netwalker": 200, "school": 403, "admin": 200}
STAFF_CREATED = {**STAFF, "netwalker": 201, "admin": 201}
ADMIN_ONLY = {"anonymous": 401, "youth": 403, "netwalker": 403, "school": 403, "admin": 200}


def prepare(ctx: dict[str, Any]) -> dict[str, Any]:
    """A fresh flag (version 1) on a thread with one message, a youth report, two models."""
    now = utcnow()
    source = Source(name="Forum", kind="jsonl", config={"path": "/dev/null"})
    db.session.add(source)
    db.session.flush()
    thread = Thread(source_id=source.id, source_thread_id=f"t-{ctx['role']}")
    db.session.add(thread)
    db.session.flush()
    message = Message(
        source_id=source.id,
        thread_id=thread.id,
        message_id="m1",
        reply_path="000000",
        author_pseudonym="a" * 64,
        text="Du är så dum",
        content_hash="h" * 64,
        lang="sv",
        created_at=now,
    )
    db.session.add(message)
    db.session.flush()
    flag = Flag(
        thread_id=thread.id,
        severity="high",
        severity_rank=3,
        score=0.8,
        evidence_message_ids=[message.id],
        response_due_at=now + timedelta(hours=4),
    )
    db.session.add(flag)
    db.session.commit()
    youth = accounts.register_device(locale="sv", platform=None).user
    report = reports.create_report(
        youth, locale="sv", category="hate", platform="tiktok", description="x", affected="me"
    )
    instance = ctx["app"].instance_path
    for version in ("20260101T0000Z-aaaa0001", "20260102T0000Z-bbbb0002"):
        folder = registry.models_dir(instance) / version
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "model.joblib").write_bytes(b"not loaded by these endpoints")
        registry.activate(instance, version)
    return {
        "flag_id": flag.id,
        "message_id": message.id,
        "report_id": report["id"],
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
