"""Thin views for reports; the rules live in service, conversation, evidence."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app
from flask_jwt_extended import current_user

from netpolarna.accounts.roles import STAFF, Role
from netpolarna.common.i18n import request_locale
from netpolarna.common.idempotency import idempotent
from netpolarna.common.ratelimit import limiter
from netpolarna.common.schemas import CursorQuerySchema
from netpolarna.reports import blp, conversation, evidence, schemas, service
from netpolarna.reports.schemas import (
    ReportCreateSchema,
    ReportEvidenceListSchema,
    ReportEvidenceSchema,
    ReportEvidenceUploadSchema,
    ReportMessageCreateSchema,
    ReportMessagePageSchema,
    ReportMessageSchema,
    ReportNoteCreateSchema,
    ReportNotePageSchema,
    ReportNoteSchema,
    ReportPageSchema,
    ReportQuerySchema,
    ReportSchema,
    ReportUpdateSchema,
)

READERS = (Role.YOUTH, *STAFF)


def _locale() -> str:
    return request_locale(default=current_user.locale or "sv")


def _limit(key: str) -> Any:
    return lambda: current_app.config[key]


def _created(response: Response) -> bool:
    """Only new things use up the budget: not replays, retries in flight or rejected input."""
    return response.status_code == 201 and "Idempotent-Replayed" not in response.headers


@blp.route("", methods=["POST"])
@blp.roles(Role.YOUTH)
@limiter.limit(_limit("REPORTS_RATE_LIMIT"), deduct_when=_created)
@idempotent(blp)
@blp.arguments(ReportCreateSchema)
@blp.response(201, ReportSchema)
@blp.errors(429)
def create_report(data: dict[str, Any]) -> Any:
    """Report hate or bullying. Danger, threats and self-harm come first; the answer carries
    crisis contacts, says when a person will read it, and for a friend, how to support them."""
    locale = _locale()
    return schemas.report_view(service.create_report(current_user, locale=locale, **data), locale)


@blp.route("", methods=["GET"])
@blp.roles(*READERS)
@blp.arguments(ReportQuerySchema, location="query")
@blp.response(200, ReportPageSchema)
def list_reports(query: dict[str, Any]) -> Any:
    """Youth: their own reports, newest first. Staff: all, by priority, then oldest first."""
    cursor, limit = query.pop("cursor"), query.pop("limit")
    page = service.list_reports(
        current_user, service.ReportFilters(**query), cursor=cursor, limit=limit
    )
    locale = _locale()
    items = service.report_details(page.items, current_user, locale)
    return {
        "items": [schemas.report_view(d, locale) for d in items],
        "next_cursor": page.next_cursor,
    }


@blp.route("/<int:report_id>", methods=["GET"])
@blp.roles(*READERS)
@blp.response(200, ReportSchema)
@blp.errors(404)
def get_report(report_id: int) -> Any:
    """One report with its status history; staff reads are audit-logged."""
    report = service.read_report(current_user, report_id)
    locale = _locale()
    details = service.report_details([report], current_user, locale, with_guidance=True)[0]
    return schemas.report_view(details, locale)


@blp.route("/<int:report_id>", methods=["PATCH"])
@blp.roles(*STAFF)
@blp.arguments(ReportUpdateSchema)
@blp.response(200, ReportSchema)
@blp.errors(404)
def update_report(data: dict[str, Any], report_id: int) -> Any:
    """Triage: status and outcome (the reporter reads both), priority, assignee."""
    report = service.update_report(current_user, report_id, **data)
    locale = _locale()
    return schemas.report_view(service.report_details([report], current_user, locale)[0], locale)


@blp.route("/<int:report_id>/messages", methods=["GET"])
@blp.roles(*READERS)
@blp.arguments(CursorQuerySchema, location="query")
@blp.response(200, ReportMessagePageSchema)
@blp.errors(404)
def list_messages(query: dict[str, Any], report_id: int) -> Any:
    """The conversation, oldest first; reading it clears this side's unread count."""
    page = conversation.list_messages(
        current_user, report_id, cursor=query["cursor"], limit=query["limit"]
    )
    items = [schemas.message_view(m, current_user) for m in page.items]
    return {"items": items, "next_cursor": page.next_cursor}


@blp.route("/<int:report_id>/messages", methods=["POST"])
@blp.roles(*READERS)
@limiter.limit(_limit("MESSAGES_RATE_LIMIT"), deduct_when=_created)
@idempotent(blp)
@blp.arguments(ReportMessageCreateSchema)
@blp.response(201, ReportMessageSchema)
@blp.errors(404, 429)
def post_message(data: dict[str, Any], report_id: int) -> Any:
    """Write in the conversation: the reporter stays anonymous, staff write as the team."""
    message = conversation.post_message(current_user, report_id, data["body"])
    return schemas.message_view(message, current_user)


@blp.route("/<int:report_id>/notes", methods=["GET"])
@blp.roles(*STAFF)
@blp.arguments(CursorQuerySchema, location="query")
@blp.response(200, ReportNotePageSchema)
@blp.errors(404)
def list_notes(query: dict[str, Any], report_id: int) -> Any:
    """Staff-only internal notes, oldest first."""
    page = conversation.list_notes(
        current_user, report_id, cursor=query["cursor"], limit=query["limit"]
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@blp.route("/<int:report_id>/notes", methods=["POST"])
@blp.roles(*STAFF)
@idempotent(blp)
@blp.arguments(ReportNoteCreateSchema)
@blp.response(201, ReportNoteSchema)
@blp.errors(404)
def add_note(data: dict[str, Any], report_id: int) -> Any:
    """Add an internal note; the reporter never sees notes."""
    return conversation.add_note(current_user, report_id, data["body"])


@blp.route("/<int:report_id>/evidence", methods=["GET"])
@blp.roles(*READERS)
@blp.response(200, ReportEvidenceListSchema)
@blp.errors(404)
def list_evidence(report_id: int) -> Any:
    """Screenshots on a report; staff reads are audit-logged."""
    items = evidence.list_evidence(current_user, report_id)
    return {"items": [schemas.evidence_view(e, report_id) for e in items]}


@blp.route("/<int:report_id>/evidence", methods=["POST"])
@blp.roles(Role.YOUTH)
@limiter.limit(_limit("EVIDENCE_RATE_LIMIT"), deduct_when=_created)
@idempotent(blp)
@blp.arguments(ReportEvidenceUploadSchema, location="files")
@blp.response(201, ReportEvidenceSchema)
@blp.errors(404, 409, 413, 415, 429)
def add_evidence(files: dict[str, Any], report_id: int) -> Any:
    """Attach a PNG, JPEG or WebP screenshot (at most 10 MB). It is re-encoded: EXIF and
    GPS data are removed before it is stored."""
    item = evidence.add_evidence(current_user, report_id, files["file"].stream)
    return schemas.evidence_view(item, report_id)


@blp.route("/<int:report_id>/evidence/<int:evidence_id>", methods=["GET"])
@blp.roles(*READERS)
@blp.response(200, description="The image bytes", content_type="image/*")
@blp.errors(404, 410)
def get_evidence_file(report_id: int, evidence_id: int) -> Any:
    """The screenshot itself, only for the reporter and staff; staff reads are audit-logged."""
    item, path = evidence.open_evidence(current_user, report_id, evidence_id)
    # At most 10 MB: read it whole, so no file handle outlives the request.
    response = Response(path.read_bytes(), mimetype=item.content_type)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = f'inline; filename="evidence-{item.id}"'
    return response
