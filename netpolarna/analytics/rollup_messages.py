"""Day rollups of scanned messages, kept incrementally.

The rule for retention purges (and why a rebuild equals the incremental result):
- A message counts on the UTC day it was scanned (`ingested_at`), in every dimension it has.
- A day is *open* while no message of it can have been purged: from `today - retention days + 1`
  on. Open days are recomputed from the messages whenever something in them changes (an edit,
  a new score). New messages are added as they arrive, up to a watermark on the message id.
- A day older than that is *sealed*: retention may delete its messages at any time, so the
  rollup keeps what was counted and is never recomputed from what is left. Aggregates hold no
  personal data, so keeping them after the messages go is allowed and is the point.
- `rebuild()` recomputes every open day from scratch and keeps sealed days as they are; sealed
  days without any rollup (a database that never had one) are computed from what remains.
  `rebuild(include_sealed=True)` recomputes everything from what is still stored, knowingly
  dropping what retention already deleted.
Erasure of a youth account touches no scanned message, so it changes nothing here.

How: the database counts. Each step reads grouped counts of the messages in question (per day,
source and language in one GROUP BY, per target group in another) and only then writes: a few
hundred rows, added to those already there with INSERT ... ON CONFLICT DO UPDATE. So a run reads
only the new messages, never a day's rollups, and on SQLite holds the write lock only for that
short write. Target groups and places are JSON lists stored with each message (its
classification's `targets`; the `places` the gazetteer found when ingestion stored the text or
its edit), each counted by one GROUP BY over its elements; no text is read here. Adding new
messages, recomputing a changed day and rebuilding all count this one way, which is why they
agree. A changed gazetteer therefore counts in the messages stored after it, not in those
stored before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import (
    Date,
    String,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.sql.elements import ColumnElement, TextClause

from netpolarna.analytics.models import MESSAGE_METRICS, MessageDay
from netpolarna.analytics.sources.netwalk import Message, Source
from netpolarna.db import db

Key = tuple[date, str, str]
Cells = dict[Key, list[int]]
SCORED = ("hateful", "offensive", "neutral", "counter_speech")


def open_from(now: datetime) -> date:
    """The first day that no retention purge can have touched yet."""
    days = int(current_app.config.get("NETWALK_RETENTION_DAYS", 90))
    return (now - timedelta(days=days)).date() + timedelta(days=1)


def settled_upper(now: datetime, after: int) -> int:
    """The highest message id up to which every row is committed and settled: rows scanned in
    the last moments may still have lower ids committing in other transactions."""
    settle = timedelta(seconds=float(current_app.config["ANALYTICS_SETTLE_SECONDS"]))
    unsettled = db.session.scalar(
        select(func.min(Message.id)).where(Message.id > after, Message.ingested_at >= now - settle)
    )
    if unsettled is not None:
        return int(unsettled) - 1
    highest = db.session.scalar(select(func.max(Message.id)))
    return int(highest or 0)


# ---------------------------------------------------------------------------------- counting
def _postgres() -> bool:
    return bool(db.session.get_bind().dialect.name == "postgresql")


def _utc_day(column: Any) -> ColumnElement[Any]:
    """The UTC day of a timestamp (on SQLite as 'YYYY-MM-DD' text: see `_Days`)."""
    if _postgres():
        return cast(func.timezone("UTC", column), Date)
    return func.date(column, type_=String)


class _Days(dict[Any, date]):
    """Days as the database returns them (dates, or text on SQLite), each parsed once."""

    def __missing__(self, value: Any) -> date:
        day = self[value] = date.fromisoformat(value) if isinstance(value, str) else value
        return day


def _metrics(label: Any, threat: Any) -> list[ColumnElement[Any]]:
    """Sums of a group of rows, in the order of MESSAGE_METRICS."""
    threshold = float(current_app.config["ANALYTICS_THREAT_THRESHOLD"])

    def number(condition: ColumnElement[bool]) -> ColumnElement[Any]:
        return func.sum(case((condition, 1), else_=0))

    found = {
        "messages": func.count(),
        **{name: number(label == name) for name in SCORED},
        "unscored": number(or_(label.is_(None), label.not_in(SCORED))),
        "threats": number(threat >= threshold),
    }
    return [found[metric] for metric in MESSAGE_METRICS]


def _add(cell: list[int], counts: Iterable[Any]) -> None:
    for i, n in enumerate(counts):
        cell[i] += int(n or 0)


def _count_by_source_and_language(where: list[Any], cells: Cells, days: _Days) -> None:
    """The municipality, platforms, sources and languages, from one GROUP BY."""
    kinds = dict(db.session.execute(select(Source.id, Source.kind)).tuples().all())
    day = _utc_day(Message.ingested_at)
    lang = func.coalesce(func.nullif(Message.lang, ""), "und")
    stmt = (
        select(day, Message.source_id, lang, *_metrics(Message.label, Message.threat))
        .where(*where)
        .group_by(day, Message.source_id, lang)
    )
    for value, source_id, language, *counts in db.session.execute(stmt):
        d = days[value]
        for key in (
            (d, "all", ""),
            (d, "platform", kinds.get(source_id, "unknown")),
            (d, "source", str(source_id)),
            (d, "language", language),
        ):
            _add(cells[key], counts)


def _count_each_listed(
    listed_in: Any, dimension: str, where: list[Any], cells: Cells, days: _Days
) -> None:
    """Each message once under every value of its JSON list column `listed_in`."""
    if _postgres():
        array = func.json_typeof(listed_in) == "array"
        listed = case((array, listed_in), else_=func.json_build_array())
        each = func.json_array_elements_text(listed).table_valued("value")
    else:
        array = func.json_type(listed_in) == "array"
        listed = case((array, listed_in), else_=func.json_array())
        each = func.json_each(listed).table_valued("value")
    named = (
        select(
            Message.id,
            _utc_day(Message.ingested_at).label("day"),
            Message.label,
            Message.threat,
            cast(each.c.value, String).label("value"),
        )
        .select_from(Message)
        .join(each, true())
        .where(*where, array)
        .distinct()
        .subquery()
    )
    stmt = select(named.c.day, named.c.value, *_metrics(named.c.label, named.c.threat))
    for day, value, *counts in db.session.execute(stmt.group_by(named.c.day, named.c.value)):
        _add(cells[(days[day], dimension, value)], counts)


def _count_by_target(where: list[Any], cells: Cells, days: _Days) -> None:
    """Each message once in every target group its classification named (`targets`)."""
    _count_each_listed(Message.targets, "target", where, cells, days)


def _count_by_place(where: list[Any], cells: Cells, days: _Days) -> None:
    """Each message once in every place ingestion found in its text (`places`): the gazetteer
    ran once, when the message (or its edit) was stored, never here."""
    _count_each_listed(Message.places, "place", where, cells, days)


def count(where: list[Any]) -> Cells:
    """Counts per (day, dimension, value) of the messages matching `where`."""
    cells: Cells = defaultdict(lambda: [0] * len(MESSAGE_METRICS))
    days = _Days()
    _count_by_source_and_language(where, cells, days)
    _count_by_target(where, cells, days)
    _count_by_place(where, cells, days)
    return cells


# ---------------------------------------------------------------------------------- writing
def _upsert_statement() -> TextClause:
    """INSERT a day's cell, adding its counts to the row already there (the same text on
    SQLite and PostgreSQL; written as text so that it is compiled once)."""
    table = MessageDay.__table__
    names = ("day", "dimension", "value", *MESSAGE_METRICS)
    columns = ", ".join(f'"{n}"' for n in names)
    values = ", ".join(f":{n}" for n in names)
    added = ", ".join(f'"{m}" = "{table.name}"."{m}" + excluded."{m}"' for m in MESSAGE_METRICS)
    return text(
        f'INSERT INTO "{table.name}" ({columns}) VALUES ({values}) '
        f'ON CONFLICT ("day", "dimension", "value") DO UPDATE SET {added}'
    ).bindparams(*(bindparam(n, type_=table.c[n].type) for n in names))


UPSERT = _upsert_statement()


def _write(cells: Cells) -> None:
    if cells:
        db.session.execute(
            UPSERT,
            [
                {
                    "day": d,
                    "dimension": dim,
                    "value": v,
                    **dict(zip(MESSAGE_METRICS, c, strict=True)),
                }
                for (d, dim, v), c in cells.items()
            ],
        )


def _day_range(day: date) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return start, start + timedelta(days=1)


def _on_days(days: Iterable[date]) -> ColumnElement[bool]:
    return or_(
        *[and_(Message.ingested_at >= a, Message.ingested_at < b) for a, b in map(_day_range, days)]
    )


def _not_on_days(days: set[date]) -> ColumnElement[bool]:
    values = sorted(days) if _postgres() else sorted(day.isoformat() for day in days)
    return _utc_day(Message.ingested_at).not_in(values)


# ---------------------------------------------------------------------------------- the steps
@dataclass
class Refreshed:
    recomputed_days: int = 0
    new_days: int = 0
    # The dimensions whose rows changed; None: any may have (a day recomputed or added).
    dimensions: set[str] | None = field(default_factory=set)


def refresh(changed: set[date], counted: int, upto: int) -> Refreshed:
    """Recompute the `changed` days from their messages up to `counted` (the watermark) and
    add the messages in (counted, upto]. Everything is read first: the writes are short."""
    cells = count([_on_days(changed), Message.id <= counted]) if changed else {}
    new = count([Message.id > counted, Message.id <= upto]) if upto > counted else {}
    days = {key[0] for key in new}
    result = Refreshed(len(changed), len(days), {key[1] for key in new})
    if changed or (days and days - _days_counted(days)):
        result.dimensions = None
    for key, cell in new.items():
        _add(cells.setdefault(key, [0] * len(MESSAGE_METRICS)), cell)
    if changed:
        db.session.execute(delete(MessageDay).where(MessageDay.day.in_(sorted(changed))))
    _write(cells)
    return result


def _days_counted(days: set[date]) -> set[date]:
    """Those of `days` that already have rollups."""
    stmt = select(MessageDay.day).where(MessageDay.dimension == "all", MessageDay.day.in_(days))
    return set(db.session.scalars(stmt))


def changed_days(since: datetime, upto_id: int, first_open: date) -> set[date]:
    """Open days holding a message edited or (re)scored since `since` (ids already counted).
    Scores stored with the message itself (scored_at equal to ingested_at) are no change:
    they were counted with it."""
    start, _ = _day_range(first_open)
    rows = db.session.scalars(
        select(Message.ingested_at).where(
            Message.ingested_at >= start,
            Message.id <= upto_id,
            or_(
                Message.edited_at >= since,
                and_(Message.scored_at >= since, Message.scored_at != Message.ingested_at),
            ),
        )
    )
    return {at.date() for at in rows}


def rebuild(now: datetime, include_sealed: bool = False) -> int:
    """Recompute open days (and sealed days without rollups, or all with `include_sealed`);
    returns the new watermark."""
    upto = settled_upper(now, 0)
    if include_sealed:
        cells = count([Message.id <= upto])
        db.session.execute(delete(MessageDay))
        _write(cells)
        return upto
    first_open = open_from(now)
    start, _ = _day_range(first_open)
    rolled = set(
        db.session.scalars(select(MessageDay.day).where(MessageDay.day < first_open).distinct())
    )
    sealed = [Message.ingested_at < start, Message.id <= upto]
    if rolled:
        sealed.append(_not_on_days(rolled))
    cells = count([Message.ingested_at >= start, Message.id <= upto])
    cells.update(count(sealed))  # other days: no key in both
    db.session.execute(delete(MessageDay).where(MessageDay.day >= first_open))
    _write(cells)
    return upto
