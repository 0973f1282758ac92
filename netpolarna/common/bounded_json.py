"""JSON request bodies parsed within limits: size, nesting depth, and text a database can store.

Both Flask's `request.get_json` (through the app's JSON provider) and the webargs parser behind
every `@blp.arguments` use `load_body`, so no endpoint parses a body any other way. A body
nested deeper than JSON_MAX_DEPTH is a 400 problem (never a RecursionError), one larger than
JSON_MAX_BYTES a 413, and one whose text holds NUL or a lone surrogate a 422.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Request, current_app, has_app_context
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from netpolarna.common.input_limits import TEXT_MESSAGE, bad_text
from netpolarna.errors import BadRequest, PayloadTooLarge, ValidationFailed

DEFAULT_MAX_DEPTH = 32
DEFAULT_MAX_BYTES = 1024 * 1024


def _limit(name: str, default: int) -> int:
    return int(current_app.config.get(name, default)) if has_app_context() else default


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def load_body(data: str | bytes) -> Any:
    """Parse a request body, or raise a DomainError that says which limit it broke."""
    max_bytes = _limit("JSON_MAX_BYTES", DEFAULT_MAX_BYTES)
    if len(data) > max_bytes:
        raise PayloadTooLarge(detail=f"JSON bodies can be at most {max_bytes // 1024} KiB.")
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError as exc:
        raise _too_deep() from exc
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise BadRequest(code="invalid_json", detail="The request body is not valid JSON.") from exc
    _check(value, _limit("JSON_MAX_DEPTH", DEFAULT_MAX_DEPTH))
    return value


def _too_deep() -> BadRequest:
    return BadRequest(code="invalid_json", detail="The request body is nested too deeply.")


def _check(value: Any, max_depth: int) -> None:
    """Walk without recursion: depth first, with each value's path for the error message."""
    stack: list[tuple[Any, int, str]] = [(value, 0, "")]
    while stack:
        item, depth, path = stack.pop()
        if isinstance(item, str):
            if bad_text(item):
                raise ValidationFailed(
                    code="invalid_text",
                    detail=TEXT_MESSAGE,
                    errors={path or "_body": [TEXT_MESSAGE]},
                )
            continue
        if not isinstance(item, dict | list):
            continue
        if depth >= max_depth:
            raise _too_deep()
        if isinstance(item, dict):
            for key, child in item.items():
                child_path = f"{path}.{key}" if path else str(key)
                stack.append((key, depth + 1, child_path))
                stack.append((child, depth + 1, child_path))
        else:
            stack.extend((child, depth + 1, f"{path}[{i}]") for i, child in enumerate(item))


class _BodyJSON:
    """What `Request.get_json` calls `json_module`: only its `loads` is used for bodies."""

    @staticmethod
    def loads(s: str | bytes, **kwargs: Any) -> Any:
        return load_body(s)


class BoundedRequest(Request):
    """The app's request class: bodies read by `request.get_json` obey the same limits."""

    json_module = _BodyJSON


class BoundedFlaskParser(FlaskParser):
    """webargs' parser, reading JSON bodies with `load_body`."""

    def _raw_load_json(self, req: Any) -> Any:
        if not is_json_request(req):
            return core.missing
        return load_body(req.get_data(cache=True))
