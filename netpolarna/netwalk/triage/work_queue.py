"""One work queue: open flags and open youth reports merged in triage order.

Order: danger first, then priority (1 most urgent), then oldest, then flags before reports and
by id. Both kinds are read with the same keyset over (danger, priority, age, kind, id), so one
opaque cursor pages through the merged list. A report's response target is the flags' target
for its priority; it is breached while the report is still `received` after that.

Queue rows carry no youth text (category, platform and status only), so listing them is not a
read of a report; opening one is, and that is audited by the reports service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, and_, cast, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from netpolarna.accounts.models import User
from netpolarna.common.pagination import Page, SortKey, decode_cursor, encode_cursor, rows_after
from netpolarna.db import db, utcnow
from netpolarna.netwalk.models import Thread
from netpolarna.netwalk.triage.flagging import response_target
from netpolarna.netwalk.triage.models import FLAG_STATUSES, OPEN_STATUSES, Flag
from netpolarna.netwalk.triage.queue import breached as flag_breached
from netpolarna.reports.models import Report

REPORT_STATUSES = ("received", "in_review", "action_taken", "closed")
REPORT_OPEN_STATUSES = ("received", "in_review", "action_taken")
QUEUE_STATUSES = tuple(dict.fromkeys((*FLAG_STATUSES, *REPORT_STATUSES)))
KINDS = ("flag", "report")
_KIND_RANK = {"flag": 0, "report": 1}
REPORT_PRIORITY_NAMES = {1: "urgent", 2: "high", 3: "normal"}


@dataclass(frozen=True)
class QueueFilters:
    kind: str | None = None
    status: Sequence[str] = ()
    mine_of: int | None = None  # assigned to this user
    assignee_id: int | None = None
    unassigned: bool | None = None
    breached: bool | None = None
    source_id: int | None = None  # flags of this source only (reports have no source)
    danger: bool | None = None


@dataclass
class QueueItem:
    kind: str
    id: int
    danger: bool
    priority: int
    severity: str
    status: str
    created_at: datetime
    response_due_at: datetime
    breached: bool
    assignee_id: int | None
    source_id: int | None = None
    thread_title: str | None = None
    case_code: str | None = None
    category: str | None = None
    platform: str | None = None
    version: int | None = None
    reasons: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sort_values(self) -> list[Any]:
        return [int(self.danger), self.priority, self.created_at, _KIND_RANK[self.kind], self.id]


def _keys(danger: Any, priority: Any, created: Any, kind: str, ident: Any) -> list[SortKey]:
    return [
        SortKey(cast(danger, Integer), descending=True),
        SortKey(priority),
        SortKey(created),
        SortKey(literal(_KIND_RANK[kind])),
        SortKey(ident),
    ]


FLAG_KEYS = _keys(Flag.danger, Flag.priority, Flag.first_seen_at, "flag", Flag.id)
REPORT_KEYS = _keys(Report.in_danger, Report.priority, Report.created_at, "report", Report.id)


def _report_overdue(now: datetime) -> ColumnElement[bool]:
    """A report still `received` past the response target of its priority."""
    due_by_priority = [
        and_(Report.priority == p, Report.created_at < now - response_target(p)) for p in (1, 2, 3)
    ]
    return and_(Report.status == "received", or_(*due_by_priority))


def _flag_overdue(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(
            Flag.responded_at.is_(None),
            Flag.status.in_(OPEN_STATUSES),
            Flag.response_due_at < now,
        ),
        Flag.responded_at > Flag.response_due_at,
    )


def _flag_rows(
    filters: QueueFilters, after: list[Any] | None, limit: int, now: datetime
) -> list[tuple[Flag, Thread]]:
    statuses = [s for s in filters.status if s in FLAG_STATUSES] if filters.status else None
    if statuses == []:
        return []
    stmt = (
        select(Flag, Thread)
        .join(Thread, Thread.id == Flag.thread_id)
        .where(Flag.status.in_(statuses or OPEN_STATUSES))
    )
    if filters.mine_of is not None:
        stmt = stmt.where(Flag.assignee_id == filters.mine_of)
    if filters.assignee_id is not None:
        stmt = stmt.where(Flag.assignee_id == filters.assignee_id)
    if filters.unassigned is not None:
        stmt = stmt.where(
            Flag.assignee_id.is_(None) if filters.unassigned else Flag.assignee_id.is_not(None)
        )
    if filters.source_id is not None:
        stmt = stmt.where(Thread.source_id == filters.source_id)
    if filters.danger is not None:
        stmt = stmt.where(Flag.danger.is_(filters.danger))
    if filters.breached is not None:
        late = _flag_overdue(now)
        stmt = stmt.where(late if filters.breached else ~late)
    if after is not None:
        stmt = stmt.where(rows_after(FLAG_KEYS, after))
    order = [k.column.desc() if k.descending else k.column.asc() for k in FLAG_KEYS]
    return [row._tuple() for row in db.session.execute(stmt.order_by(*order).limit(limit))]


def _report_rows(
    filters: QueueFilters, after: list[Any] | None, limit: int, now: datetime
) -> list[Report]:
    if filters.source_id is not None:
        return []
    statuses = [s for s in filters.status if s in REPORT_STATUSES] if filters.status else None
    if statuses == []:
        return []
    stmt = select(Report).where(Report.status.in_(statuses or REPORT_OPEN_STATUSES))
    if filters.mine_of is not None:
        stmt = stmt.where(Report.assignee_id == filters.mine_of)
    if filters.assignee_id is not None:
        stmt = stmt.where(Report.assignee_id == filters.assignee_id)
    if filters.unassigned is not None:
        stmt = stmt.where(
            Report.assignee_id.is_(None) if filters.unassigned else Report.assignee_id.is_not(None)
        )
    if filters.danger is not None:
        stmt = stmt.where(Report.in_danger.is_(filters.danger))
    if filters.breached is not None:
        late = _report_overdue(now)
        stmt = stmt.where(late if filters.breached else ~late)
    if after is not None:
        stmt = stmt.where(rows_after(REPORT_KEYS, after))
    order = [k.column.desc() if k.descending else k.column.asc() for k in REPORT_KEYS]
    return list(db.session.scalars(stmt.order_by(*order).limit(limit)))


def _flag_item(flag: Flag, thread: Thread, now: datetime) -> QueueItem:
    title = thread.title or thread.source_thread_id
    return QueueItem(
        kind="flag",
        id=flag.id,
        danger=flag.danger,
        priority=flag.priority,
        severity=flag.severity,
        status=flag.status,
        created_at=flag.first_seen_at,
        response_due_at=flag.response_due_at,
        breached=flag_breached(flag, now),
        assignee_id=flag.assignee_id,
        source_id=thread.source_id,
        thread_title=title,
        version=flag.version,
        reasons=list(flag.reasons or []),
    )


def _report_item(report: Report, now: datetime) -> QueueItem:
    due = report.created_at + response_target(report.priority)
    return QueueItem(
        kind="report",
        id=report.id,
        danger=report.in_danger,
        priority=report.priority,
        severity=REPORT_PRIORITY_NAMES.get(report.priority, "normal"),
        status=report.status,
        created_at=report.created_at,
        response_due_at=due,
        breached=report.status == "received" and now > due,
        assignee_id=report.assignee_id,
        case_code=report.case_code,
        category=report.category,
        platform=report.platform,
    )


def list_queue(
    filters: QueueFilters, *, cursor: str | None, limit: int, now: datetime | None = None
) -> Page[QueueItem]:
    """One page of the merged queue, most urgent first."""
    now = now or utcnow()
    after = decode_cursor(cursor, 5) if cursor else None
    items: list[QueueItem] = []
    if filters.kind in (None, "flag"):
        items += [_flag_item(f, t, now) for f, t in _flag_rows(filters, after, limit + 1, now)]
    if filters.kind in (None, "report"):
        items += [_report_item(r, now) for r in _report_rows(filters, after, limit + 1, now)]
    items.sort(key=lambda i: (-i.sort_values[0], *i.sort_values[1:]))
    page = items[:limit]
    more = len(items) > limit
    return Page(items=page, next_cursor=encode_cursor(page[-1].sort_values) if more else None)


def staff_names(ids: Sequence[int | None]) -> dict[int, str]:
    """Display names (or e-mail) of the assignees on a page, one query."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = db.session.execute(
        select(User.id, User.display_name, User.email).where(User.id.in_(wanted))
    )
    return {uid: name or email or f"#{uid}" for uid, name, email in rows}
