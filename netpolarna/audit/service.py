"""Writing audit rows. The caller's transaction carries the row, so it lands with the change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select

from netpolarna.audit.models import AuditEvent
from netpolarna.common.pagination import Page, SortKey, paginate
from netpolarna.db import db


def record(
    *,
    actor_id: int | None,
    actor_role: str | None,
    action: str,
    subject_type: str,
    subject_id: object,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit row to the session; the caller commits."""
    event = AuditEvent(
        actor_id=actor_id,
        actor_role=actor_role,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        detail=detail or {},
    )
    db.session.add(event)
    return event


class Actor(Protocol):
    id: int
    role: str


def actor_did(
    actor: Actor | None,
    action: str,
    subject_type: str,
    subject_id: object,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """This actor (None: the system) did `action` to that subject; the caller commits."""
    return record(
        actor_id=actor.id if actor is not None else None,
        actor_role=str(actor.role) if actor is not None else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail,
    )


@dataclass(frozen=True)
class AuditFilters:
    actor_id: int | None = None
    action: str | None = None  # exact, or a prefix ending in "." ("report." = every report action)
    subject_type: str | None = None
    subject_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def list_events(filters: AuditFilters, *, cursor: str | None, limit: int) -> Page[AuditEvent]:
    """The audit log, newest first, filtered by who, what and when."""
    stmt = select(AuditEvent)
    if filters.actor_id is not None:
        stmt = stmt.where(AuditEvent.actor_id == filters.actor_id)
    if filters.action:
        if filters.action.endswith("."):
            stmt = stmt.where(AuditEvent.action.startswith(filters.action, autoescape=True))
        else:
            stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.subject_type:
        stmt = stmt.where(AuditEvent.subject_type == filters.subject_type)
    if filters.subject_id:
        stmt = stmt.where(AuditEvent.subject_id == str(filters.subject_id))
    if filters.since is not None:
        stmt = stmt.where(AuditEvent.at >= filters.since)
    if filters.until is not None:
        stmt = stmt.where(AuditEvent.at < filters.until)
    keys = [SortKey(AuditEvent.id, descending=True)]
    return paginate(stmt, keys, lambda e: [e.id], cursor=cursor, limit=limit)
