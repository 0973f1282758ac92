"""The report page: the anonymous conversation, internal notes, evidence and status changes.

Every read goes through the reports services, which write the audit rows (report, messages,
notes, evidence list, and each screenshot viewed).
"""

from __future__ import annotations

from typing import Any

from flask import Response, flash, g, redirect, request, url_for

from netpolarna.common.i18n import translate
from netpolarna.console import console_bp
from netpolarna.console.texts import text
from netpolarna.console.web import load_form, render, staff
from netpolarna.netwalk.triage.work_queue import staff_names
from netpolarna.reports import conversation, evidence, schemas, service
from netpolarna.reports.schemas import (
    ReportMessageCreateSchema,
    ReportNoteCreateSchema,
    ReportUpdateSchema,
)
from netpolarna.reports.texts import OUTCOMES, STATUSES

CONVERSATION_PAGE = 200
_MESSAGE = ReportMessageCreateSchema()
_NOTE = ReportNoteCreateSchema()
_UPDATE = ReportUpdateSchema()


def outcome_preview(status: str, outcome: str | None, locale: str) -> dict[str, str | None]:
    """What the young person will read, in their own language, for this status and outcome."""
    return {
        "status_text": translate(f"report.status.{status}", locale) if status in STATUSES else None,
        "outcome_text": translate(f"report.outcome.{outcome}", locale)
        if outcome in OUTCOMES
        else None,
    }


@console_bp.route("/reports/<int:report_id>")
def report_page(report_id: int) -> Any:
    viewer = staff()
    report = service.read_report(viewer, report_id)
    view = schemas.report_view(
        service.report_details([report], viewer, g.console_locale)[0], g.console_locale
    )
    messages = conversation.list_messages(
        viewer, report_id, cursor=None, limit=CONVERSATION_PAGE
    ).items
    notes = conversation.list_notes(viewer, report_id, cursor=None, limit=CONVERSATION_PAGE).items
    screenshots = evidence.list_evidence(viewer, report_id)
    people = [report.assignee_id, *(m.author_id for m in messages), *(n.author_id for n in notes)]
    return render(
        "report.html",
        report=view,
        reporter_locale=report.locale,
        messages=[schemas.message_view(m, viewer) for m in messages],
        notes=notes,
        screenshots=[e for e in screenshots if e.removed_at is None],
        statuses=STATUSES,
        outcomes=OUTCOMES,
        preview=outcome_preview(report.status, report.outcome, report.locale),
        names=staff_names(people),
    )


@console_bp.route("/reports/<int:report_id>/preview")
def report_preview(report_id: int) -> Any:
    """The texts a status change would show the reporter (htmx fragment; reads no youth text)."""
    report = service.get_report(staff(), report_id)
    status = request.args.get("status", report.status)
    outcome = request.args.get("outcome") or None
    return render("_preview.html", preview=outcome_preview(status, outcome, report.locale))


@console_bp.route("/reports/<int:report_id>/evidence/<int:evidence_id>")
def report_evidence(report_id: int, evidence_id: int) -> Any:
    item, path = evidence.open_evidence(staff(), report_id, evidence_id)
    response = Response(path.read_bytes(), mimetype=item.content_type)
    response.headers["Content-Disposition"] = f'inline; filename="evidence-{item.id}"'
    return response


def _to_report(report_id: int) -> Any:
    return redirect(url_for("console.report_page", report_id=report_id))


@console_bp.route("/reports/<int:report_id>/messages", methods=["POST"])
def reply(report_id: int) -> Any:
    data = load_form(_MESSAGE, {"body": request.form.get("body", "")})
    conversation.post_message(staff(), report_id, data["body"])
    flash(text("reply_sent", g.console_locale), "info")
    return _to_report(report_id)


@console_bp.route("/reports/<int:report_id>/notes", methods=["POST"])
def report_note(report_id: int) -> Any:
    data = load_form(_NOTE, {"body": request.form.get("body", "")})
    conversation.add_note(staff(), report_id, data["body"])
    flash(text("note_saved", g.console_locale), "info")
    return _to_report(report_id)


@console_bp.route("/reports/<int:report_id>/status", methods=["POST"])
def report_status(report_id: int) -> Any:
    data = load_form(
        _UPDATE,
        {
            "status": request.form.get("status", ""),
            "outcome": request.form.get("outcome") or None,
        },
    )
    service.update_report(staff(), report_id, **data)
    flash(text("status_saved", g.console_locale), "info")
    return _to_report(report_id)


@console_bp.route("/reports/<int:report_id>/assign-me", methods=["POST"])
def report_assign_me(report_id: int) -> Any:
    service.update_report(staff(), report_id, assignee_id=staff().id)
    flash(text("assigned", g.console_locale), "info")
    return _to_report(report_id)
