"""Role-matrix rows for sources, scans, threads and net-walk logs: staff only."""

from datetime import UTC, datetime
from typing import Any

from netpolarna.db import db
from netpolarna.netwalk import logs, sources
from netpolarna.netwalk.models import Thread

ROLES = ("anonymous", "youth", "netwalker", "school", "admin")


def staff(status: int) -> dict[str, int]:
    return {"anonymous": 401, "youth": 403, "netwalker": status, "school": 403, "admin": status}


def prepare(ctx: dict[str, Any]) -> dict[str, Any]:
    source = sources.create_source(
        name=f"Roles {ctx['role']}", kind="rss", config={"url": "https://example.org/feed.xml"}
    )
    run = sources.request_scan(source.id)
    thread = Thread(source_id=source.id, source_thread_id=f"t-{ctx['role']}", lang_counts={})
    db.session.add(thread)
    db.session.commit()
    actor = ctx["actor"]
    owner = actor.user if actor is not None and actor.user.role in ("netwalker", "admin") else None
    if owner is None:
        owner = ctx["make_actor"]("netwalker").user
    entry = logs.create_log(
        actor=owner, platforms=["TikTok"], started_at=datetime(2025, 3, 1, 9, tzinfo=UTC)
    )
    return {"source_id": source.id, "run_id": run.id, "thread_id": thread.id, "log_id": entry.id}


SOURCE_BODY = {"name": "New", "kind": "rss", "config": {"url": "https://example.org/a.xml"}}
LOG_BODY = {"platforms": ["Instagram"], "started_at": "2025-03-01T10:00:00+00:00"}

ROWS = [
    {"method": "GET", "path": "/api/v1/sources", "expect": staff(200)},
    {"method": "POST", "path": "/api/v1/sources", "body": SOURCE_BODY, "expect": staff(201)},
    {"method": "GET", "path": "/api/v1/sources/{source_id}", "expect": staff(200)},
    {
        "method": "PATCH",
        "path": "/api/v1/sources/{source_id}",
        "body": {"interval_minutes": 30},
        "expect": staff(200),
    },
    {"method": "DELETE", "path": "/api/v1/sources/{source_id}", "expect": staff(204)},
    {"method": "POST", "path": "/api/v1/sources/{source_id}/scan", "expect": staff(202)},
    {"method": "GET", "path": "/api/v1/scans", "expect": staff(200)},
    {"method": "GET", "path": "/api/v1/scans/{run_id}", "expect": staff(200)},
    {"method": "GET", "path": "/api/v1/threads", "expect": staff(200)},
    {"method": "GET", "path": "/api/v1/threads/{thread_id}", "expect": staff(200)},
    {"method": "GET", "path": "/api/v1/netwalk-logs", "expect": staff(200)},
    {"method": "POST", "path": "/api/v1/netwalk-logs", "body": LOG_BODY, "expect": staff(201)},
    {"method": "GET", "path": "/api/v1/netwalk-logs/{log_id}", "expect": staff(200)},
    {
        "method": "PATCH",
        "path": "/api/v1/netwalk-logs/{log_id}",
        "body": {"observations": "Calm evening."},
        "expect": staff(200),
    },
    {"method": "DELETE", "path": "/api/v1/netwalk-logs/{log_id}", "expect": staff(204)},
]
