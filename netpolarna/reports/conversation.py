"""The anonymous conversation on a report, and the staff's internal notes."""

from __future__ import annotations

from sqlalchemy import select, update

from netpolarna.accounts.models import User
from netpolarna.audit import service as audit
from netpolarna.common.pagination import Page, SortKey, paginate
from netpolarna.db import commit, db
from netpolarna.reports.models import InternalNote, Report, ReportMessage
from netpolarna.reports.service import get_report, side_of


def list_messages(
    viewer: User, report_id: int, *, cursor: str | None, limit: int
) -> Page[ReportMessage]:
    """The conversation, oldest first; reading it marks the other side's messages read."""
    report = get_report(viewer, report_id, audit_action="report.messages.read")
    stmt = select(ReportMessage).where(ReportMessage.report_id == report.id)
    page = paginate(stmt, [SortKey(ReportMessage.id)], lambda m: [m.id], cursor=cursor, limit=limit)
    if page.items:
        _mark_read(report.id, side_of(viewer), page.items[-1].id)
    db.session.commit()
    return page


def _mark_read(report_id: int, side: str, up_to_id: int) -> None:
    column = Report.reporter_read_message_id if side == "reporter" else Report.staff_read_message_id
    # Monotonic and atomic: a slower request that read less never lowers the mark.
    db.session.execute(
        update(Report)
        .where(Report.id == report_id, column < up_to_id)
        .values({column: up_to_id})
        .execution_options(synchronize_session=False)
    )


def post_message(author: User, report_id: int, body: str) -> ReportMessage:
    report = get_report(author, report_id, audit_action="report.message.write")
    side = side_of(author)
    message = ReportMessage(report_id=report.id, side=side, author_id=author.id, body=body)
    db.session.add(message)
    db.session.flush()
    # Writing implies having read the conversation up to here.
    _mark_read(report.id, side, message.id)
    commit()
    return message


def list_notes(
    staff: User, report_id: int, *, cursor: str | None, limit: int
) -> Page[InternalNote]:
    report = get_report(staff, report_id, audit_action="report.notes.read")
    stmt = select(InternalNote).where(InternalNote.report_id == report.id)
    page = paginate(stmt, [SortKey(InternalNote.id)], lambda n: [n.id], cursor=cursor, limit=limit)
    db.session.commit()
    return page


def add_note(staff: User, report_id: int, body: str) -> InternalNote:
    report = get_report(staff, report_id)
    note = InternalNote(report_id=report.id, author_id=staff.id, body=body)
    db.session.add(note)
    db.session.flush()
    audit.actor_did(staff, "report.note.add", "report", report.id, {"note_id": note.id})
    commit()
    return note
