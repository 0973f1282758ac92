"""`GET /api/v1/audit`: the audit log for admins (who read or changed what, and when)."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from marshmallow import Schema, fields, validate

from netpolarna.audit import service
from netpolarna.common.api import ApiBlueprint
from netpolarna.common.schemas import CursorQuerySchema, page_schema
from netpolarna.roles import Role

audit_blp = ApiBlueprint(
    "audit", __name__, url_prefix="/api/v1/audit", description="The audit log (admins)"
)


class AuditQuerySchema(CursorQuerySchema):
    actor_id = fields.Integer()
    action = fields.String(
        validate=validate.Length(max=64),
        metadata={"description": "Exact action, or a prefix ending in '.' (e.g. 'report.')"},
    )
    subject_type = fields.String(validate=validate.Length(max=32))
    subject_id = fields.String(validate=validate.Length(max=64))
    since = fields.AwareDateTime(default_timezone=UTC, metadata={"description": "At or after"})
    until = fields.AwareDateTime(default_timezone=UTC, metadata={"description": "Before"})


class AuditEventSchema(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    actor_id = fields.Integer(allow_none=True)
    actor_role = fields.String(allow_none=True)
    action = fields.String()
    subject_type = fields.String()
    subject_id = fields.String()
    detail = fields.Dict()


AuditPageSchema = page_schema(AuditEventSchema, "AuditPageSchema")


@audit_blp.route("")
@audit_blp.roles(Role.ADMIN)
@audit_blp.arguments(AuditQuerySchema, location="query")
@audit_blp.response(200, AuditPageSchema)
def list_audit(query: dict[str, Any]) -> Any:
    """The audit log, newest first: who read which report or evidence, who changed what."""
    cursor, limit = query.pop("cursor"), query.pop("limit")
    page = service.list_events(service.AuditFilters(**query), cursor=cursor, limit=limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


blueprints = [audit_blp]
