"""k-anonymity for published counts: primary and secondary cell suppression.

A *cell* is one count: (group, metric, period), e.g. ("platform:reddit", "hateful", 2026-W10).
Every cell from 1 to k-1 is suppressed (primary). Then more cells are suppressed (secondary)
until no suppressed cell can be worked out from what is published:

- Along time, per series (group, metric): days, ISO weeks and months are sums over runs of days,
  so every published cell says that two prefix sums differ by a known amount. A suppressed cell
  is recoverable exactly when its two ends are joined through published cells (union-find), and
  the suppressed days between two joined ends must together hold 0 or at least k (otherwise a
  small group's total is disclosed), also after taking away the gaps of other joined ends nested
  inside them (`gaps.py`). This covers a month against its weeks and its days, weeks that
  straddle two months, and a month minus a published week inside it.
- Across groups and metrics: a parent equals the sum of its children (the municipality and its
  platforms; a platform and its sources; messages and their labels). A published parent with
  suppressed children must hide at least two of them, together holding 0 or at least k; a
  suppressed parent must hide at least one child.

Secondary cells are the smallest published counts that break the disclosure. The local rules
alone miss disclosures that need a series and a total together (a week of one platform set
against the municipality's days and the other platforms' weeks): once they hold, `joint_audit`
solves the family as an attacker would, and while it finds a hidden cell or a small sum, one
published cell of each combination it used is hidden and the local rules run again. The result is a
function of the whole history of the family, never of the query, so two queries over
different or overlapping ranges see the same pattern.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from netpolarna.analytics.gaps import disclosing, gaps
from netpolarna.analytics.joint_audit import JointAudit
from netpolarna.analytics.periods import GRAINS, Period, period_of

K = 5
Series = tuple[str, str]  # (group, metric)
Key = tuple[str, str, Period]


@dataclass
class Cube:
    """Counts of one family at every grain, with the sum relations between its groups."""

    values: dict[Key, int] = field(default_factory=dict)
    # (parent group, child groups): per period and metric, parent = sum of children.
    group_sums: list[tuple[str, list[str]]] = field(default_factory=list)
    # (parent metric, child metrics): per period and group.
    metric_sums: list[tuple[str, list[str]]] = field(default_factory=list)
    grains: tuple[str, ...] = GRAINS

    def get(self, key: Key) -> int:
        return self.values.get(key, 0)


def build_cube(
    day_counts: Mapping[tuple[date, str, str], int],
    groups: Iterable[str],
    metrics: Iterable[str],
    grains: tuple[str, ...] = GRAINS,
) -> Cube:
    """Sum day counts {(day, group, metric): n} into every period of `grains` covering them;
    periods without counts are zeros (they are published as zeros)."""
    cube = Cube(grains=grains)
    days = [key[0] for key in day_counts]
    if not days:
        return cube
    start, end = min(days), max(days)
    while True:  # widen until every period of every grain lies inside [start, end]
        wider = (
            min(period_of(start, g).start for g in grains),
            max(period_of(end, g).end for g in grains),
        )
        if wider == (start, end):
            break
        start, end = wider
    all_days = list(Period(start, end, "day").days())
    periods = {g: sorted({period_of(d, g) for d in all_days}) for g in grains}
    group_list, metric_list = list(groups), list(metrics)
    for group in group_list:
        for metric in metric_list:
            for grain in grains:
                for period in periods[grain]:
                    cube.values[(group, metric, period)] = 0
    for (day, group, metric), count in day_counts.items():
        if not count:
            continue
        for grain in grains:
            key = (group, metric, period_of(day, grain))
            if key in cube.values:
                cube.values[key] += count
    return cube


GRAIN_RANK = {"day": 0, "week": 1, "month": 2}
T = TypeVar("T", Series, int)


class _Worklist(Generic[T]):
    """Items to check again, taken smallest first: the order of checks (and with it the
    pattern) must not depend on the string hash seed, or a request computing suppression
    itself could disagree with the pattern the rollup job stored."""

    def __init__(self, items: Iterable[T]) -> None:
        self.heap: list[T] = sorted(set(items))
        self.queued: set[T] = set(self.heap)

    def add(self, item: T) -> None:
        if item not in self.queued:
            self.queued.add(item)
            heapq.heappush(self.heap, item)

    def pop(self) -> T:
        item = heapq.heappop(self.heap)
        self.queued.discard(item)
        return item

    def __bool__(self) -> bool:
        return bool(self.heap)


class _Protector:
    def __init__(self, cube: Cube, k: int, fixed: set[Key], frozen_groups: set[str]) -> None:
        self.cube, self.k = cube, k
        self.frozen = frozen_groups
        self.suppressed: set[Key] = {key for key, v in cube.values.items() if 0 < v < k} | fixed
        self.series: dict[Series, list[Period]] = defaultdict(list)
        for group, metric, period in cube.values:
            self.series[(group, metric)].append(period)
        days = sorted({p.start for (_g, _m, p) in cube.values if p.grain == "day"})
        self.day_index = {day: i for i, day in enumerate(days)}
        self.day_periods = [Period(day, day, "day") for day in days]
        # Per series, built when the series is first audited (most never need it): (key,
        # first node, last node) of each cell, their ends as arrays, and each day's key and value.
        self.cells: dict[Series, list[tuple[Key, int, int]]] = {}
        self.day_keys: dict[Series, list[Key]] = {}
        self.cell_ends: dict[Series, tuple[np.ndarray, np.ndarray]] = {}
        self.day_values: dict[Series, np.ndarray] = {}
        self.equations = list(self._equations())
        self.equations_of: dict[Key, list[int]] = defaultdict(list)
        for number, (parent, children) in enumerate(self.equations):
            self.equations_of[parent].append(number)
            for child in children:
                self.equations_of[child].append(number)
        self.dirty_series: _Worklist[Series] = _Worklist(self.series)
        self.dirty_equations: _Worklist[int] = _Worklist(range(len(self.equations)))

    # ------------------------------------------------------------------ time
    def _index(self, series: Series) -> None:
        """Build the per-series structures of the time audit (once)."""
        if series in self.cells:
            return
        group, metric = series
        cells = [
            ((group, metric, p), self.day_index[p.start], self.day_index[p.end] + 1)
            for p in self.series[series]
        ]
        self.cells[series] = cells
        self.day_keys[series] = [(group, metric, p) for p in self.day_periods]
        self.cell_ends[series] = (
            np.array([a for _k, a, _b in cells], dtype=np.int64),
            np.array([b for _k, _a, b in cells], dtype=np.int64),
        )
        self.day_values[series] = np.array(
            [self.cube.values.get(key, 0) for key in self.day_keys[series]], dtype=np.int64
        )

    def _time_violations(self, group: str, metric: str) -> list[list[Key]] | None:
        """For each disclosure in this series, the published cells that could break it."""
        if "day" not in self.cube.grains:
            return None  # months only: no overlapping periods
        series = (group, metric)
        size = len(self.day_periods) + 1
        self._index(series)
        cells = self.cells[series]
        hidden_set = self.suppressed
        hidden = np.fromiter((key in hidden_set for key, _a, _b in cells), bool, len(cells))
        if not hidden.any():
            return None  # every cell published: each day is known, nothing is disclosed
        starts, ends = self.cell_ends[series]
        graph = coo_matrix(
            (np.ones(int((~hidden).sum())), (starts[~hidden], ends[~hidden])), shape=(size, size)
        )
        _count, roots = connected_components(graph, directed=False)
        joined = np.flatnonzero(hidden & (roots[starts] == roots[ends]))
        if joined.size:
            return [self._candidates(group, metric, int(starts[i]), int(ends[i])) for i in joined]
        # Between two joined nodes, the days that are not themselves known add up to a
        # published amount, and so does an outer such gap minus the gaps nested in it.
        small = disclosing(gaps(roots, self.day_values[series]), self.k)
        if small:
            return [self._candidates(group, metric, gap.start, gap.end, gap.inner) for gap in small]
        return None

    def _candidates(
        self, group: str, metric: str, a: int, b: int, inner: tuple[tuple[int, int], ...] = ()
    ) -> list[Key]:
        day_keys = self.day_keys[(group, metric)]
        # Days inside a nested gap count in both gaps: hiding one leaves the residual as it is.
        inside = [day_keys[d] for d in range(a, b) if not any(lo <= d < hi for lo, hi in inner)]
        # Published empty days join freely: look past them for the neighbours.
        while a > 0 and self._known_zero(day_keys[a - 1]):
            a -= 1
        while b < len(day_keys) and self._known_zero(day_keys[b]):
            b += 1
        start, end = self.day_periods[a].start, self.day_periods[b - 1].start
        # Cells over the range, and cells right next to it: hiding a neighbour adds its count
        # to what is hidden in the gap instead of giving up a coarser period.
        around = [
            key
            for key, first, last in self.cells[(group, metric)]
            if (key[2].grain != "day" and key[2].start <= end and key[2].end >= start)
            or first == b
            or last == a
        ]
        return inside + self._nearest_positive_days(group, metric, a, b) + around

    def _known_zero(self, key: Key) -> bool:
        return key not in self.suppressed and not self.cube.values.get(key, 0)

    def _nearest_positive_days(self, group: str, metric: str, a: int, b: int) -> list[Key]:
        """The closest published non-zero day on each side of the days [a, b)."""
        found = []
        for steps in (range(a - 1, -1, -1), range(b, len(self.day_periods))):
            day_keys = self.day_keys[(group, metric)]
            for d in steps:
                key = day_keys[d]
                if key not in self.suppressed and self.cube.values.get(key, 0) > 0:
                    found.append(key)
                    break
        return found

    # ------------------------------------------------------------------ sums
    def _equations(self) -> Iterable[tuple[Key, list[Key]]]:
        periods = sorted({p for (_g, _m, p) in self.cube.values})
        metrics = sorted({m for (_g, m) in self.series})
        groups = sorted({g for (g, _m) in self.series})
        for parent, children in self.cube.group_sums:
            for metric in metrics:
                for period in periods:
                    yield (parent, metric, period), [(c, metric, period) for c in children]
        for parent, children in self.cube.metric_sums:
            for group in groups:
                for period in periods:
                    yield (group, parent, period), [(group, c, period) for c in children]

    def _sum_violation(self, parent: Key, children: list[Key]) -> list[Key] | None:
        hidden = [c for c in children if c in self.suppressed]
        if parent in self.suppressed:
            return children if not hidden else None
        if not hidden:
            return None
        total = sum(self.cube.get(c) for c in hidden)
        if len(hidden) == 1 or 0 < total < self.k:
            return [*children, parent]
        return None

    # ------------------------------------------------------------------ fixing
    def _suppress_one(self, candidates: list[Key]) -> Key | None:
        """Suppress a published candidate: finest grain first, then non-zero, then smallest."""
        open_ = [c for c in candidates if c not in self.suppressed and c[0] not in self.frozen]
        if not open_:
            return None
        choice = min(
            open_,
            key=lambda c: (
                self.cube.get(c) == 0,
                GRAIN_RANK[c[2].grain],
                self.cube.get(c),
                c[2],
                c[0],
                c[1],
            ),
        )
        self.suppressed.add(choice)
        return choice

    def touched(self, key: Key) -> None:
        self.dirty_series.add((key[0], key[1]))
        for number in self.equations_of.get(key, ()):
            self.dirty_equations.add(number)

    def run(self) -> set[Key]:
        """Check every dirty series and sum until the local rules hold again."""
        while self.dirty_series or self.dirty_equations:
            while self.dirty_series:
                group, metric = self.dirty_series.pop()
                chosen_now: set[Key] = set()
                for found in self._time_violations(group, metric) or ():
                    if chosen_now.intersection(found):
                        continue  # this pass already hid a cell there; check again next pass
                    if (chosen := self._suppress_one(found)) is not None:
                        chosen_now.add(chosen)
                        self.touched(chosen)
            while self.dirty_equations:
                parent, children = self.equations[self.dirty_equations.pop()]
                needed = self._sum_violation(parent, children)
                if needed is not None and (chosen := self._suppress_one(needed)) is not None:
                    self.touched(chosen)
        return self.suppressed

    def run_jointly(self) -> set[Key]:
        """The local rules, then the attacker's joint view (`joint_audit`): while some
        combination of published cells still gives a hidden cell or a small sum away, hide one
        cell of each such combination and restore the local rules."""
        self.run()
        audit = JointAudit(self.cube, self.suppressed, self.k)
        while True:
            found = audit.disclosures()
            if not found:
                break
            chosen_now: set[Key] = set()
            for disclosure in found:
                # Hide a cell of the combination, else a published part it reads as known
                # (cells of frozen groups are never chosen: their pattern is fixed).
                candidates = [c for c in disclosure.used if c[0] not in self.frozen]
                if not candidates:
                    candidates = audit.published_parts(disclosure) or self._parts(disclosure.cell)
                if chosen_now.intersection(candidates):
                    continue  # broken already this round; the next audit tells
                if (chosen := self._suppress_one(candidates)) is not None:
                    chosen_now.add(chosen)
                    self.touched(chosen)
            if not chosen_now:
                raise RuntimeError("suppression cannot close a disclosure: every cell is frozen")
            self.run()
        return self.suppressed

    def _parts(self, cell: Key | None) -> list[Key]:
        """A hidden cell's published finest parts (hiding one keeps the cell hidden)."""
        if cell is None:
            return []
        group, metric, period = cell
        return [
            key for key in self.day_keys_of(group, metric, period) if key not in self.suppressed
        ]

    def day_keys_of(self, group: str, metric: str, period: Period) -> list[Key]:
        children = dict(self.cube.group_sums)
        metric_children = dict(self.cube.metric_sums)
        finest = min(self.cube.grains, key=GRAINS.index)
        groups = children.get(group, [group])
        metrics = metric_children.get(metric, [metric])
        return [
            (g, m, p)
            for g in groups
            for m in metrics
            for p in {period_of(d, finest) for d in period.days()}
            if (g, m, p) in self.cube.values
        ]


def protect(
    cube: Cube,
    k: int = K,
    fixed: set[Key] | None = None,
    frozen_groups: Iterable[str] = (),
) -> set[Key]:
    """The cells to suppress. `fixed`: cells already suppressed elsewhere (kept); cells of
    `frozen_groups` are never chosen as secondary (they were protected on their own)."""
    if not fixed and not any(0 < value < k for value in cube.values.values()):
        return set()  # nothing hidden: no total or overlap can disclose anything
    return _Protector(cube, k, set(fixed or ()), set(frozen_groups)).run_jointly()
