"""Thin views for tips and helplines; conditional GETs (ETag, 304) for offline sync."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from flask import Response, current_app, request
from flask_jwt_extended import current_user, verify_jwt_in_request

from netpolarna.accounts.roles import STAFF
from netpolarna.common.i18n import request_locale
from netpolarna.common.idempotency import idempotent
from netpolarna.db import utcnow
from netpolarna.tips import helplines_blp, schemas, service, tips_blp
from netpolarna.tips.cache import public_lists
from netpolarna.tips.helplines import helplines
from netpolarna.tips.schemas import (
    HelplineListSchema,
    HelplineQuerySchema,
    TipCreateSchema,
    TipLangQuerySchema,
    TipPageSchema,
    TipQuerySchema,
    TipSchema,
    TipUpdateSchema,
)

_PUBLIC_PAGE = TipPageSchema(exclude=("synced_at",))


def _viewer_is_staff() -> bool:
    """Tips are public; a staff token additionally shows drafts and Markdown sources."""
    if "Authorization" not in request.headers:
        return False
    verify_jwt_in_request(optional=True)
    return current_user is not None and current_user.role in STAFF


def conditional(
    ignore: tuple[str, ...] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Tag the body with a strong ETag and answer a matching If-None-Match with 304.

    Keys in `ignore` (like `synced_at`, the time of the request) are left out of the tag, so
    an unchanged list keeps its ETag; a client that gets 304 keeps its earlier `synced_at`.
    """

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Response:
            response = current_app.make_response(func(*args, **kwargs))
            if response.status_code != 200:
                return response
            if response.get_etag()[0]:  # the view tagged it already
                tagged = b""
            elif ignore:
                body = {k: v for k, v in response.get_json().items() if k not in ignore}
                tagged = json.dumps(body, sort_keys=True).encode()
            else:
                tagged = response.get_data()
            if tagged:
                response.set_etag(hashlib.sha256(tagged).hexdigest()[:32])
            response.headers["Cache-Control"] = (
                "private, no-cache" if "Authorization" in request.headers else "no-cache"
            )
            response.vary.update({"Accept-Language", "Authorization"})
            response.make_conditional(request)
            return response

        return wrapper

    return decorator


@tips_blp.route("", methods=["GET"])
@tips_blp.public
@tips_blp.arguments(TipQuerySchema, location="query")
@conditional(ignore=("synced_at",))
@tips_blp.response(200, TipPageSchema)
@tips_blp.alt_response(304, description="Not modified (If-None-Match matched the ETag)")
def list_tips(query: dict[str, Any]) -> Any:
    """Published tips in the requested language (falling back when missing), searchable.

    For offline sync pass `updated_since` (the previous `synced_at`): changed tips come in
    `items`, deleted or unpublished ones in `tombstones`."""
    staff = _viewer_is_staff()
    synced_at = utcnow()
    lang = query.pop("lang", None) or request_locale()
    if not staff and not query.get("q") and not query.get("updated_since"):
        return _cached_public_list(query, lang, synced_at)
    cursor, limit = query.pop("cursor"), query.pop("limit")
    page = service.list_tips(service.TipFilters(**query), staff=staff, cursor=cursor, limit=limit)
    since = query.get("updated_since")
    gone = service.tombstones(since, staff=staff) if since else []
    return {
        "items": [schemas.tip_view(t, lang, staff=staff) for t in page.items],
        "next_cursor": page.next_cursor,
        "tombstones": [schemas.tombstone_view(tip) for tip in gone],
        "synced_at": synced_at,
    }


def _cached_public_list(query: dict[str, Any], lang: str, synced_at: datetime) -> Response:
    """The plain public list (what every app open asks for), rendered once per change."""
    key = (lang, query.get("topic"), query["cursor"], query["limit"])

    def render() -> str:
        page = service.list_tips(
            service.TipFilters(topic=query.get("topic")),
            staff=False,
            cursor=query["cursor"],
            limit=query["limit"],
        )
        body = {
            "items": [schemas.tip_view(t, lang) for t in page.items],
            "next_cursor": page.next_cursor,
            "tombstones": [],
        }
        return json.dumps(_PUBLIC_PAGE.dump(body), separators=(",", ":"), sort_keys=True)

    entry = public_lists.get(key, service.catalogue_version(), render)
    stamp = json.dumps(synced_at.isoformat())
    response = Response(f'{entry.body},"synced_at":{stamp}}}', mimetype="application/json")
    response.set_etag(entry.etag)
    return response


@tips_blp.route("", methods=["POST"])
@tips_blp.roles(*STAFF)
@idempotent(tips_blp)
@tips_blp.arguments(TipCreateSchema)
@tips_blp.response(201, TipSchema)
@tips_blp.errors(409)
def create_tip(data: dict[str, Any]) -> Any:
    """Write a tip (a draft unless `status` is `published`); Markdown becomes safe HTML."""
    tip = service.create_tip(current_user, **data)
    return schemas.tip_view(tip, request_locale(), staff=True)


@tips_blp.route("/<int:tip_id>", methods=["GET"])
@tips_blp.public
@tips_blp.arguments(TipLangQuerySchema, location="query")
@conditional()
@tips_blp.response(200, TipSchema)
@tips_blp.alt_response(304, description="Not modified (If-None-Match matched the ETag)")
@tips_blp.errors(404)
def get_tip(query: dict[str, Any], tip_id: int) -> Any:
    """One published tip (staff: also drafts)."""
    staff = _viewer_is_staff()
    tip = service.get_tip(tip_id, staff=staff)
    return schemas.tip_view(tip, query.get("lang") or request_locale(), staff=staff)


@tips_blp.route("/<int:tip_id>", methods=["PATCH"])
@tips_blp.roles(*STAFF)
@tips_blp.arguments(TipUpdateSchema)
@tips_blp.response(200, TipSchema)
@tips_blp.errors(404, 409)
def update_tip(data: dict[str, Any], tip_id: int) -> Any:
    """Edit, publish (`status: published`) or unpublish (`status: draft`) a tip."""
    tip = service.update_tip(current_user, tip_id, **data)
    return schemas.tip_view(tip, request_locale(), staff=True)


@tips_blp.route("/<int:tip_id>", methods=["DELETE"])
@tips_blp.roles(*STAFF)
@tips_blp.response(204)
@tips_blp.errors(404)
def delete_tip(tip_id: int) -> None:
    """Delete a tip; syncing apps learn of it through `tombstones`."""
    service.delete_tip(current_user, tip_id)


@helplines_blp.route("", methods=["GET"])
@helplines_blp.public
@helplines_blp.arguments(HelplineQuerySchema, location="query")
@conditional()
@helplines_blp.response(200, HelplineListSchema)
@helplines_blp.alt_response(304, description="Not modified")
def list_helplines(query: dict[str, Any]) -> Any:
    """Helplines for a country (SE, DK, NO), emergency numbers first."""
    return {"items": helplines(query.get("country"), query.get("lang") or request_locale())}
