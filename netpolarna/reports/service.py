"""Report rules: submission, priority, who may see what, triage lists and status changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, insert, select
from sqlalchemy.orm.attributes import set_committed_value

from netpolarna.accounts.models import User
from netpolarna.accounts.roles import STAFF, Role
from netpolarna.audit import service as audit
from netpolarna.common.pagination import Page, SortKey, paginate
from netpolarna.db import commit, db, insert_unless_taken, utcnow
from netpolarna.errors import NotFound, ValidationFailed
from netpolarna.reports import guidance
from netpolarna.reports.codes import InvalidCaseCode, new_case_code, normalise_case_code
from netpolarna.reports.listeners import report_created
from netpolarna.reports.models import Evidence, Report, ReportMessage, StatusChange
from netpolarna.tips.service import tips_for_topic

CATEGORIES = (
    "hate",
    "bullying",
    "threat",
    "sexual_harassment",
    "exclusion",
    "self_harm_concern",
    "other",
)
URGENT_CATEGORIES = frozenset({"threat", "self_harm_concern"})
HIGH_CATEGORIES = frozenset({"hate", "sexual_harassment"})
PRIORITIES = {1: "urgent", 2: "high", 3: "normal"}
PRIORITY_RANKS = {name: rank for rank, name in PRIORITIES.items()}


def priority_for(category: str, in_danger: bool) -> int:
    """Danger, threats and self-harm come first; hate and sexual harassment next."""
    if in_danger or category in URGENT_CATEGORIES:
        return 1
    if category in HIGH_CATEGORIES:
        return 2
    return 3


def is_staff(user: User) -> bool:
    return user.role in STAFF


def side_of(user: User) -> str:
    return "staff" if is_staff(user) else "reporter"


# --- reading ---------------------------------------------------------------------------------


def get_report(user: User, report_id: int, *, audit_action: str | None = None) -> Report:
    """The report if `user` may see it: staff see all, a youth only their own (else 404).

    Passing `audit_action` writes an audit row when staff read it (the caller commits).
    """
    report = db.session.get(Report, report_id)
    if report is None:
        raise NotFound()
    if is_staff(user):
        if audit_action:
            audit.actor_did(user, audit_action, "report", report.id)
    elif user.role != Role.YOUTH or report.reporter_id != user.id:
        raise NotFound()  # not 403: a report's existence is not revealed
    return report


def unread_counts(report_ids: list[int], side: str) -> dict[int, int]:
    """Messages from the other side that `side` has not read yet, per report."""
    if not report_ids:
        return {}
    other = "staff" if side == "reporter" else "reporter"
    read_up_to = (
        Report.reporter_read_message_id if side == "reporter" else Report.staff_read_message_id
    )
    rows = db.session.execute(
        select(ReportMessage.report_id, func.count())
        .join(Report, Report.id == ReportMessage.report_id)
        .where(
            ReportMessage.report_id.in_(report_ids),
            ReportMessage.side == other,
            ReportMessage.id > read_up_to,
        )
        .group_by(ReportMessage.report_id)
    )
    return {report_id: count for report_id, count in rows.tuples()}


def _evidence_counts(report_ids: list[int]) -> dict[int, int]:
    if not report_ids:
        return {}
    rows = db.session.execute(
        select(Evidence.report_id, func.count())
        .where(Evidence.report_id.in_(report_ids), Evidence.removed_at.is_(None))
        .group_by(Evidence.report_id)
    )
    return {report_id: count for report_id, count in rows.tuples()}


@lru_cache(maxsize=8)
def _staff_hours(spec: str) -> guidance.StaffHours:
    return guidance.parse_staff_hours(spec)


def guidance_for(report: Report, locale: str, now: datetime | None = None) -> guidance.Guidance:
    config = current_app.config
    for_friend = report.affected == "friend"
    friend_tips = tips_for_topic("supporting_a_friend", locale, limit=3) if for_friend else []
    return guidance.build_guidance(
        urgent=report.priority == 1,
        for_friend=for_friend,
        locale=locale,
        now=now or utcnow(),
        staff_hours=_staff_hours(config["REPORTS_STAFF_HOURS"]),
        zone=ZoneInfo(config["TIMEZONE"]),
        home_country=config["REPORTS_HOME_COUNTRY"],
        friend_tips=friend_tips,
    )


@dataclass(frozen=True, slots=True)
class ReportDetails:
    """What a viewer sees of one report besides its row: counts, and the reporter's guidance."""

    report: Report
    staff_view: bool  # the viewer is staff: assignee and erasure shown, no guidance
    unread_messages: int
    evidence_count: int
    guidance: guidance.Guidance | None


def report_details(
    reports: list[Report],
    viewer: User,
    locale: str,
    *,
    with_guidance: bool = False,
    fresh: bool = False,
) -> list[ReportDetails]:
    """What `viewer` sees of each report (`schemas.report_view` shapes it).

    `fresh` reports were just created: no messages or evidence yet, so no counting.
    """
    ids = [r.id for r in reports]
    unread = {} if fresh else unread_counts(ids, side_of(viewer))
    evidence = {} if fresh else _evidence_counts(ids)
    staff = is_staff(viewer)
    return [
        ReportDetails(
            report,
            staff,
            unread.get(report.id, 0),
            evidence.get(report.id, 0),
            guidance_for(report, locale) if with_guidance and not staff else None,
        )
        for report in reports
    ]


@dataclass(frozen=True)
class ReportFilters:
    status: str | None = None
    category: str | None = None
    priority: str | None = None
    assignee_id: int | None = None
    unassigned: bool | None = None
    danger: bool | None = None
    case_code: str | None = None


def list_reports(
    viewer: User, filters: ReportFilters, *, cursor: str | None, limit: int
) -> Page[Report]:
    """Youth: their own reports, newest first. Staff: all, most urgent then oldest first."""
    stmt = select(Report)
    if filters.case_code:
        try:
            code = normalise_case_code(filters.case_code)
        except InvalidCaseCode as exc:
            raise ValidationFailed(
                code="invalid_case_code", errors={"case_code": ["Not a valid case code."]}
            ) from exc
        stmt = stmt.where(Report.case_code == code)
    if filters.status:
        stmt = stmt.where(Report.status == filters.status)
    if filters.category:
        stmt = stmt.where(Report.category == filters.category)
    if filters.priority:
        stmt = stmt.where(Report.priority == PRIORITY_RANKS[filters.priority])
    if filters.danger is not None:
        stmt = stmt.where(Report.in_danger.is_(filters.danger))
    if not is_staff(viewer):
        stmt = stmt.where(Report.reporter_id == viewer.id)
        keys = [SortKey(Report.created_at, descending=True), SortKey(Report.id, descending=True)]
        return paginate(stmt, keys, lambda r: [r.created_at, r.id], cursor=cursor, limit=limit)
    if filters.assignee_id is not None:
        stmt = stmt.where(Report.assignee_id == filters.assignee_id)
    if filters.unassigned is not None:
        stmt = stmt.where(
            Report.assignee_id.is_(None) if filters.unassigned else Report.assignee_id.isnot(None)
        )
    keys = [SortKey(Report.priority), SortKey(Report.created_at), SortKey(Report.id)]
    page = paginate(
        stmt, keys, lambda r: [r.priority, r.created_at, r.id], cursor=cursor, limit=limit
    )
    if page.items:
        audit.actor_did(
            viewer, "report.list", "report", "list", {"report_ids": [r.id for r in page.items]}
        )
        db.session.commit()
    return page


# --- writing ---------------------------------------------------------------------------------


def create_report(reporter: User, *, locale: str, **fields: Any) -> ReportDetails:
    """A youth's report, with a fresh case code and its first status, `received`.

    Returns what the reporter sees of it (with guidance), from what was inserted.
    """
    if fields.get("occurred_at") and fields["occurred_at"] > utcnow() + timedelta(minutes=5):
        raise ValidationFailed(errors={"occurred_at": ["Cannot be in the future."]})
    now = utcnow()
    in_danger = bool(fields.get("in_danger"))
    report = Report(
        reporter_id=reporter.id,
        category=fields["category"],
        platform=fields["platform"],
        links=list(fields.get("links") or []),
        description=fields.get("description") or "",
        affected=fields["affected"],
        target_groups=sorted(set(fields.get("target_groups") or [])),
        occurred_at=fields.get("occurred_at"),
        in_danger=in_danger,
        priority=priority_for(fields["category"], in_danger),
        status="received",
        outcome=None,
        assignee_id=None,
        locale=locale,
        closed_at=None,
        reporter_erased_at=None,
        reporter_read_message_id=0,
        staff_read_message_id=0,
        created_at=now,
        updated_at=now,
    )
    # Core inserts: a submission is the busiest write of the companion app, and the ORM's
    # unit of work costs more than the two rows. The object above is never added to the
    # session; it only carries the values into the insert and the view.
    report.id, report.case_code = _insert_with_fresh_case_code(report)
    db.session.execute(_INSERT_STATUS, {"report_id": report.id, "status": "received", "at": now})
    set_committed_value(report, "history", [StatusChange(status="received", at=now)])
    report_created(report)
    details = report_details([report], reporter, locale, with_guidance=True, fresh=True)[0]
    commit()
    return details


_REPORT_COLUMNS = tuple(c.key for c in Report.__table__.c if c.key not in ("id", "case_code"))
_INSERT_REPORT = insert_unless_taken(
    Report.__table__, (*_REPORT_COLUMNS, "case_code"), ("case_code",)
)
_INSERT_STATUS = insert(StatusChange.__table__)


def _insert_with_fresh_case_code(report: Report) -> tuple[int, str]:
    """Insert the report under a new case code; on the rare clash, draw another code.

    The unique index decides, without a query beforehand and without failing the
    transaction the caller may have open.
    """
    values = {name: getattr(report, name) for name in _REPORT_COLUMNS}
    for _attempt in range(8):
        code = new_case_code()
        report_id = db.session.execute(_INSERT_REPORT, {**values, "case_code": code}).scalar()
        if report_id is not None:
            return int(report_id), code
    raise RuntimeError("no free case code after 8 draws")  # 2^35 codes: not in this universe


def update_report(actor: User, report_id: int, **changes: Any) -> Report:
    """Staff triage: status and plain-word outcome (both recorded in the history the reporter
    reads), priority and assignee."""
    report = get_report(actor, report_id)
    changed = sorted(changes)
    if "assignee_id" in changes and changes["assignee_id"] is not None:
        assignee = db.session.get(User, changes["assignee_id"])
        if assignee is None or assignee.role not in STAFF or not assignee.is_active:
            raise ValidationFailed(
                code="invalid_assignee", errors={"assignee_id": ["Not an active staff member."]}
            )
    if "assignee_id" in changes:
        report.assignee_id = changes["assignee_id"]
    if "priority" in changes:
        report.priority = PRIORITY_RANKS[changes["priority"]]
    new_status = changes.get("status", report.status)
    new_outcome = changes.get("outcome", report.outcome)
    if new_status != report.status or new_outcome != report.outcome:
        now = utcnow()
        if new_status == "closed" and report.status != "closed":
            report.closed_at = now
        elif new_status != "closed":
            report.closed_at = None
        report.status, report.outcome = new_status, new_outcome
        report.history.append(
            StatusChange(status=new_status, outcome=new_outcome, changed_by_id=actor.id, at=now)
        )
    audit.actor_did(actor, "report.update", "report", report.id, {"fields": changed})
    db.session.commit()
    return report


def read_report(viewer: User, report_id: int) -> Report:
    """One report; a staff read is audit-logged."""
    report = get_report(viewer, report_id, audit_action="report.read")
    if is_staff(viewer):
        db.session.commit()
    return report
