"""The net-walkers' queue as read: order, filters, cursor pages, breaches, the detail view."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, and_, cast, or_, select

from netpolarna.accounts.models import User
from netpolarna.audit.service import actor_did
from netpolarna.common.pagination import Page, SortKey, paginate
from netpolarna.db import db, utcnow
from netpolarna.errors import NotFound
from netpolarna.netwalk.models import Message, Thread
from netpolarna.netwalk.triage.models import (
    OPEN_STATUSES,
    Flag,
    FlagAction,
    FlagNote,
    FlagReportLink,
)
from netpolarna.reports.models import Report


def find_flag(flag_id: int, *, lock: bool = False) -> Flag:
    stmt = select(Flag).where(Flag.id == flag_id)
    if lock:
        stmt = stmt.with_for_update()
    flag = db.session.scalar(stmt)
    if flag is None:
        raise NotFound(detail=f"No flag {flag_id}.")
    return flag


def breached(flag: Flag, now: datetime | None = None) -> bool:
    now = now or utcnow()
    if flag.responded_at is not None:
        return flag.responded_at > flag.response_due_at
    return flag.status in OPEN_STATUSES and now > flag.response_due_at


@dataclass(frozen=True)
class FlagFilters:
    status: Sequence[str] = ()
    severity: Sequence[str] = ()
    assignee_id: int | None = None
    unassigned: bool | None = None
    breached: bool | None = None
    danger: bool | None = None
    thread_id: int | None = None


# Booleans cannot be compared with < in SQL, so the cursor orders by danger as 0/1.
DANGER_FIRST = cast(Flag.danger, Integer)
QUEUE_ORDER = (
    SortKey(DANGER_FIRST, descending=True),
    SortKey(Flag.severity_rank, descending=True),
    SortKey(Flag.first_seen_at),
    SortKey(Flag.id),
)


def list_flags(
    filters: FlagFilters, *, cursor: str | None, limit: int, now: datetime | None = None
) -> Page[Flag]:
    """Danger first (a linked youth report in danger), then severity, then oldest first.

    Without a status filter only open flags (new, in review, action taken) are listed.
    """
    now = now or utcnow()
    stmt = select(Flag).where(Flag.status.in_(filters.status or OPEN_STATUSES))
    if filters.severity:
        stmt = stmt.where(Flag.severity.in_(filters.severity))
    if filters.assignee_id is not None:
        stmt = stmt.where(Flag.assignee_id == filters.assignee_id)
    if filters.unassigned is not None:
        stmt = stmt.where(
            Flag.assignee_id.is_(None) if filters.unassigned else Flag.assignee_id.is_not(None)
        )
    if filters.danger is not None:
        stmt = stmt.where(Flag.danger.is_(filters.danger))
    if filters.thread_id is not None:
        stmt = stmt.where(Flag.thread_id == filters.thread_id)
    if filters.breached is not None:
        late = or_(
            and_(
                Flag.responded_at.is_(None),
                Flag.status.in_(OPEN_STATUSES),
                Flag.response_due_at < now,
            ),
            Flag.responded_at > Flag.response_due_at,
        )
        stmt = stmt.where(late if filters.breached else ~late)
    return paginate(
        stmt,
        QUEUE_ORDER,
        lambda f: (int(f.danger), f.severity_rank, f.first_seen_at, f.id),
        cursor=cursor,
        limit=limit,
    )


def get_flag(flag_id: int) -> Flag:
    return find_flag(flag_id)


class FlagDetail:
    """A flag plus what the detail view shows with it (attributes fall through to the flag)."""

    def __init__(self, flag: Flag, **extra: Any) -> None:
        self.flag = flag
        self.__dict__.update(extra)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.flag, name)


def flag_detail(flag_id: int, actor: User) -> FlagDetail:
    """The flag with its thread, top messages (best first), linked reports, actions and notes."""
    flag = find_flag(flag_id)
    thread = db.session.get(Thread, flag.thread_id)
    ids = list(flag.evidence_message_ids or [])
    found = {m.id: m for m in db.session.scalars(select(Message).where(Message.id.in_(ids)))}
    links = list(
        db.session.execute(
            select(FlagReportLink, Report)
            .join(Report, Report.id == FlagReportLink.report_id)
            .where(FlagReportLink.flag_id == flag.id)
            .order_by(FlagReportLink.id)
        )
    )
    if links:
        # Staff reads of youth reports are audit-logged, summaries included.
        actor_did(
            actor,
            "flag.reports_read",
            "flag",
            flag.id,
            {"report_ids": [report.id for _link, report in links]},
        )
        db.session.commit()
    return FlagDetail(
        flag,
        thread=thread,
        messages=[found[i] for i in ids if i in found],
        reports=[
            {
                "report_id": report.id,
                "case_code": report.case_code,
                "category": report.category,
                "in_danger": report.in_danger,
                "status": report.status,
                "matched_by": link.matched_by,
                "url": link.url,
                "linked_at": link.created_at,
            }
            for link, report in links
        ],
        actions=list(
            db.session.scalars(
                select(FlagAction).where(FlagAction.flag_id == flag.id).order_by(FlagAction.id)
            )
        ),
        notes=list(
            db.session.scalars(
                select(FlagNote).where(FlagNote.flag_id == flag.id).order_by(FlagNote.id)
            )
        ),
    )
