"""Request and response schemas for reports, messages, notes and evidence, and the functions
that shape what the services return into the response schemas (`report_view`, ...)."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from netpolarna.accounts.models import User
from netpolarna.common.i18n import translate
from netpolarna.common.schemas import CursorQuerySchema, page_schema
from netpolarna.reports.guidance import Guidance, describe_when
from netpolarna.reports.models import Evidence, Report, ReportMessage
from netpolarna.reports.service import CATEGORIES, PRIORITIES, ReportDetails, is_staff
from netpolarna.reports.texts import OUTCOMES, STATUSES
from netpolarna.tips.schemas import tip_link_view

PLATFORMS = (
    "instagram",
    "tiktok",
    "snapchat",
    "discord",
    "youtube",
    "x",
    "facebook",
    "reddit",
    "twitch",
    "whatsapp",
    "telegram",
    "roblox",
    "minecraft",
    "fortnite",
    "other_game",
    "school_platform",
    "sms",
    "other",
)
AFFECTED = ("me", "friend", "group", "someone_else")
TARGET_GROUPS = (
    "ethnicity_or_origin",
    "religion",
    "sexual_orientation",
    "gender_identity",
    "gender",
    "disability",
    "appearance",
    "age",
    "political_views",
    "other",
)
PRIORITY_NAMES = tuple(PRIORITIES.values())
TEXT_MAX = 5000
MESSAGE_MAX = 4000


class ReportCreateSchema(Schema):
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    platform = fields.String(required=True, validate=validate.OneOf(PLATFORMS))
    links = fields.List(
        fields.Url(schemes={"http", "https"}, validate=validate.Length(max=2048)),
        load_default=list,
        validate=validate.Length(max=10),
    )
    description = fields.String(required=True, validate=validate.Length(min=1, max=TEXT_MAX))
    affected = fields.String(required=True, validate=validate.OneOf(AFFECTED))
    target_groups = fields.List(
        fields.String(validate=validate.OneOf(TARGET_GROUPS)),
        load_default=list,
        validate=validate.Length(max=len(TARGET_GROUPS)),
    )
    occurred_at = fields.AwareDateTime(
        default_timezone=UTC, metadata={"description": "When it happened (roughly is fine)"}
    )
    in_danger = fields.Boolean(
        load_default=False, metadata={"description": "I am in danger now: top priority"}
    )


class ReportUpdateSchema(Schema):
    status = fields.String(validate=validate.OneOf(STATUSES))
    outcome = fields.String(allow_none=True, validate=validate.OneOf(OUTCOMES))
    priority = fields.String(validate=validate.OneOf(PRIORITY_NAMES))
    assignee_id = fields.Integer(allow_none=True)


class ReportQuerySchema(CursorQuerySchema):
    status = fields.String(validate=validate.OneOf(STATUSES))
    category = fields.String(validate=validate.OneOf(CATEGORIES))
    priority = fields.String(validate=validate.OneOf(PRIORITY_NAMES))
    assignee_id = fields.Integer(metadata={"description": "Staff only"})
    unassigned = fields.Boolean(metadata={"description": "Staff only"})
    danger = fields.Boolean()
    case_code = fields.String(validate=validate.Length(max=20))


class ReportStatusChangeSchema(Schema):
    status = fields.String(required=True)
    status_text = fields.String(required=True)
    outcome = fields.String(allow_none=True)
    outcome_text = fields.String(allow_none=True, metadata={"description": "In plain words"})
    at = fields.DateTime(required=True)


class CrisisContactSchema(Schema):
    name = fields.String(required=True)
    phone = fields.String(required=True)
    country = fields.String(required=True)
    description = fields.String(required=True)


class ReportTipLinkSchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    lang = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)


class ReportGuidanceSchema(Schema):
    locale = fields.String(required=True)
    urgent = fields.Boolean(required=True)
    staffed_now = fields.Boolean(required=True)
    next_staffed_at = fields.DateTime(allow_none=True)
    availability = fields.String(
        required=True, metadata={"description": "When a person will read the report"}
    )
    danger_text = fields.String(allow_none=True)
    crisis_contacts = fields.List(fields.Nested(CrisisContactSchema), required=True)
    bystander_text = fields.String(allow_none=True)
    bystander_tips = fields.List(fields.Nested(ReportTipLinkSchema), required=True)


class ReportSchema(Schema):
    id = fields.Integer(required=True)
    case_code = fields.String(required=True, metadata={"example": "7KQ2-M9XC"})
    category = fields.String(required=True)
    platform = fields.String(required=True)
    links = fields.List(fields.String(), required=True)
    description = fields.String(required=True)
    affected = fields.String(required=True)
    target_groups = fields.List(fields.String(), required=True)
    occurred_at = fields.DateTime(allow_none=True)
    in_danger = fields.Boolean(required=True)
    priority = fields.String(required=True, metadata={"enum": list(PRIORITY_NAMES)})
    status = fields.String(required=True, metadata={"enum": list(STATUSES)})
    status_text = fields.String(required=True)
    outcome = fields.String(allow_none=True)
    outcome_text = fields.String(allow_none=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    closed_at = fields.DateTime(allow_none=True)
    unread_messages = fields.Integer(
        required=True, metadata={"description": "Messages from the other side not yet read"}
    )
    evidence_count = fields.Integer(required=True)
    status_history = fields.List(fields.Nested(ReportStatusChangeSchema), required=True)
    assignee_id = fields.Integer(allow_none=True, metadata={"description": "Staff view only"})
    reporter_erased = fields.Boolean(allow_none=True, metadata={"description": "Staff view only"})
    guidance = fields.Nested(
        ReportGuidanceSchema, allow_none=True, metadata={"description": "Reporter view only"}
    )


ReportPageSchema = page_schema(ReportSchema, "ReportPageSchema")


class ReportMessageCreateSchema(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=MESSAGE_MAX))


class ReportMessageSchema(Schema):
    id = fields.Integer(required=True)
    report_id = fields.Integer(required=True)
    side = fields.String(required=True, metadata={"enum": ["reporter", "staff"]})
    mine = fields.Boolean(required=True)
    author_id = fields.Integer(allow_none=True, metadata={"description": "Staff view only"})
    body = fields.String(required=True)
    created_at = fields.DateTime(required=True)


ReportMessagePageSchema = page_schema(ReportMessageSchema, "ReportMessagePageSchema")


class ReportNoteCreateSchema(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=TEXT_MAX))


class ReportNoteSchema(Schema):
    id = fields.Integer(required=True)
    report_id = fields.Integer(required=True)
    author_id = fields.Integer(allow_none=True)
    body = fields.String(required=True)
    created_at = fields.DateTime(required=True)


ReportNotePageSchema = page_schema(ReportNoteSchema, "ReportNotePageSchema")


class ReportEvidenceUploadSchema(Schema):
    file = Upload(required=True, metadata={"description": "PNG, JPEG or WebP, at most 10 MB"})


class ReportEvidenceSchema(Schema):
    id = fields.Integer(required=True)
    report_id = fields.Integer(required=True)
    content_type = fields.String(required=True)
    size_bytes = fields.Integer(required=True)
    width = fields.Integer(required=True)
    height = fields.Integer(required=True)
    sha256 = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    removed_at = fields.DateTime(allow_none=True)
    url = fields.String(allow_none=True)


class ReportEvidenceListSchema(Schema):
    items = fields.List(fields.Nested(ReportEvidenceSchema), required=True)


# --- shaping what the services return -------------------------------------------------------


def history_view(report: Report, locale: str) -> list[dict[str, Any]]:
    return [
        {
            "status": change.status,
            "status_text": translate(f"report.status.{change.status}", locale),
            "outcome": change.outcome,
            "outcome_text": (
                translate(f"report.outcome.{change.outcome}", locale) if change.outcome else None
            ),
            "at": change.at,
        }
        for change in report.history
    ]


def report_view(details: ReportDetails, locale: str) -> dict[str, Any]:
    """`ReportSchema`: the report as its viewer may see it, texts in `locale`."""
    report, staff = details.report, details.staff_view
    return {
        "id": report.id,
        "case_code": report.case_code,
        "category": report.category,
        "platform": report.platform,
        "links": report.links,
        "description": report.description,
        "affected": report.affected,
        "target_groups": report.target_groups,
        "occurred_at": report.occurred_at,
        "in_danger": report.in_danger,
        "priority": PRIORITIES[report.priority],
        "status": report.status,
        "status_text": translate(f"report.status.{report.status}", locale),
        "outcome": report.outcome,
        "outcome_text": (
            translate(f"report.outcome.{report.outcome}", locale) if report.outcome else None
        ),
        "created_at": report.created_at,
        "updated_at": report.updated_at,
        "closed_at": report.closed_at,
        "unread_messages": details.unread_messages,
        "evidence_count": details.evidence_count,
        "status_history": history_view(report, locale),
        "assignee_id": report.assignee_id if staff else None,
        "reporter_erased": report.reporter_erased_at is not None if staff else None,
        "guidance": guidance_view(details.guidance) if details.guidance else None,
    }


def message_view(message: ReportMessage, viewer: User) -> dict[str, Any]:
    """`ReportMessageSchema`: the reporter sees `staff`, never which staff member; staff see
    who on the team wrote."""
    return {
        "id": message.id,
        "report_id": message.report_id,
        "side": message.side,
        "mine": message.author_id == viewer.id,
        "author_id": message.author_id if is_staff(viewer) and message.side == "staff" else None,
        "body": message.body,
        "created_at": message.created_at,
    }


def evidence_view(evidence: Evidence, report_id: int) -> dict[str, Any]:
    """`ReportEvidenceSchema`: a removed screenshot keeps its row, without a link."""
    return {
        "id": evidence.id,
        "report_id": report_id,
        "content_type": evidence.content_type,
        "size_bytes": evidence.size_bytes,
        "width": evidence.width,
        "height": evidence.height,
        "sha256": evidence.sha256,
        "created_at": evidence.created_at,
        "removed_at": evidence.removed_at,
        "url": None
        if evidence.removed_at
        else f"/api/v1/reports/{report_id}/evidence/{evidence.id}",
    }


def guidance_view(guidance: Guidance) -> dict[str, Any]:
    """`ReportGuidanceSchema`: the answer to a new report, worded in the reporter's locale."""
    locale = guidance.locale
    if guidance.staffed_now:
        availability = translate("report.staffed_now", locale)
    else:
        next_at = guidance.next_staffed_at
        when = describe_when(next_at, guidance.now, locale) if next_at else "-"
        availability = translate("report.outside_hours", locale, when=when)
    return {
        "locale": locale,
        "urgent": guidance.urgent,
        "staffed_now": guidance.staffed_now,
        "next_staffed_at": guidance.next_staffed_at,
        "availability": availability,
        "danger_text": translate("report.danger", locale) if guidance.urgent else None,
        "crisis_contacts": [
            {
                "name": contact.name,
                "phone": contact.phone,
                "country": guidance.country,
                "description": contact.description.get(locale) or contact.description["en"],
            }
            for contact in guidance.crisis_contacts
        ],
        "bystander_text": translate("report.bystander", locale) if guidance.for_friend else None,
        "bystander_tips": [tip_link_view(link) for link in guidance.friend_tips],
    }
