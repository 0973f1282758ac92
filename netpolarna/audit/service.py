"""Writing audit rows. The caller's transaction carries the row, so it lands with the change."""

from __future__ import annotations

from typing import Any, Protocol

from netpolarna.audit.models import AuditEvent
from netpolarna.extensions import db


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
