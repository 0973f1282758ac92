"""Schemas shared across domains: the problem document and cursor pages."""

from __future__ import annotations

from typing import Any

from marshmallow import INCLUDE, Schema, fields, validate


class ProblemSchema(Schema):
    """RFC 9457 problem details, with a stable machine-readable `code`.

    RFC 9457 allows extension members, so the document allows more than the ones listed."""

    class Meta:
        unknown = INCLUDE

    type = fields.String(metadata={"description": "URI identifying the problem type"})
    title = fields.String(metadata={"description": "Short summary in the request's language"})
    status = fields.Integer()
    code = fields.String(metadata={"description": "Stable machine-readable code"})
    detail = fields.String()
    instance = fields.String()
    errors = fields.Dict(metadata={"description": "Per-field messages for validation problems"})
    etag = fields.String(
        metadata={"description": "The current ETag (428 and 412): retry with it in If-Match"}
    )
    assignee_id = fields.Integer(
        allow_none=True, metadata={"description": "Who has the flag (409 flag_already_claimed)"}
    )
    conflicts = fields.List(
        fields.Dict(), metadata={"description": "One entry per reason (409 booking conflicts)"}
    )


class CursorQuerySchema(Schema):
    cursor = fields.String(load_default=None, metadata={"description": "Opaque cursor"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """A `{items, next_cursor}` page of `item_schema`."""
    attrs: dict[str, Any] = {
        "items": fields.List(fields.Nested(item_schema), required=True),
        "next_cursor": fields.String(
            allow_none=True, metadata={"description": "Pass as `cursor` for the next page"}
        ),
    }
    return type(name, (Schema,), attrs)
