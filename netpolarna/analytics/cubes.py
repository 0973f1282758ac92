"""Families of rollup cells with their sum relations, protected once per rollup version.

A family is the set of groups that sum into each other (the municipality, its platforms and
their sources; or its languages), so each family's suppression pattern is computed over all of
them together. The municipality-wide group is protected first, on its own, and then frozen: the
same pattern holds in every family that contains it.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from netpolarna.analytics.models import (
    FLAG_METRICS,
    LABELS,
    MESSAGE_METRICS,
    REPORT_METRICS,
    FlagDay,
    MessageDay,
    ReportMonth,
)
from netpolarna.analytics.periods import GRAINS
from netpolarna.analytics.privacy import Cube, Key, build_cube, protect
from netpolarna.analytics.rollups import versions
from netpolarna.analytics.sources.netwalk import Source
from netpolarna.extensions import db

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


_cache: dict[tuple[str, str, str], Protected] = {}
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


def protected(table: str, family: str) -> Protected:
    """The family's cube and suppressed cells, cached until the rollups change."""
    version = versions()[table]
    key = (table, family, version)
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    spec = FAMILIES[table][family]
    cube = _cube(table, spec)
    if family == "all":
        result = Protected(cube, protect(cube))
    else:
        base = protected(table, "all") if spec.partition else None
        fixed = set(base.suppressed) if base else set()
        result = Protected(cube, protect(cube, fixed=fixed, frozen_groups=(ALL,)))
    with _lock:
        for stale in [k for k in _cache if k[0] == table and k[2] != version]:
            _cache.pop(stale, None)
        _cache[key] = result
    return result


def clear_cache() -> None:
    with _lock:
        _cache.clear()
