"""SQL helpers for statements that run on both SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY

from netpolarna.db import db


def one_of(column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """`column IN (values)`; on PostgreSQL `column = ANY(:array)`, one parameter.

    An IN list has a placeholder per value: psycopg parses such a statement anew on every
    run (it caches only short ones), and so does the server. One array keeps it short.
    """
    values = list(values)
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    return column.in_(values)
