"""Keyset (cursor) pagination over any ordered select, in any mix of sort directions.

A cursor encodes the sort values of the last row served, so pages stay stable while rows are
added, and a page costs the same however deep the client has scrolled.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import BigInteger, Integer, Select, and_, or_
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

from netpolarna.common.input_limits import bad_text
from netpolarna.db import db
from netpolarna.errors import ValidationFailed

T = TypeVar("T")


@dataclass(frozen=True)
class SortKey:
    column: ColumnElement[Any] | QueryableAttribute[Any]
    descending: bool = False


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(values: Sequence[Any]) -> str:
    tagged = [{"dt": v.isoformat()} if isinstance(v, datetime) else v for v in values]
    raw = json.dumps(tagged, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        tagged = json.loads(raw)
        if not isinstance(tagged, list) or len(tagged) != width:
            raise ValueError("wrong width")
        return [
            datetime.fromisoformat(v["dt"]) if isinstance(v, dict) and "dt" in v else v
            for v in tagged
        ]
    except (ValueError, binascii.Error, TypeError, KeyError) as exc:
        raise ValidationFailed(errors={"cursor": ["Not a valid cursor."]}) from exc


_INT_LIMITS = {False: 2**31 - 1, True: 2**63 - 1}


def _valid_value(key: SortKey, value: Any) -> bool:
    """Whether a cursor value has the type (and range) of its sort column."""
    column = getattr(key.column, "expression", key.column)
    if value is None:
        return bool(getattr(column, "nullable", False))
    sql_type = getattr(column, "type", None)
    if isinstance(sql_type, TypeDecorator):
        sql_type = sql_type.impl_instance
    if isinstance(sql_type, Integer):
        limit = _INT_LIMITS[isinstance(sql_type, BigInteger)]
        return type(value) is int and -limit - 1 <= value <= limit
    try:
        expected = sql_type.python_type if sql_type is not None else None
    except NotImplementedError:
        expected = None
    if expected is datetime:
        return isinstance(value, datetime)
    if expected is str:
        return isinstance(value, str) and not bad_text(value)
    if expected is float:
        return type(value) in (int, float) and math.isfinite(value)
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def rows_after(keys: Sequence[SortKey], values: Sequence[Any]) -> ColumnElement[bool]:
    """Rows strictly after `values` in the order given by `keys` (for merged keyset pages)."""
    return _after(keys, values)


def _after(keys: Sequence[SortKey], values: Sequence[Any]) -> ColumnElement[bool]:
    """Rows strictly after `values` in the order given by `keys`."""
    clauses = []
    for i, key in enumerate(keys):
        equal_prefix = [keys[j].column == values[j] for j in range(i)]
        beyond = key.column < values[i] if key.descending else key.column > values[i]
        clauses.append(and_(*equal_prefix, beyond))
    return or_(*clauses)


def paginate(
    stmt: Select[Any],
    keys: Sequence[SortKey],
    sort_values: Callable[[Any], Sequence[Any]],
    *,
    cursor: str | None,
    limit: int,
) -> Page[Any]:
    """Run `stmt` ordered by `keys` (the last must be unique), one page after `cursor`.

    `sort_values(row)` returns the row's values for `keys`, in the same order.
    """
    if cursor:
        values = decode_cursor(cursor, len(keys))
        if not all(_valid_value(key, value) for key, value in zip(keys, values, strict=True)):
            raise ValidationFailed(errors={"cursor": ["Not a valid cursor."]})
        stmt = stmt.where(_after(keys, values))
    order = [key.column.desc() if key.descending else key.column.asc() for key in keys]
    rows = list(db.session.scalars(stmt.order_by(*order).limit(limit + 1)))
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(sort_values(rows[-1])) if has_more and rows else None
    return Page(items=rows, next_cursor=next_cursor)
