"""Request and response schemas for sources, scans, threads and net-walk logs."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from netpolarna.common.schemas import CursorQuerySchema, page_schema
from netpolarna.netwalk.connectors import CONNECTORS
from netpolarna.netwalk.models import SCAN_STATUSES

KINDS = sorted(CONNECTORS)
NAME = validate.Length(min=1, max=200)
INTERVAL = validate.Range(min=1, max=7 * 24 * 60)
CONFIG_DOC = {
    "description": (
        "Kind-specific: rss `url`; mastodon `base_url` and one of `hashtag`, `account`, "
        "`timeline`; reddit `base_url`, `subreddit`; discourse `base_url`, optional "
        "`category`; jsonl `path` (a file or a folder). Optional `max_pages` caps a scan."
    )
}


class SourceSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, metadata={"enum": KINDS})
    config = fields.Dict(required=True, metadata=CONFIG_DOC)
    interval_minutes = fields.Integer(required=True)
    enabled = fields.Boolean(required=True)
    last_scan_at = fields.DateTime(allow_none=True)
    last_status = fields.String(allow_none=True)
    last_error = fields.String(allow_none=True)
    consecutive_failures = fields.Integer()
    next_retry_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class SourceCreateSchema(Schema):
    name = fields.String(required=True, validate=NAME)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    config = fields.Dict(required=True, metadata=CONFIG_DOC)
    interval_minutes = fields.Integer(load_default=60, validate=INTERVAL)
    enabled = fields.Boolean(load_default=True)


class SourceUpdateSchema(Schema):
    name = fields.String(validate=NAME)
    kind = fields.String(validate=validate.OneOf(KINDS))
    config = fields.Dict(metadata=CONFIG_DOC)
    interval_minutes = fields.Integer(validate=INTERVAL)
    enabled = fields.Boolean()


class SourceQuerySchema(CursorQuerySchema):
    kind = fields.String(validate=validate.OneOf(KINDS))
    enabled = fields.Boolean()


class ScanRunSchema(Schema):
    id = fields.Integer()
    source_id = fields.Integer()
    status = fields.String(metadata={"enum": list(SCAN_STATUSES)})
    trigger = fields.String(metadata={"description": "api, schedule, retry, cli or demo"})
    fetched = fields.Integer(metadata={"description": "new + duplicate + updated + failed"})
    new = fields.Integer()
    duplicate = fields.Integer()
    updated = fields.Integer(metadata={"description": "Edited messages updated in place"})
    failed = fields.Integer(metadata={"description": "Items that could not be read"})
    failures = fields.List(fields.String(), metadata={"description": "Why items failed"})
    requested_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    duration_ms = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)


class ScanQuerySchema(CursorQuerySchema):
    source_id = fields.Integer()
    status = fields.String(validate=validate.OneOf(SCAN_STATUSES))


class ThreadMessageSchema(Schema):
    id = fields.Integer()
    message_id = fields.String(metadata={"description": "The platform's id"})
    parent_id = fields.String(allow_none=True, metadata={"description": "The parent's platform id"})
    parent_message_id = fields.Integer(allow_none=True)
    depth = fields.Integer()
    author_pseudonym = fields.String(metadata={"description": "Keyed HMAC of the author handle"})
    text = fields.String()
    lang = fields.String(metadata={"enum": ["sv", "da", "nb", "en", "other"]})
    url = fields.String(allow_none=True)
    created_at = fields.DateTime()
    edited_at = fields.DateTime(allow_none=True)
    label = fields.String(allow_none=True)
    score = fields.Float(allow_none=True)
    threat = fields.Float(allow_none=True)
    targets = fields.List(fields.String(), allow_none=True)


class ThreadSchema(Schema):
    id = fields.Integer()
    source_id = fields.Integer()
    source_thread_id = fields.String()
    title = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    message_count = fields.Integer()
    author_count = fields.Integer()
    reply_count = fields.Integer()
    max_depth = fields.Integer()
    first_message_at = fields.DateTime(allow_none=True)
    last_message_at = fields.DateTime(allow_none=True)
    lang_counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    hostile_count = fields.Integer()
    threat_count = fields.Integer()
    counter_speech_count = fields.Integer()
    escalation_score = fields.Float(allow_none=True)


class ThreadDetailSchema(ThreadSchema):
    messages = fields.List(
        fields.Nested(ThreadMessageSchema), metadata={"description": "One page, in reply order"}
    )
    next_cursor = fields.String(
        allow_none=True, metadata={"description": "Pass as `cursor` for the next messages"}
    )


class ThreadQuerySchema(CursorQuerySchema):
    source_id = fields.Integer()


class NetwalkLogSchema(Schema):
    id = fields.Integer()
    author_id = fields.Integer(allow_none=True)
    platforms = fields.List(fields.String())
    started_at = fields.DateTime()
    ended_at = fields.DateTime(allow_none=True)
    observations = fields.String()
    thread_ids = fields.List(fields.Integer())
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class NetwalkLogCreateSchema(Schema):
    platforms = fields.List(
        fields.String(validate=validate.Length(min=1, max=60)),
        required=True,
        validate=validate.Length(min=1, max=20),
    )
    started_at = fields.AwareDateTime(required=True)
    ended_at = fields.AwareDateTime(allow_none=True)
    observations = fields.String(load_default="", validate=validate.Length(max=20_000))
    thread_ids = fields.List(fields.Integer(), load_default=list, validate=validate.Length(max=200))


class NetwalkLogUpdateSchema(Schema):
    platforms = fields.List(
        fields.String(validate=validate.Length(min=1, max=60)),
        validate=validate.Length(min=1, max=20),
    )
    started_at = fields.AwareDateTime()
    ended_at = fields.AwareDateTime(allow_none=True)
    observations = fields.String(validate=validate.Length(max=20_000))
    thread_ids = fields.List(fields.Integer(), validate=validate.Length(max=200))


class NetwalkLogQuerySchema(CursorQuerySchema):
    author_id = fields.Integer()


SourcePageSchema = page_schema(SourceSchema, "SourcePageSchema")
ScanRunPageSchema = page_schema(ScanRunSchema, "ScanRunPageSchema")
ThreadPageSchema = page_schema(ThreadSchema, "ThreadPageSchema")
NetwalkLogPageSchema = page_schema(NetwalkLogSchema, "NetwalkLogPageSchema")
