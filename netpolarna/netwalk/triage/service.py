"""Changing flags: claim, assign, change status, act, note, bulk close, link reports.

Every change writes an audit row in the same transaction. Changes that could overwrite another
staff member's decision (status, reassignment) are guarded by `version`, sent back as the ETag
and checked against `If-Match`.

On duty: an active net-walker who signed in within the last `FLAG_ON_DUTY_HOURS` hours (default
12: "signed in today"). Automatic assignment picks the one on duty with the fewest open flags
(ties: the one who got a flag least recently, then the lowest id); if nobody is on duty it falls
back to every active net-walker, so a flag is never left unassigned by the rule itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import func, select, update

from netpolarna.accounts.models import User
from netpolarna.accounts.roles import STAFF, Role
from netpolarna.audit.service import actor_did
from netpolarna.db import db, utcnow
from netpolarna.errors import Conflict, DomainError, PreconditionFailed, ValidationFailed
from netpolarna.netwalk.detection.conflict_state import severity_rank
from netpolarna.netwalk.triage.flagging import add_link, priority_for, response_target
from netpolarna.netwalk.triage.labels import label_false_alarm
from netpolarna.netwalk.triage.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Flag,
    FlagAction,
    FlagNote,
    FlagReportLink,
)
from netpolarna.netwalk.triage.queue import (
    find_flag,
)
from netpolarna.reports.models import Report


class PreconditionRequired(DomainError):
    status, code = 428, "precondition_required"


def _audit(actor: User, action: str, flag_id: int, **detail: Any) -> None:
    actor_did(actor, action, "flag", flag_id, detail)


def etag(flag: Flag) -> str:
    return f'"{flag.version}"'


def _check_if_match(flag: Flag, if_match: str | None, *, required: bool) -> None:
    if if_match is None or not if_match.strip():
        if required:
            raise PreconditionRequired(
                detail="Send If-Match with the flag's ETag so no one else's change is lost.",
                etag=etag(flag),
            )
        return
    tags = {t.strip().removeprefix("W/") for t in if_match.split(",")}
    if "*" not in tags and etag(flag) not in tags:
        raise PreconditionFailed(
            detail="The flag changed since you read it; reload it and try again.",
            etag=etag(flag),
            version=flag.version,
        )


def _responded(flag: Flag, now: datetime) -> None:
    if flag.responded_at is None:
        flag.responded_at = now


# --- claiming and assigning ----------------------------------------------------------------


def claim_flag(flag_id: int, actor: User, *, if_match: str | None = None) -> Flag:
    """Take a flag: yours if nobody has it (409 if someone else does); new -> in review."""
    now = utcnow()
    flag = find_flag(flag_id, lock=True)
    _check_if_match(flag, if_match, required=False)
    if flag.assignee_id not in (None, actor.id):
        raise Conflict(
            detail="Someone else has this flag; ask them or reassign it.",
            code="flag_already_claimed",
            assignee_id=flag.assignee_id,
        )
    # A conditional update, so two staff claiming at once cannot both win.
    result: Any = db.session.execute(
        update(Flag)
        .where(Flag.id == flag.id, Flag.version == flag.version)
        .values(
            assignee_id=actor.id,
            claimed_at=now,
            status="in_review" if flag.status == "new" else flag.status,
            responded_at=flag.responded_at or now,
            version=flag.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:
        db.session.rollback()
        raise Conflict(
            detail="Someone else claimed this flag just now.", code="flag_already_claimed"
        )
    _audit(actor, "flag.claimed", flag.id)
    db.session.commit()
    db.session.refresh(flag)
    return flag


def on_duty_netwalkers(now: datetime | None = None) -> list[User]:
    now = now or utcnow()
    hours = float(current_app.config["FLAG_ON_DUTY_HOURS"])
    active = select(User).where(User.role == Role.NETWALKER, User.is_active.is_(True))
    on_duty = list(
        db.session.scalars(active.where(User.last_login_at >= now - timedelta(hours=hours)))
    )
    return on_duty or list(db.session.scalars(active))


def least_loaded(candidates: Sequence[User]) -> User | None:
    if not candidates:
        return None
    ids = [u.id for u in candidates]
    rows = db.session.execute(
        select(Flag.assignee_id, func.count(), func.max(Flag.claimed_at))
        .where(Flag.assignee_id.in_(ids), Flag.status.in_(OPEN_STATUSES))
        .group_by(Flag.assignee_id)
    )
    load = {row[0]: (row[1], row[2]) for row in rows}

    def key(user: User) -> tuple[int, float, int]:
        count, last = load.get(user.id, (0, None))
        return (count, last.timestamp() if last else 0.0, user.id)

    return min(candidates, key=key)


def assign_flag(
    flag_id: int, actor: User, *, assignee_id: int | None, if_match: str | None
) -> Flag:
    """Assign to a named staff member, or (no `assignee_id`) to the least loaded on duty."""
    now = utcnow()
    flag = find_flag(flag_id, lock=True)
    _check_if_match(flag, if_match, required=False)
    if assignee_id is None:
        assignee = least_loaded(on_duty_netwalkers(now))
        if assignee is None:
            raise Conflict(detail="No active net-walker to assign to.", code="nobody_on_duty")
        how = "auto"
    else:
        assignee = db.session.get(User, assignee_id)
        if assignee is None or assignee.role not in STAFF or not assignee.is_active:
            raise ValidationFailed(errors={"assignee_id": ["Not an active staff account."]})
        how = "manual"
    previous = flag.assignee_id
    flag.assignee_id = assignee.id
    flag.claimed_at = now
    flag.version += 1
    if flag.status == "new":
        flag.status = "in_review"
    _audit(actor, "flag.assigned", flag.id, assignee_id=assignee.id, previous=previous, how=how)
    db.session.commit()
    return flag


# --- status, actions, notes -----------------------------------------------------------------


def _close(flag: Flag, actor: User, status: str, now: datetime) -> None:
    flag.status = status
    flag.closed_at = now
    flag.closed_level = flag.severity
    flag.closed_score = flag.score
    if status == "false_alarm":
        label_false_alarm(flag, actor, now)


def update_flag(
    flag_id: int,
    actor: User,
    *,
    if_match: str | None,
    status: str | None = None,
    severity: str | None = None,
) -> Flag:
    """Change the status (or override the severity); If-Match is required."""
    now = utcnow()
    flag = find_flag(flag_id, lock=True)
    _check_if_match(flag, if_match, required=True)
    changes: dict[str, Any] = {}
    if status is not None and status != flag.status:
        changes["status"] = [flag.status, status]
        if status in CLOSED_STATUSES:
            _close(flag, actor, status, now)
        else:
            if flag.status in CLOSED_STATUSES:
                flag.closed_at = None
                flag.reopened_count += 1
            flag.status = status
            if status != "new":
                _responded(flag, now)
    if severity is not None and severity != flag.severity:
        changes["severity"] = [flag.severity, severity]
        flag.severity = severity
        flag.severity_rank = severity_rank(severity)
        flag.priority = priority_for(severity, flag.danger)
    if changes:
        flag.version += 1
        _audit(actor, "flag.updated", flag.id, **changes)
        db.session.commit()
    return flag


def add_action(flag_id: int, actor: User, *, kind: str, note: str = "") -> FlagAction:
    """Record what was done; an open flag moves to `action_taken`."""
    now = utcnow()
    flag = find_flag(flag_id, lock=True)
    action = FlagAction(flag_id=flag.id, kind=kind, note=note, by_id=actor.id, at=now)
    db.session.add(action)
    _responded(flag, now)
    if flag.status in ("new", "in_review"):
        flag.status = "action_taken"
        flag.version += 1
    _audit(actor, "flag.action_recorded", flag.id, kind=kind)
    db.session.commit()
    return action


def add_note(flag_id: int, actor: User, *, body: str) -> FlagNote:
    flag = find_flag(flag_id)
    note = FlagNote(flag_id=flag.id, body=body, author_id=actor.id, at=utcnow())
    db.session.add(note)
    db.session.flush()
    _audit(actor, "flag.note_added", flag.id, note_id=note.id)
    db.session.commit()
    return note


class BulkClosed(NamedTuple):
    closed: list[int]  # the flags this call closed
    skipped: list[int]  # already closed, or no such flag


def bulk_close(actor: User, *, flag_ids: Sequence[int], status: str = "closed") -> BulkClosed:
    """Close many flags at once; flags already closed or missing are reported, not errors."""
    now = utcnow()
    wanted = list(dict.fromkeys(flag_ids))
    flags = {
        f.id: f
        for f in db.session.scalars(select(Flag).where(Flag.id.in_(wanted)).with_for_update())
    }
    closed, skipped = [], []
    for flag_id in wanted:
        flag = flags.get(flag_id)
        if flag is None or flag.status in CLOSED_STATUSES:
            skipped.append(flag_id)
            continue
        previous = flag.status
        _close(flag, actor, status, now)
        flag.version += 1
        _audit(actor, "flag.updated", flag.id, status=[previous, status], bulk=True)
        closed.append(flag_id)
    db.session.commit()
    return BulkClosed(closed, skipped)


def link_report(flag_id: int, actor: User, *, report_id: int) -> tuple[FlagReportLink, bool]:
    flag = find_flag(flag_id, lock=True)
    report = db.session.get(Report, report_id)
    if report is None:
        raise ValidationFailed(errors={"report_id": ["No such report."]})
    link, created = add_link(
        flag,
        report,
        matched_by="manual",
        url=None,
        by_id=actor.id,
        actor_role=actor.role,
        now=utcnow(),
    )
    db.session.commit()
    return link, created


def response_target_minutes(priority: int) -> int:
    return int(response_target(priority).total_seconds() // 60)
