"""Domain errors, plain, and the problem+json response they become (`problem_handlers`)."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from flask import Response, json, request

from netpolarna.common import problem_texts  # noqa: F401  (registers the titles)
from netpolarna.common.i18n import request_locale, translate

PROBLEM_MIMETYPE = "application/problem+json"


class DomainError(Exception):
    """A rule of the domain was broken. Services raise these; the handler renders them."""

    status: int = 400
    code: str = "bad_request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        errors: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        if code:
            self.code = code
        self.errors = dict(errors) if errors else None
        self.headers = dict(headers) if headers else {}
        self.extra = extra


class BadRequest(DomainError):
    status, code = 400, "bad_request"


class Unauthorized(DomainError):
    status, code = 401, "unauthorized"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class NotFound(DomainError):
    status, code = 404, "not_found"


class Conflict(DomainError):
    status, code = 409, "conflict"


class PreconditionFailed(DomainError):
    status, code = 412, "precondition_failed"


class PayloadTooLarge(DomainError):
    status, code = 413, "payload_too_large"


class UnsupportedMediaType(DomainError):
    status, code = 415, "unsupported_media_type"


class ValidationFailed(DomainError):
    status, code = 422, "validation_failed"


class RateLimited(DomainError):
    status, code = 429, "rate_limited"

    def __init__(self, retry_after: int, detail: str | None = None, **kwargs: Any) -> None:
        headers = {"Retry-After": str(max(1, int(retry_after)))}
        super().__init__(detail, headers=headers, **kwargs)


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
