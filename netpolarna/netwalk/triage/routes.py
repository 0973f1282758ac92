"""Thin views for the triage queue, staff message labels and classifier versions."""

from __future__ import annotations

from typing import Any

from flask import request
from flask.views import MethodView
from flask_jwt_extended import current_user

from netpolarna.accounts.roles import STAFF, Role
from netpolarna.netwalk.triage import (
    flags_blp,
    labels_blp,
    model_admin,
    models_blp,
    queue,
    queue_blp,
    service,
    work_queue,
)
from netpolarna.netwalk.triage.labels import label_message
from netpolarna.netwalk.triage.schemas import (
    BulkCloseResultSchema,
    BulkCloseSchema,
    FlagActionSchema,
    FlagAssignSchema,
    FlagDetailSchema,
    FlagNoteSchema,
    FlagPageSchema,
    FlagQuerySchema,
    FlagReportLinkCreateSchema,
    FlagReportLinkSchema,
    FlagSchema,
    FlagUpdateSchema,
    MessageLabelCreateSchema,
    MessageLabelSchema,
    ModelListSchema,
    ModelVersionSchema,
    QueuePageSchema,
    QueueQuerySchema,
)


def _if_match() -> str | None:
    return request.headers.get("If-Match")


def _tagged(flag: Any, status: int = 200) -> tuple[Any, int, dict[str, str]]:
    return flag, status, {"ETag": service.etag(flag)}


@flags_blp.route("")
@flags_blp.roles(*STAFF)
@flags_blp.arguments(FlagQuerySchema, location="query")
@flags_blp.response(200, FlagPageSchema)
def list_flags(query: dict[str, Any]) -> Any:
    """The queue: danger first, then severity, then oldest; open flags unless `status` given."""
    cursor, limit = query.pop("cursor"), query.pop("limit")
    page = queue.list_flags(queue.FlagFilters(**query), cursor=cursor, limit=limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@flags_blp.route("/<int:flag_id>")
class FlagById(MethodView):
    @flags_blp.roles(*STAFF)
    @flags_blp.response(200, FlagDetailSchema)
    @flags_blp.errors(404)
    def get(self, flag_id: int) -> Any:
        """A flag with its reasons, top messages, linked youth reports, actions and notes."""
        return _tagged(queue.flag_detail(flag_id, current_user))

    @flags_blp.roles(*STAFF)
    @flags_blp.arguments(FlagUpdateSchema)
    @flags_blp.response(200, FlagSchema)
    @flags_blp.errors(404, 412, 428)
    def patch(self, data: dict[str, Any], flag_id: int) -> Any:
        """Change the status (or severity). Send `If-Match: "<version>"`: 428 without, 412 if
        someone changed the flag since. Closing as `false_alarm` labels its evidence neutral."""
        flag = service.update_flag(flag_id, current_user, if_match=_if_match(), **data)
        return _tagged(flag)


@flags_blp.route("/<int:flag_id>/claim", methods=["POST"])
@flags_blp.roles(*STAFF)
@flags_blp.response(200, FlagSchema)
@flags_blp.errors(404, 409, 412)
def claim_flag(flag_id: int) -> Any:
    """Take the flag yourself (409 if someone else has it); a new flag goes to in review."""
    return _tagged(service.claim_flag(flag_id, current_user, if_match=_if_match()))


@flags_blp.route("/<int:flag_id>/assign", methods=["POST"])
@flags_blp.roles(*STAFF)
@flags_blp.arguments(FlagAssignSchema)
@flags_blp.response(200, FlagSchema)
@flags_blp.errors(404, 409, 412)
def assign_flag(data: dict[str, Any], flag_id: int) -> Any:
    """Assign or reassign: to `assignee_id`, or without it to the least-loaded net-walker on
    duty (signed in within FLAG_ON_DUTY_HOURS). `If-Match` is honoured when sent."""
    flag = service.assign_flag(
        flag_id, current_user, assignee_id=data["assignee_id"], if_match=_if_match()
    )
    return _tagged(flag)


@flags_blp.route("/<int:flag_id>/actions", methods=["POST"])
@flags_blp.roles(*STAFF)
@flags_blp.arguments(FlagActionSchema)
@flags_blp.response(201, FlagActionSchema)
@flags_blp.errors(404)
def add_action(data: dict[str, Any], flag_id: int) -> Any:
    """Record an action taken; an open flag moves to action taken."""
    return service.add_action(flag_id, current_user, **data)


@flags_blp.route("/<int:flag_id>/notes", methods=["POST"])
@flags_blp.roles(*STAFF)
@flags_blp.arguments(FlagNoteSchema)
@flags_blp.response(201, FlagNoteSchema)
@flags_blp.errors(404)
def add_note(data: dict[str, Any], flag_id: int) -> Any:
    """Add a staff note."""
    return service.add_note(flag_id, current_user, **data)


@flags_blp.route("/<int:flag_id>/reports", methods=["POST"])
@flags_blp.roles(*STAFF)
@flags_blp.arguments(FlagReportLinkCreateSchema)
@flags_blp.response(201, FlagReportLinkSchema)
@flags_blp.alt_response(200, schema=FlagReportLinkSchema, description="Already linked")
@flags_blp.errors(404)
def link_report(data: dict[str, Any], flag_id: int) -> Any:
    """Link a youth report about the same thread; a report in danger puts the flag first."""
    link, created = service.link_report(flag_id, current_user, report_id=data["report_id"])
    return link, 201 if created else 200


@flags_blp.route("/bulk-close", methods=["POST"])
@flags_blp.roles(*STAFF)
@flags_blp.arguments(BulkCloseSchema)
@flags_blp.response(200, BulkCloseResultSchema)
def bulk_close(data: dict[str, Any]) -> Any:
    """Close (or mark false alarm) many flags; missing or already closed ones are skipped."""
    return service.bulk_close(current_user, flag_ids=data["flag_ids"], status=data["status"])


@labels_blp.route("/<bigid:message_id>/label", methods=["POST"])
@labels_blp.roles(*STAFF)
@labels_blp.arguments(MessageLabelCreateSchema)
@labels_blp.response(201, MessageLabelSchema)
@labels_blp.errors(404)
def label(data: dict[str, Any], message_id: int) -> Any:
    """Label a scanned message; the newest staff label joins the next training run."""
    return label_message(message_id, current_user, **data)


@models_blp.route("")
@models_blp.roles(Role.ADMIN)
@models_blp.response(200, ModelListSchema)
def list_models() -> Any:
    """Trained classifier versions, newest first, with held-out metrics; one is active."""
    return {"items": model_admin.list_models()}


@models_blp.route("/<version>/activate", methods=["POST"])
@models_blp.roles(Role.ADMIN)
@models_blp.response(200, ModelVersionSchema)
@models_blp.errors(404)
def activate_model(version: str) -> Any:
    """Make a version the active classifier (the previous one can be rolled back to)."""
    return model_admin.activate_model(version, current_user)


@models_blp.route("/rollback", methods=["POST"])
@models_blp.roles(Role.ADMIN)
@models_blp.response(200, ModelVersionSchema)
@models_blp.errors(409)
def rollback_model() -> Any:
    """Re-activate the previously active version."""
    return model_admin.rollback_model(current_user)


@queue_blp.route("")
@queue_blp.roles(*STAFF)
@queue_blp.arguments(QueueQuerySchema, location="query")
@queue_blp.response(200, QueuePageSchema)
def list_queue(query: dict[str, Any]) -> Any:
    """Open flags and youth reports in one list: danger first, then priority, then oldest.
    Reports appear without their text; opening one (GET /reports/{id}) is audit-logged."""
    cursor, limit = query.pop("cursor"), query.pop("limit")
    mine = query.pop("mine", None)
    filters = work_queue.QueueFilters(mine_of=current_user.id if mine else None, **query)
    page = work_queue.list_queue(filters, cursor=cursor, limit=limit)
    return {"items": page.items, "next_cursor": page.next_cursor}
