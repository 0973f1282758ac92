"""The flag page: why it was flagged, the thread with each message's part, labels and actions."""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, request, url_for

from netpolarna.audit.service import AuditFilters, list_events
from netpolarna.console import console_bp
from netpolarna.console.texts import text
from netpolarna.console.web import load_form, render, staff
from netpolarna.netwalk.classifier.corpus import LABELS
from netpolarna.netwalk.threads import thread_messages
from netpolarna.netwalk.triage import explain, queue, service
from netpolarna.netwalk.triage.labels import label_message, latest_labels
from netpolarna.netwalk.triage.models import ACTION_KINDS, FLAG_STATUSES
from netpolarna.netwalk.triage.schemas import (
    FlagActionSchema,
    FlagNoteSchema,
    FlagUpdateSchema,
    MessageLabelCreateSchema,
)
from netpolarna.netwalk.triage.work_queue import staff_names
from netpolarna.reports import service as reports

THREAD_PAGE = 200
_LABEL = MessageLabelCreateSchema()
_ACTION = FlagActionSchema()
_NOTE = FlagNoteSchema()
_UPDATE = FlagUpdateSchema()


def _weight_class(weight: float) -> str:
    return f"w{max(0, min(10, round(weight * 10)))}"


@console_bp.route("/flags/<int:flag_id>")
def flag_page(flag_id: int) -> Any:
    detail = queue.flag_detail(flag_id, staff())
    page = thread_messages(detail.thread_id, cursor=request.args.get("cursor"), limit=THREAD_PAGE)
    threshold = explain.threat_threshold()
    codes = {reason.get("code") for reason in detail.reasons or []}
    evidence_ids = set(detail.evidence_message_ids or [])
    history = list_events(
        AuditFilters(subject_type="flag", subject_id=str(flag_id)), cursor=None, limit=100
    ).items
    people = [detail.assignee_id, *(e.actor_id for e in history)]
    people += [a.by_id for a in detail.actions] + [n.author_id for n in detail.notes]
    return render(
        "flag.html",
        flag=detail,
        messages=[
            {
                "message": m,
                "parts": explain.message_parts(m, codes, threshold),
                "blur": explain.should_blur(m, threshold),
                "evidence": m.id in evidence_ids,
            }
            for m in page.items
        ],
        next_cursor=page.next_cursor,
        labels=latest_labels([m.id for m in page.items]),
        label_choices=LABELS,
        action_kinds=ACTION_KINDS,
        statuses=FLAG_STATUSES,
        history=history,
        names=staff_names(people),
        weight_class=_weight_class,
        breached=queue.breached(detail.flag),
    )


def _to_flag(flag_id: int, anchor: str = "") -> Any:
    return redirect(url_for("console.flag_page", flag_id=flag_id) + anchor)


@console_bp.route("/flags/<int:flag_id>/messages/<int:message_id>/label", methods=["POST"])
def label(flag_id: int, message_id: int) -> Any:
    data = load_form(
        _LABEL,
        {
            "label": request.form.get("label", ""),
            "threat": request.form.get("threat") == "1",
            "targets": request.form.getlist("targets"),
        },
    )
    label_message(message_id, staff(), **data)
    flash(text("labelled", g.console_locale), "info")
    return _to_flag(flag_id, f"#msg-{message_id}")


@console_bp.route("/flags/<int:flag_id>/actions", methods=["POST"])
def add_action(flag_id: int) -> Any:
    data = load_form(
        _ACTION, {"kind": request.form.get("kind", ""), "note": request.form.get("note", "")}
    )
    service.add_action(flag_id, staff(), **data)
    flash(text("action_saved", g.console_locale), "info")
    return _to_flag(flag_id)


@console_bp.route("/flags/<int:flag_id>/status", methods=["POST"])
def change_status(flag_id: int) -> Any:
    data = load_form(_UPDATE, {"status": request.form.get("status", "")})
    # The version the reader saw: someone else's change in between is a 412, not overwritten.
    version = request.form.get("version", "")
    service.update_flag(flag_id, staff(), if_match=f'"{version}"', **data)
    flash(text("status_saved", g.console_locale), "info")
    return _to_flag(flag_id)


@console_bp.route("/flags/<int:flag_id>/notes", methods=["POST"])
def add_note(flag_id: int) -> Any:
    data = load_form(_NOTE, {"body": request.form.get("body", "")})
    service.add_note(flag_id, staff(), **data)
    flash(text("note_saved", g.console_locale), "info")
    return _to_flag(flag_id)


@console_bp.route("/flags/<int:flag_id>/reports", methods=["POST"])
def link_report(flag_id: int) -> Any:
    code = request.form.get("case_code", "")
    found = reports.list_reports(
        staff(), reports.ReportFilters(case_code=code), cursor=None, limit=1
    ).items
    if not found:
        flash(text("no_such_case", g.console_locale), "error")
        return _to_flag(flag_id)
    service.link_report(flag_id, staff(), report_id=found[0].id)
    flash(text("linked", g.console_locale), "info")
    return _to_flag(flag_id)
