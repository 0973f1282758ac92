"""Families of rollup cells with their sum relations, protected once per rollup version.

A family is the set of groups that sum into each other (the municipality, its platforms and
their sources; or its languages), so each family's suppression pattern is computed over all of
them together. The municipality-wide group is protected first, on its own, and then frozen: the
same pattern holds in every family that contains it.
"""

from __future__ import annotations

import json
import threading
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar, cast

from sqlalchemy import select

from netpolarna.analytics.models import (
    FLAG_METRICS,
    LABELS,
    MESSAGE_METRICS,
    REPORT_METRICS,
    FlagDay,
    MessageDay,
    ReportMonth,
    SuppressionSnapshot,
)
from netpolarna.analytics.periods import GRAINS, Period
from netpolarna.analytics.privacy import Cube, Key, build_cube, protect
from netpolarna.analytics.sources.netwalk import Source
from netpolarna.analytics.state import versions
from netpolarna.db import db, utcnow

ALL = "all"


@dataclass(frozen=True)
class FamilySpec:
    table: str  # messages | flags | reports
    dimensions: tuple[str, ...]  # rollup dimensions in the family besides "all"
    partition: bool  # each message has exactly one value: the groups sum to "all"


MESSAGE_FAMILIES = {
    "all": FamilySpec("messages", (), True),
    "platform": FamilySpec("messages", ("platform", "source"), True),
    "language": FamilySpec("messages", ("language",), True),
    "target": FamilySpec("messages", ("target",), False),
    "place": FamilySpec("messages", ("place",), False),
}
FLAG_FAMILIES = {
    "all": FamilySpec("flags", (), True),
    "severity": FamilySpec("flags", ("severity",), True),
    "reason": FamilySpec("flags", ("reason",), False),
}
REPORT_FAMILIES = {
    "all": FamilySpec("reports", (), True),
    "category": FamilySpec("reports", ("category",), True),
    "danger": FamilySpec("reports", ("danger",), True),
    "outcome": FamilySpec("reports", ("outcome",), True),
}
FAMILIES = {"messages": MESSAGE_FAMILIES, "flags": FLAG_FAMILIES, "reports": REPORT_FAMILIES}
METRICS = {"messages": MESSAGE_METRICS, "flags": FLAG_METRICS, "reports": REPORT_METRICS}
TABLE_GRAINS = {"messages": GRAINS, "flags": GRAINS, "reports": ("month",)}


def group_name(dimension: str, value: str) -> str:
    return ALL if dimension == "all" else f"{dimension}:{value}"


@dataclass
class Protected:
    cube: Cube
    suppressed: set[Key]


class Pattern:
    """A family's suppressed cells as stored, (group, metric, grain, start, end) in text, so
    that reading a snapshot needs no decoding into periods."""

    def __init__(self, rows: Any) -> None:
        self.cells = frozenset(tuple(row) for row in rows)

    @classmethod
    def of(cls, cells: set[Key]) -> Pattern:
        return cls([g, m, p.grain, p.start.isoformat(), p.end.isoformat()] for g, m, p in cells)

    def __contains__(self, key: Key) -> bool:
        group, metric, period = key
        text = (group, metric, period.grain, period.start.isoformat(), period.end.isoformat())
        return text in self.cells


_cache: dict[tuple[str, str, str, str], Protected] = {}
_patterns: dict[tuple[str, str, str, str], Pattern] = {}
# Other answers read from the rollups, keyed with their rollup version (bounded: cleared when full).
_answers: dict[tuple[Any, ...], Any] = {}
MAX_ANSWERS = 512
T = TypeVar("T")


def remember(key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """`compute()`, kept under `key` (which must name the rollup version it was read at)."""
    with _lock:
        if key in _answers:
            return cast(T, _answers[key])
    found = compute()
    with _lock:
        if len(_answers) >= MAX_ANSWERS:
            _answers.clear()
        _answers[key] = found
    return found


_lock = threading.Lock()


def _day_counts(table: str, dimensions: tuple[str, ...]) -> dict[tuple[date, str, str], int]:
    counts: dict[tuple[date, str, str], int] = defaultdict(int)
    model: Any = {"messages": MessageDay, "flags": FlagDay, "reports": ReportMonth}[table]
    day_column = model.month if table == "reports" else model.day
    metrics = METRICS[table]
    columns = [getattr(model, m) for m in metrics]
    stmt = select(day_column, model.dimension, model.value, *columns).where(
        model.dimension.in_(("all", *dimensions))
    )
    for row in db.session.execute(stmt):
        group = group_name(row[1], row[2])
        for metric, value in zip(metrics, row[3:], strict=True):
            if value:
                counts[(row[0], group, metric)] += int(value)
    return counts


def _source_kinds() -> dict[str, str]:
    return {str(i): kind for i, kind in db.session.execute(select(Source.id, Source.kind))}


def _cube(table: str, spec: FamilySpec) -> Cube:
    counts = _day_counts(table, spec.dimensions)
    groups = sorted({key[1] for key in counts} | {ALL})
    if spec.dimensions:
        groups = [g for g in groups if g != ALL or spec.partition]
    cube = build_cube(counts, groups, METRICS[table], TABLE_GRAINS[table])
    if table == "messages":
        cube.metric_sums.append(("messages", list(LABELS)))
    if spec.partition and spec.dimensions:
        top = spec.dimensions[0]
        cube.group_sums.append((ALL, [g for g in groups if g.startswith(f"{top}:")]))
        if spec.dimensions == ("platform", "source"):
            kinds = _source_kinds()
            children: dict[str, list[str]] = defaultdict(list)
            for g in groups:
                if g.startswith("source:"):
                    kind = kinds.get(g.split(":", 1)[1], "unknown")
                    children[f"platform:{kind}"].append(g)
            for parent, kids in children.items():
                if parent in groups:
                    cube.group_sums.append((parent, kids))
    return cube


def _compute(table: str, family: str, cube: Cube) -> set[Key]:
    spec = FAMILIES[table][family]
    if family == "all":
        return protect(cube)
    fixed = set(protected(table, "all").suppressed) if spec.partition else set()
    return protect(cube, fixed=fixed, frozen_groups=(ALL,))


def protected(table: str, family: str) -> Protected:
    """The family's cube and suppressed cells: from this process's cache, else from the
    snapshot the rollup job stored with the current rollups, else computed here."""
    token = versions()[table]
    key = (str(db.engine.url), table, family, token)
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    cube = _cube(table, FAMILIES[table][family])
    stored = db.session.get(SuppressionSnapshot, f"{table}:{family}")
    if stored is not None and stored.token == token:
        suppressed = _decode(stored.cells)
    else:
        suppressed = _compute(table, family, cube)
    result = Protected(cube, suppressed)
    with _lock:
        for stale in [k for k in _cache if k[:3] == key[:3] and k[3] != token]:
            _cache.pop(stale, None)
        _cache[key] = result
    return result


def pattern(table: str, family: str) -> Pattern:
    """The family's suppressed cells for the current rollups: from this process's cache, else
    the stored snapshot, else computed (building the family's cube) as `protected` does."""
    token = versions()[table]
    key = (str(db.engine.url), table, family, token)
    with _lock:
        found = _patterns.get(key)
        computed = _cache.get(key)
    if found is not None:
        return found
    if computed is not None:
        found = Pattern.of(computed.suppressed)
    else:
        stored = db.session.get(SuppressionSnapshot, f"{table}:{family}")
        if stored is not None and stored.token == token:
            found = Pattern(json.loads(zlib.decompress(stored.cells)))
        else:
            found = Pattern.of(protected(table, family).suppressed)
    with _lock:
        for stale in [k for k in _patterns if k[:3] == key[:3] and k[3] != token]:
            _patterns.pop(stale, None)
        _patterns[key] = found
    return found


def families_reading(table: str, dimensions: set[str] | None) -> list[str]:
    """The families of `table` whose cube reads rollup rows of these dimensions (None: all)."""
    found = []
    for name, spec in FAMILIES[table].items():
        read = {ALL, *spec.dimensions} if spec.partition else set(spec.dimensions)
        if dimensions is None or read & dimensions:
            found.append(name)
    return found


def store_snapshots(tables: list[str], unchanged: dict[str, tuple[str, list[str]]]) -> None:
    """Compute and store the suppression of every family of `tables` (the caller commits).
    `unchanged[table]`: the version the rollups had before and the families whose rows did
    not change since (and whose periods did not grow): a snapshot of that version still holds
    and only takes the new token. Everything is computed before the first write."""
    tokens = versions()
    rows: list[tuple[str, str, SuppressionSnapshot | None, bytes | None]] = []
    for table in dict.fromkeys(tables):
        before, kept = unchanged.get(table, ("", []))
        for family in FAMILIES[table]:
            name = f"{table}:{family}"
            row = db.session.get(SuppressionSnapshot, name)
            if family in kept and row is not None and row.token == before:
                rows.append((table, name, row, None))
                continue
            cube = _cube(table, FAMILIES[table][family])
            cells = _compute(table, family, cube)
            key = (str(db.engine.url), table, family, tokens[table])
            with _lock:
                _cache[key] = Protected(cube, cells)
            rows.append((table, name, row, _encode(cells)))
    for table, name, row, blob in rows:
        if row is None:
            row = SuppressionSnapshot(name=name)
            db.session.add(row)
        row.token, row.created_at = tokens[table], utcnow()
        if blob is not None:
            row.cells = blob


def _encode(cells: set[Key]) -> bytes:
    rows = sorted([g, m, p.grain, p.start.isoformat(), p.end.isoformat()] for g, m, p in cells)
    return zlib.compress(json.dumps(rows, separators=(",", ":")).encode())


def _decode(blob: bytes) -> set[Key]:
    rows = json.loads(zlib.decompress(blob))
    return {
        (g, m, Period(date.fromisoformat(start), date.fromisoformat(end), grain))
        for g, m, grain, start, end in rows
    }


def clear_cache() -> None:
    with _lock:
        _cache.clear()
        _patterns.clear()
        _answers.clear()
