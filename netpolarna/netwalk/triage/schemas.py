"""Request and response schemas for flags, message labels and model versions."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from netpolarna.common.i18n import request_locale, translate
from netpolarna.common.schemas import CursorQuerySchema, page_schema
from netpolarna.netwalk.classifier.corpus import LABELS, TARGETS
from netpolarna.netwalk.detection.reasons import reason_text
from netpolarna.netwalk.triage.models import ACTION_KINDS, CLOSED_STATUSES, FLAG_STATUSES
from netpolarna.netwalk.triage.queue import breached
from netpolarna.netwalk.triage.work_queue import QUEUE_STATUSES, QueueItem
from netpolarna.reports.texts import category_name

FLAG_SEVERITIES = ("low", "medium", "high", "critical")


def _reason_text(reason: dict[str, Any], locale: str) -> str:
    params = reason.get("params")
    if params is None:  # a flag raised before reasons kept their numbers: what it stored
        return str(reason.get(locale) or reason.get("en") or "")
    return reason_text(reason["code"], params, locale)


class ReasonSchema(Schema):
    code = fields.String(
        metadata={
            "enum": ["pile_on", "threat", "hostile_share", "burst", "counter_speech", "local"]
        }
    )
    en = fields.String(metadata={"description": "The reason in plain English"})
    sv = fields.String(metadata={"description": "The reason in plain Swedish"})
    text = fields.Function(
        lambda reason: _reason_text(reason, request_locale()),
        metadata={"description": "The reason in the reader's language (sv, da, nb or en)"},
    )
    weight = fields.Float(metadata={"description": "How much it adds to the score"})


class FlagSchema(Schema):
    id = fields.Integer()
    thread_id = fields.Integer()
    status = fields.String(metadata={"enum": list(FLAG_STATUSES)})
    severity = fields.String(metadata={"enum": list(FLAG_SEVERITIES)})
    score = fields.Float(metadata={"description": "Escalation score of the thread, 0..1"})
    priority = fields.Integer(metadata={"description": "1 (most urgent) to 4"})
    danger = fields.Boolean(metadata={"description": "A linked youth report says 'in danger'"})
    reasons = fields.List(fields.Nested(ReasonSchema))
    evidence_message_ids = fields.List(fields.Integer())
    assignee_id = fields.Integer(allow_none=True)
    claimed_at = fields.DateTime(allow_none=True)
    first_seen_at = fields.DateTime()
    last_escalated_at = fields.DateTime()
    response_due_at = fields.DateTime()
    responded_at = fields.DateTime(allow_none=True)
    response_target_breached = fields.Method("_breached", dump_only=True)
    closed_at = fields.DateTime(allow_none=True)
    closed_level = fields.String(allow_none=True)
    reopened_count = fields.Integer()
    version = fields.Integer(metadata={"description": "Send as If-Match (also the ETag)"})

    def _breached(self, flag: Any) -> bool:
        return breached(flag)


class FlagQuerySchema(CursorQuerySchema):
    status = fields.List(
        fields.String(validate=validate.OneOf(FLAG_STATUSES)),
        load_default=list,
        metadata={"description": "Repeatable; default: the open statuses"},
    )
    severity = fields.List(
        fields.String(validate=validate.OneOf(FLAG_SEVERITIES)), load_default=list
    )
    assignee_id = fields.Integer()
    unassigned = fields.Boolean()
    breached = fields.Boolean(metadata={"description": "Response-time target missed"})
    danger = fields.Boolean()
    thread_id = fields.Integer()


FlagPageSchema = page_schema(FlagSchema, "FlagPageSchema")


class EvidenceMessageSchema(Schema):
    id = fields.Integer()
    text = fields.String()
    lang = fields.String()
    author_pseudonym = fields.Function(lambda m: m.author_pseudonym[:10])
    created_at = fields.DateTime()
    url = fields.String(allow_none=True)
    label = fields.String(allow_none=True)
    score = fields.Float(allow_none=True, metadata={"description": "P(hateful) + P(offensive)"})
    threat = fields.Float(allow_none=True)
    targets = fields.List(fields.String(), allow_none=True)


class LinkedReportSchema(Schema):
    report_id = fields.Integer()
    case_code = fields.String()
    category = fields.String()
    in_danger = fields.Boolean()
    status = fields.String()
    matched_by = fields.String(metadata={"enum": ["url", "manual"]})
    url = fields.String(allow_none=True)
    linked_at = fields.DateTime()


class FlagActionSchema(Schema):
    id = fields.Integer(dump_only=True)
    flag_id = fields.Integer(dump_only=True)
    kind = fields.String(required=True, validate=validate.OneOf(ACTION_KINDS))
    note = fields.String(load_default="", validate=validate.Length(max=4000))
    by_id = fields.Integer(dump_only=True, allow_none=True)
    at = fields.DateTime(dump_only=True)


class FlagNoteSchema(Schema):
    id = fields.Integer(dump_only=True)
    flag_id = fields.Integer(dump_only=True)
    body = fields.String(required=True, validate=validate.Length(min=1, max=8000))
    author_id = fields.Integer(dump_only=True, allow_none=True)
    at = fields.DateTime(dump_only=True)


class ThreadSummarySchema(Schema):
    id = fields.Integer()
    source_id = fields.Integer()
    title = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    message_count = fields.Integer()
    author_count = fields.Integer()


class FlagDetailSchema(FlagSchema):
    thread = fields.Nested(ThreadSummarySchema, allow_none=True)
    messages = fields.List(
        fields.Nested(EvidenceMessageSchema), metadata={"description": "Top messages, worst first"}
    )
    reports = fields.List(fields.Nested(LinkedReportSchema))
    actions = fields.List(fields.Nested(FlagActionSchema))
    notes = fields.List(fields.Nested(FlagNoteSchema))


class FlagUpdateSchema(Schema):
    status = fields.String(validate=validate.OneOf(FLAG_STATUSES))
    severity = fields.String(validate=validate.OneOf(FLAG_SEVERITIES))


class FlagAssignSchema(Schema):
    assignee_id = fields.Integer(
        allow_none=True,
        load_default=None,
        metadata={"description": "Omit for the least-loaded net-walker on duty"},
    )


class BulkCloseSchema(Schema):
    flag_ids = fields.List(
        fields.Integer(), required=True, validate=validate.Length(min=1, max=500)
    )
    status = fields.String(load_default="closed", validate=validate.OneOf(CLOSED_STATUSES))


class BulkCloseResultSchema(Schema):
    closed = fields.List(fields.Integer())
    skipped = fields.List(fields.Integer(), metadata={"description": "Missing or already closed"})


class FlagReportLinkCreateSchema(Schema):
    report_id = fields.Integer(required=True)


class FlagReportLinkSchema(Schema):
    id = fields.Integer()
    flag_id = fields.Integer()
    report_id = fields.Integer()
    matched_by = fields.String()
    url = fields.String(allow_none=True)
    created_at = fields.DateTime()


class MessageLabelCreateSchema(Schema):
    label = fields.String(required=True, validate=validate.OneOf(LABELS))
    threat = fields.Boolean(load_default=False)
    targets = fields.List(fields.String(validate=validate.OneOf(TARGETS)), load_default=list)


class MessageLabelSchema(MessageLabelCreateSchema):
    id = fields.Integer(dump_only=True)
    message_id = fields.Integer(dump_only=True)
    source = fields.String(dump_only=True)
    by_id = fields.Integer(dump_only=True, allow_none=True)
    at = fields.DateTime(dump_only=True)


class ModelVersionSchema(Schema):
    version = fields.String()
    active = fields.Boolean()
    trained_at = fields.String(allow_none=True)
    metrics = fields.Dict(metadata={"description": "Held-out metrics written at training"})
    sources = fields.List(fields.String())


class ModelListSchema(Schema):
    items = fields.List(fields.Nested(ModelVersionSchema))


class QueueQuerySchema(CursorQuerySchema):
    kind = fields.String(validate=validate.OneOf(("flag", "report")))
    status = fields.List(
        fields.String(validate=validate.OneOf(QUEUE_STATUSES)),
        load_default=list,
        metadata={"description": "Repeatable; default: the open statuses of both kinds"},
    )
    mine = fields.Boolean(metadata={"description": "Only items assigned to the caller"})
    assignee_id = fields.Integer()
    unassigned = fields.Boolean()
    breached = fields.Boolean(metadata={"description": "Response-time target missed"})
    source_id = fields.Integer(metadata={"description": "Flags of this source (no reports)"})
    danger = fields.Boolean()


def queue_summary(item: QueueItem, locale: str) -> str:
    """One line for the queue in the reader's language, from codes, not stored words."""
    if item.kind == "report":
        line = translate(
            "report.queue_summary",
            locale,
            case_code=item.case_code or "",
            category=category_name(item.category or "other", locale),
            platform=item.platform or "",
        )
        return translate("report.queue_danger", locale) + " " + line if item.danger else line
    top = item.reasons[0] if item.reasons else {}
    if top.get("code"):
        return reason_text(str(top["code"]), top.get("params") or {}, locale)
    return str(top.get(locale) or top.get("en") or item.thread_title or "")


class QueueItemSchema(Schema):
    kind = fields.String(metadata={"enum": ["flag", "report"]})
    id = fields.Integer(metadata={"description": "The flag's or the report's id"})
    danger = fields.Boolean()
    priority = fields.Integer(metadata={"description": "1 (most urgent) to 4"})
    severity = fields.String(
        metadata={"description": "A flag's severity, or a report's priority name"}
    )
    status = fields.String()
    created_at = fields.DateTime(metadata={"description": "First seen (flag) or received"})
    response_due_at = fields.DateTime()
    breached = fields.Boolean(metadata={"description": "Response-time target missed"})
    assignee_id = fields.Integer(allow_none=True)
    summary = fields.Method(
        "_summary", metadata={"description": "One-line reason, in the caller's language"}
    )
    source_id = fields.Integer(allow_none=True)
    thread_title = fields.String(allow_none=True)
    case_code = fields.String(allow_none=True)
    category = fields.String(allow_none=True)
    platform = fields.String(allow_none=True)
    version = fields.Integer(allow_none=True, metadata={"description": "A flag's If-Match"})

    def _summary(self, item: QueueItem) -> str:
        return queue_summary(item, request_locale(default="en"))


QueuePageSchema = page_schema(QueueItemSchema, "QueuePageSchema")
