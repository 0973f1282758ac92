"""Request and response schemas for tips and helplines."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from marshmallow import Schema, fields, validate

from netpolarna.common.i18n import SUPPORTED_LOCALES
from netpolarna.common.schemas import CursorQuerySchema
from netpolarna.tips.helplines import COUNTRIES
from netpolarna.tips.models import Tip
from netpolarna.tips.service import STATUSES, TOPICS, TipInLanguage, pick_translation

SLUG = validate.Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", error="Lower-case words joined by '-'.")


class TipTranslationSchema(Schema):
    lang = fields.String(required=True, validate=validate.OneOf(SUPPORTED_LOCALES))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    summary = fields.String(required=True, validate=validate.Length(min=1, max=500))
    body = fields.String(
        required=True,
        validate=validate.Length(min=1, max=20000),
        metadata={"description": "Markdown; rendered to sanitised HTML"},
    )


class TipCreateSchema(Schema):
    slug = fields.String(required=True, validate=[validate.Length(min=1, max=80), SLUG])
    topic = fields.String(required=True, validate=validate.OneOf(TOPICS))
    status = fields.String(load_default="draft", validate=validate.OneOf(STATUSES))
    translations = fields.List(
        fields.Nested(TipTranslationSchema),
        required=True,
        validate=validate.Length(min=1, max=len(SUPPORTED_LOCALES)),
    )


class TipUpdateSchema(Schema):
    slug = fields.String(validate=[validate.Length(min=1, max=80), SLUG])
    topic = fields.String(validate=validate.OneOf(TOPICS))
    status = fields.String(validate=validate.OneOf(STATUSES))
    translations = fields.List(
        fields.Nested(TipTranslationSchema),
        validate=validate.Length(min=1, max=len(SUPPORTED_LOCALES)),
        metadata={"description": "Languages sent are added or replaced; others are kept"},
    )


class TipQuerySchema(CursorQuerySchema):
    lang = fields.String(
        validate=validate.OneOf(SUPPORTED_LOCALES),
        metadata={"description": "Default: Accept-Language; missing languages fall back"},
    )
    topic = fields.String(validate=validate.OneOf(TOPICS))
    q = fields.String(validate=validate.Length(min=1, max=100), metadata={"description": "Search"})
    status = fields.String(validate=validate.OneOf(STATUSES), metadata={"description": "Staff"})
    updated_since = fields.AwareDateTime(
        default_timezone=UTC,
        metadata={"description": "Only changes since then, with tombstones; pass `synced_at`"},
    )


class TipLangQuerySchema(Schema):
    lang = fields.String(validate=validate.OneOf(SUPPORTED_LOCALES))


class TipTranslationViewSchema(Schema):
    lang = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    body = fields.String(required=True)


class TipSchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    topic = fields.String(required=True, metadata={"enum": list(TOPICS)})
    status = fields.String(required=True)
    lang = fields.String(required=True, metadata={"description": "The language served"})
    languages = fields.List(fields.String(), required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    body_html = fields.String(required=True, metadata={"description": "Sanitised HTML"})
    published_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime(required=True)
    translations = fields.List(
        fields.Nested(TipTranslationViewSchema),
        allow_none=True,
        metadata={"description": "Staff only: the Markdown sources"},
    )


class TipTombstoneSchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    deleted_at = fields.DateTime(required=True)


class TipPageSchema(Schema):
    items = fields.List(fields.Nested(TipSchema), required=True)
    next_cursor = fields.String(allow_none=True)
    tombstones = fields.List(
        fields.Nested(TipTombstoneSchema),
        required=True,
        metadata={"description": "With updated_since: tips to remove from an offline copy"},
    )
    synced_at = fields.DateTime(
        required=True, metadata={"description": "Pass as updated_since next time"}
    )


class HelplineQuerySchema(Schema):
    country = fields.String(validate=validate.OneOf(COUNTRIES))
    lang = fields.String(validate=validate.OneOf(SUPPORTED_LOCALES))


class HelplineSchema(Schema):
    id = fields.String(required=True)
    country = fields.String(required=True)
    name = fields.String(required=True)
    phone = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    emergency = fields.Boolean(required=True)
    description = fields.String(required=True)


class HelplineListSchema(Schema):
    items = fields.List(fields.Nested(HelplineSchema), required=True)


def tip_view(tip: Tip, lang: str, *, staff: bool = False) -> dict[str, Any]:
    """`TipSchema`: the tip in `lang` (or the nearest translation); staff get every one."""
    chosen = pick_translation(tip, lang)
    return {
        "id": tip.id,
        "slug": tip.slug,
        "topic": tip.topic,
        "status": tip.status,
        "lang": chosen.lang if chosen else lang,
        "languages": [t.lang for t in tip.translations],
        "title": chosen.title if chosen else "",
        "summary": chosen.summary if chosen else "",
        "body_html": chosen.body_html if chosen else "",
        "published_at": tip.published_at,
        "updated_at": tip.updated_at,
        "translations": [
            {"lang": t.lang, "title": t.title, "summary": t.summary, "body": t.body_markdown}
            for t in tip.translations
        ]
        if staff
        else None,
    }


def tombstone_view(tip: Tip) -> dict[str, Any]:
    """`TipTombstoneSchema`: an unpublished tip is gone from the moment it last changed."""
    return {"id": tip.id, "slug": tip.slug, "deleted_at": tip.deleted_at or tip.updated_at}


def tip_link_view(link: TipInLanguage) -> dict[str, Any]:
    """A short link to a tip (`ReportTipLinkSchema`): title and summary, no body."""
    chosen = link.translation
    return {
        "id": link.tip.id,
        "slug": link.tip.slug,
        "lang": chosen.lang,
        "title": chosen.title,
        "summary": chosen.summary,
    }
