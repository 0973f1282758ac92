"""Input limits at the edge, applied to every endpoint by one mechanism.

- Path ids: the `int` URL converter matches 1..2^31-1 only, so an out-of-range id is a 404
  (and the range is in openapi.yaml), never an integer overflow in the database.
- Argument schemas (`ApiBlueprint.arguments` calls `harden_schema`): every integer without a
  range gets the database's (ids 1..2^31-1, others -2^31..2^31-1); booleans in JSON bodies
  are JSON booleans only, and in query strings `true`/`false` (or `1`/`0`) only; body text
  that must not be empty must not be blank either.
- Text: JSON bodies (see `netpolarna.common.bounded_json`), query strings, form fields and path
  segments holding NUL or lone surrogates are refused with a 422 problem on every database
  (PostgreSQL cannot store them; SQLite would silently).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from flask import Flask, request
from marshmallow import Schema, fields, validate
from werkzeug.routing import IntegerConverter, Map

from netpolarna.common.settings import apply, settings
from netpolarna.errors import ValidationFailed

INT32_MAX = 2**31 - 1
INT32_MIN = -(2**31)
INT64_MAX = 2**63 - 1
TEXT_MESSAGE = "Text may not contain NUL characters or unpaired surrogates."
_HARDENED = "_netpolarna_hardened"
# Text that must not be empty must not be only white space either ("   " is no description).
NOT_BLANK = validate.Regexp(r"^[\s\S]*\S", error="Must not be blank.")


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a positive 32-bit id; anything else does not match (404)."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = 1,
        max: int | None = INT32_MAX,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class BigIdConverter(IdConverter):
    """`<bigid:...>` for rows keyed by a 64-bit id (scanned messages)."""

    def __init__(self, map: Map, fixed_digits: int = 0) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=1, max=INT64_MAX)


class JsonBoolean(fields.Boolean):
    """Only `true` and `false`: "yes", 1 or "1" in a JSON body are refused, not guessed."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if isinstance(value, bool):
            return value
        raise self.make_error("invalid", input=value)


class QueryBoolean(fields.Boolean):
    """A query-string flag: `true`/`false` (or `1`/`0`), nothing looser."""

    _TEXT = {"true": True, "false": False, "1": True, "0": False}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if isinstance(value, str) and value.lower() in self._TEXT:
            return self._TEXT[value.lower()]
        raise self.make_error("invalid", input=value)


def _is_id(name: str | None) -> bool:
    return bool(name) and (name == "id" or str(name).endswith(("_id", "_ids")))


def _has_range(field: fields.Field[Any]) -> bool:
    return any(isinstance(v, validate.Range) for v in field.validators)


def _must_not_be_empty(field: fields.Field[Any]) -> bool:
    return any(
        isinstance(v, validate.Length) and (v.min or 0) >= 1 and v.equal is None
        for v in field.validators
    )


def _harden_field(name: str | None, field: fields.Field[Any], location: str) -> Iterator[Any]:
    """Tighten one field in place; yield nested schemas to visit."""
    if isinstance(field, fields.String) and location in {"json", "form"}:
        # A field with its own pattern (a slug) already says what it takes.
        patterned = any(isinstance(v, validate.Regexp) for v in field.validators)
        if _must_not_be_empty(field) and not patterned:
            field.validators.append(NOT_BLANK)
    elif isinstance(field, fields.Integer) and not _has_range(field):
        low = 1 if _is_id(name) else INT32_MIN
        field.validators.append(validate.Range(min=low, max=INT32_MAX))
    elif type(field) is fields.Boolean:
        field.__class__ = JsonBoolean if location in {"json", "form"} else QueryBoolean
    elif isinstance(field, fields.List):
        yield from _harden_field(name, field.inner, location)
    elif isinstance(field, fields.Tuple):
        for inner in field.tuple_fields:
            yield from _harden_field(name, inner, location)
    elif isinstance(field, fields.Dict) and field.value_field is not None:
        yield from _harden_field(None, field.value_field, location)
    elif isinstance(field, fields.Nested):
        yield field.nested


def _schema_classes(target: Any) -> Iterable[type[Schema]]:
    if isinstance(target, Schema):
        return [type(target)]
    if isinstance(target, type) and issubclass(target, Schema):
        return [target]
    return []  # a schema named by string or built lazily: left as declared


def harden_schema(schema: Any, location: str = "json") -> None:
    """Apply the limits to an argument schema (class or instance) and the schemas it nests."""
    pending: list[Any] = [schema]
    while pending:
        target = pending.pop()
        if isinstance(target, Schema):
            for name, field in target.fields.items():
                pending.extend(_harden_field(name, field, location))
        for cls in _schema_classes(target):
            if cls.__dict__.get(_HARDENED) == location:
                continue
            setattr(cls, _HARDENED, location)
            for name, field in cls._declared_fields.items():
                pending.extend(_harden_field(name, field, location))


def bad_text(value: str) -> bool:
    """NUL, or a lone surrogate (which has no UTF-8 encoding)."""
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def refuse_bad_text_in_request() -> None:
    """Query strings, form fields and path segments: refuse NUL and lone surrogates."""
    errors: dict[str, list[str]] = {}
    sources: list[Iterable[tuple[str, Any]]] = [
        request.args.items(multi=True),
        (request.view_args or {}).items(),
    ]
    if request.mimetype in {"multipart/form-data", "application/x-www-form-urlencoded"}:
        sources.append(request.form.items(multi=True))
    for items in sources:
        for key, value in items:
            if bad_text(key) or (isinstance(value, str) and bad_text(value)):
                errors[key if not bad_text(key) else "_key"] = [TEXT_MESSAGE]
    if errors:
        raise ValidationFailed(code="invalid_text", detail=TEXT_MESSAGE, errors=errors)


# Settings read here, each as NETPOLARNA_<KEY>.
SETTINGS = settings({"JSON_MAX_BYTES": 1024 * 1024, "JSON_MAX_DEPTH": 32})


def init_app(app: Flask) -> None:
    """Install the id converter (before any route is added) and the text guard."""
    apply(app, SETTINGS)
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["bigid"] = BigIdConverter
    app.before_request(refuse_bad_text_in_request)
