"""The driver-specific paths of ingestion, each one function that works on both databases.

The store (`store.py`) and the scan (`scanning.py`) call these and hold no driver code: id
reservation (a sequence on PostgreSQL, the write lock on SQLite), the bulk insert (binary COPY
on PostgreSQL, one driver-level executemany on SQLite), the pair lookup by unique index, and
planner statistics during a long scan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY

from netpolarna.common.sql import one_of
from netpolarna.db import db
from netpolarna.netwalk.models import Message

_HEX_LIST = re.compile("[0-9a-f]+(?:,[0-9a-f]+)*")
_CHUNK = 500  # ids per IN (...) list


def _chunks(values: Sequence[Any]) -> Any:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def existing_pairs(column: Any, pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which (thread id, value) pairs are stored, by the (thread_id, value) unique index."""
    if not pairs:
        return set()
    if db.session.get_bind().dialect.name == "postgresql":
        return _existing_pairs_joined(column, pairs)
    # SQLite: thread ids IN (...) AND values IN (...) plans fast on the index; the few extra
    # rows it can match (a value of one thread in another) are dropped below.
    thread_ids = sorted({thread_id for thread_id, _ in pairs})
    values = sorted({value for _, value in pairs})
    found: set[tuple[int, str]] = set()
    for chunk in _chunks(values):
        stmt = (
            select(Message.thread_id, column)
            .where(one_of(Message.thread_id, thread_ids), one_of(column, chunk))
            .distinct()
        )
        found.update((row[0], row[1]) for row in db.session.execute(stmt))
    return found & pairs


def _existing_pairs_joined(column: Any, pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """PostgreSQL: the pairs as two arrays unnested side by side, joined on the index.

    `thread_id = ANY(...) AND value = ANY(...)` probes the index once per combination of the
    two arrays (20 threads x 1,000 values in a batch); the join probes it once per pair. The
    values (content hashes, pseudonyms) are hex digests, so each array travels as one
    comma-separated string that the server splits: psycopg would dump a list element by
    element in Python, checking each for characters to quote.
    """
    thread_ids, values = zip(*pairs, strict=True)
    joined = hex_list(values)
    wanted = (
        func.unnest(
            func.string_to_array(bindparam("thread_ids", ",".join(map(str, thread_ids))), ",")
            .cast(ARRAY(Message.thread_id.type)),
            func.string_to_array(bindparam("pair_values", joined), ","),
        )
        .table_valued("thread_id", "value")
        .render_derived(name="wanted")
    )  # fmt: skip
    stmt = (
        select(Message.thread_id, column)
        .select_from(wanted)
        .join(Message, and_(Message.thread_id == wanted.c.thread_id, column == wanted.c.value))
        .distinct()
    )
    return {(row[0], row[1]) for row in db.session.execute(stmt)}


def hex_list(values: Sequence[str]) -> str:
    """Hex digests as one comma-separated string; anything else (a comma would split a value)
    is refused."""
    joined = ",".join(values)
    if joined.count(",") != len(values) - 1 or not _HEX_LIST.fullmatch(joined):
        raise ValueError("only hex digests are looked up as a joined list")
    return joined


def reserve_message_ids(count: int) -> list[int]:
    """Row ids for `count` new messages, taken before they are inserted."""
    if db.session.get_bind().dialect.name == "postgresql":
        return list(db.session.scalars(_NEXT_IDS, {"count": count}))
    # SQLite: a write (that matches nothing) takes the database's write lock until this
    # transaction ends, so nobody else can insert and the ids after the largest are ours.
    db.session.execute(_TAKE_WRITE_LOCK)
    top = int(db.session.scalar(_LARGEST_ID) or 0)
    return list(range(top + 1, top + 1 + count))


_NEXT_IDS = text(
    "SELECT nextval(pg_get_serial_sequence('netwalk_messages', 'id')) "
    "FROM generate_series(1, :count)"
)
_TAKE_WRITE_LOCK = text("UPDATE netwalk_messages SET id = id WHERE id = -1")
_LARGEST_ID = text("SELECT max(id) FROM netwalk_messages")


def insert_messages(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert message rows (values in `columns` order) that carry their ids (see
    `reserve_message_ids`)."""
    table = Message.__table__
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        _executemany_insert(connection, table, columns, rows)
        return
    # PostgreSQL: binary COPY, the bulk path. Each value is written by psycopg's binary dumper
    # for its column's type, in C: the text format spelled out every timestamp and number, at
    # eight times the CPU. JSON columns take the Python value.
    oids = _column_type_oids(connection, table.name)
    quote = connection.dialect.identifier_preparer.quote
    statement = (
        f"COPY {quote(table.name)} ({', '.join(quote(n) for n in columns)}) "
        "FROM STDIN (FORMAT BINARY)"
    )
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        copy.set_types([oids[name] for name in columns])
        for row in rows:
            copy.write_row(row)


_type_oids: dict[tuple[str, str], dict[str, int]] = {}


def _column_type_oids(connection: Connection, table: str) -> dict[str, int]:
    """The type of each column of a table, as PostgreSQL names it (looked up once)."""
    key = (connection.engine.url.render_as_string(hide_password=True), table)
    if key not in _type_oids:
        rows = connection.execute(_COLUMN_TYPES, {"table": table})
        _type_oids[key] = {name: int(oid) for name, oid in rows}
    return _type_oids[key]


_COLUMN_TYPES = text(
    "SELECT attname, atttypid FROM pg_attribute "
    "WHERE attrelid = to_regclass(:table) AND attnum > 0 AND NOT attisdropped"
)


def _executemany_insert(
    connection: Connection, table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """One driver-level executemany, each value bound as its column type binds it.

    SQLAlchemy's executemany runs every value of every row through its processing in Python;
    here each column's processor runs once per value, and once in all for a column whose
    rows share one value (the source, the ingestion time).
    """
    dialect = connection.dialect
    columns: list[Sequence[Any]] = []
    for name, column in zip(names, zip(*rows, strict=True), strict=True):
        values: Sequence[Any] = column
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            first = values[0]
            if all(value is first for value in values):
                values = [process(first)] * len(values)
            else:
                values = [process(value) for value in values]
        columns.append(values)
    quote = dialect.identifier_preparer.quote
    connection.exec_driver_sql(
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})",  # SQLite binds by position
        list(zip(*columns, strict=True)),
    )


def refresh_statistics() -> None:
    """PostgreSQL: keep planner statistics current while a big scan grows the tables.

    Autovacuum analyses only after a scan has long finished; until then the planner believes
    the tables are nearly empty and filters id lookups by scanning every row of the source.
    """
    if db.engine.dialect.name != "postgresql":
        return
    db.session.execute(text("ANALYZE netwalk_messages, netwalk_threads"))
    db.session.commit()
