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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, func, insert, or_, select

from netpolarna.analytics.models import MESSAGE_METRICS, MessageDay
from netpolarna.analytics.sources.netwalk import Gazetteer, Message, Source
from netpolarna.db import db

Key = tuple[date, str, str]
CHUNK = 20_000
INDEX = {metric: i for i, metric in enumerate(MESSAGE_METRICS)}


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


def count(where: Iterable[Any]) -> dict[Key, list[int]]:
    """Counts per (day, dimension, value) of the messages matching `where`."""
    kinds = dict(db.session.execute(select(Source.id, Source.kind)).tuples().all())
    places = Gazetteer.from_config(current_app.config)
    threshold = float(current_app.config["ANALYTICS_THREAT_THRESHOLD"])
    cells: dict[Key, list[int]] = defaultdict(lambda: [0] * len(MESSAGE_METRICS))
    stmt = select(
        Message.ingested_at,
        Message.source_id,
        Message.lang,
        Message.label,
        Message.threat,
        Message.targets,
        Message.text,
    ).where(*where)
    for row in db.session.execute(stmt.execution_options(yield_per=CHUNK)):
        day = row.ingested_at.date()
        label = row.label if row.label in INDEX else "unscored"
        threat = row.threat is not None and row.threat >= threshold
        keys = [
            ("all", ""),
            ("platform", kinds.get(row.source_id, "unknown")),
            ("source", str(row.source_id)),
            ("language", row.lang or "und"),
        ]
        keys += [("target", target) for target in sorted(set(row.targets or ()))]
        keys += [("place", place) for place in places.find(row.text)]
        for dimension, value in keys:
            cell = cells[(day, dimension, value)]
            cell[0] += 1
            cell[INDEX[label]] += 1
            if threat:
                cell[INDEX["threats"]] += 1
    return cells


def _day_range(day: date) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return start, start + timedelta(days=1)


def _write(cells: dict[Key, list[int]]) -> None:
    if cells:
        db.session.execute(
            insert(MessageDay),
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


def recompute_days(days: Iterable[date], upto_id: int) -> int:
    """Replace the rollups of these days by counts of their messages up to `upto_id`."""
    written = 0
    for day in sorted(set(days)):
        start, end = _day_range(day)
        db.session.execute(delete(MessageDay).where(MessageDay.day == day))
        cells = count(
            [Message.ingested_at >= start, Message.ingested_at < end, Message.id <= upto_id]
        )
        _write(cells)
        written += 1
    return written


def add_new(after: int, upto: int) -> int:
    """Add messages with ids in (after, upto] to their days' rollups; returns how many days."""
    if upto <= after:
        return 0
    cells = count([Message.id > after, Message.id <= upto])
    days = {key[0] for key in cells}
    if not days:
        return 0
    existing = db.session.scalars(select(MessageDay).where(MessageDay.day.in_(days))).all()
    for row in existing:
        cell = cells[(row.day, row.dimension, row.value)]
        for i, metric in enumerate(MESSAGE_METRICS):
            cell[i] += getattr(row, metric)
    db.session.execute(delete(MessageDay).where(MessageDay.day.in_(days)))
    _write(cells)
    return len(days)


def changed_days(since: datetime, upto_id: int, first_open: date) -> set[date]:
    """Open days holding a message edited or (re)scored since `since` (ids already counted)."""
    start, _ = _day_range(first_open)
    rows = db.session.scalars(
        select(Message.ingested_at).where(
            Message.ingested_at >= start,
            Message.id <= upto_id,
            or_(Message.edited_at >= since, Message.scored_at >= since),
        )
    )
    return {at.date() for at in rows}


def rebuild(now: datetime, include_sealed: bool = False) -> int:
    """Recompute open days (and sealed days without rollups, or all with `include_sealed`);
    returns the new watermark."""
    upto = settled_upper(now, 0)
    first_open = open_from(now)
    if include_sealed:
        db.session.execute(delete(MessageDay))
        _write(count([Message.id <= upto]))
        return upto
    db.session.execute(delete(MessageDay).where(MessageDay.day >= first_open))
    start, _ = _day_range(first_open)
    _write(count([Message.ingested_at >= start, Message.id <= upto]))
    rolled = set(
        db.session.scalars(select(MessageDay.day).where(MessageDay.day < first_open).distinct())
    )
    sealed = count([Message.ingested_at < start, Message.id <= upto])
    _write({key: cell for key, cell in sealed.items() if key[0] not in rolled})
    return upto
