"""The one place every error becomes RFC 9457 problem+json: domain, HTTP, integrity, unexpected."""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, json, request
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from netpolarna.common import problem_texts  # noqa: F401  (registers the titles)
from netpolarna.common.i18n import request_locale, translate
from netpolarna.common.ratelimit import limiter
from netpolarna.db import db
from netpolarna.errors import PROBLEM_MIMETYPE, DomainError

log = logging.getLogger(__name__)

# Stable codes for plain HTTP errors raised by Flask, Werkzeug or webargs.
HTTP_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    428: "precondition_required",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


def problem(
    status: int,
    code: str,
    *,
    detail: str | None = None,
    errors: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Response:
    """Build a problem+json response; the title follows the request's Accept-Language."""
    body: dict[str, Any] = {
        "type": f"https://netpolarna.se/problems/{code.replace('_', '-')}",
        "title": translate(f"problem.{code}"),
        "status": status,
        "code": code,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    if extra:
        body.update(extra)
    with contextlib.suppress(RuntimeError):
        body["instance"] = request.path
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    response.headers["Content-Language"] = request_locale()
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def handle_domain_error(error: DomainError) -> Response:
    return problem(
        error.status,
        error.code,
        detail=error.detail,
        errors=error.errors,
        headers=error.headers,
        extra=error.extra,
    )


def handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    code = HTTP_CODES.get(status, "bad_request" if status < 500 else "internal_error")
    data = getattr(error, "data", None) or {}
    errors = data.get("errors") or data.get("messages")
    headers = dict(data.get("headers") or {})
    valid_methods = getattr(error, "valid_methods", None)
    if status == 405 and valid_methods:
        headers["Allow"] = ", ".join(sorted(valid_methods))
    if status == 429:
        headers.setdefault("Retry-After", _retry_after_from(error))
    if status == 400 and errors and _is_json_decode_error(errors):
        return problem(400, "invalid_json", detail="The request body is not valid JSON.")
    if status == 422 and isinstance(errors, Mapping):
        errors = _flatten_locations(errors)
    detail = data.get("message") if isinstance(data.get("message"), str) else None
    return problem(status, code, detail=detail, errors=errors, headers=headers)


def handle_integrity_error(error: IntegrityError) -> Response:
    db.session.rollback()
    log.warning("integrity error on %s %s", request.method, request.path)
    return problem(409, "conflict", detail="The change conflicts with existing data.")


def handle_unexpected(error: Exception) -> Response:
    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return problem(500, "internal_error")


_ARG_LOCATIONS = {"json", "query", "form", "files", "headers"}


def _flatten_locations(errors: Mapping[str, Any]) -> dict[str, Any]:
    """webargs nests field errors under their location ("json", "query"); keep field names."""
    flat: dict[str, Any] = {}
    for location, fields in errors.items():
        if isinstance(fields, Mapping) and location in {
            "json",
            "query",
            "form",
            "files",
            "headers",
        }:
            flat.update(fields)
        else:
            flat[location] = fields
    return flat


def _is_json_decode_error(errors: Any) -> bool:
    text = json.dumps(errors)
    return "Invalid JSON" in text


def _retry_after_from(error: HTTPException) -> str:
    """Seconds until the exhausted limit lets a request through again."""
    current = limiter.current_limit
    if current is not None:
        return str(max(1, math.ceil(current.reset_at - time.time())))
    return "60"


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(IntegrityError, handle_integrity_error)
    app.register_error_handler(Exception, handle_unexpected)
