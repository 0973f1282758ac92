"""Keyset (cursor) pagination over any ordered select, in any mix of sort directions.

A cursor encodes the sort values of the last row served, so pages stay stable while rows are
added, and a page costs the same however deep the client has scrolled.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement

from netpolarna.errors import ValidationFailed
from netpolarna.extensions import db

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
        stmt = stmt.where(_after(keys, decode_cursor(cursor, len(keys))))
    order = [key.column.desc() if key.descending else key.column.asc() for key in keys]
    rows = list(db.session.scalars(stmt.order_by(*order).limit(limit + 1)))
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(sort_values(rows[-1])) if has_more and rows else None
    return Page(items=rows, next_cursor=next_cursor)
