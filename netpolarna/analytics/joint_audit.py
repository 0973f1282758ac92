"""The attacker's view of one family: every published cell of every series and total at once.

The local checks in `privacy.py` look at one series along time, or at one total in one period.
An attacker solves them together. Here the unknowns are the hidden counts of the finest cells
(a leaf group, a leaf metric, a day); published finest cells are known and drop out, and every
other published cell is one linear equation over the unknowns it covers. A hidden cell is given
away when its own equation is a combination of the published ones (its vector lies in their row
space), and a small sum is given away when some set of unknowns adding up to 1..k-1 has such a
vector (a small mixed-integer programme, as an attacker would write it). The unknowns fall
apart into independent clusters (no equation joins two of them), and each cluster is solved on
its own, so the work grows with what is hidden, not with the whole year.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from scipy.linalg import qr, solve_triangular
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from netpolarna.analytics.periods import GRAINS, Period

Key = tuple[str, str, Period]  # (group, metric, period), as in privacy.py


class Cube(Protocol):
    """What the audit reads of `privacy.Cube` (which imports this module)."""

    values: dict[Key, int]
    group_sums: list[tuple[str, list[str]]]
    metric_sums: list[tuple[str, list[str]]]
    grains: tuple[str, ...]

    def get(self, key: Key) -> int: ...


TOLERANCE = 1e-7
# The attacker's multipliers of the published equations. A basic solution's multipliers are
# ratios of sub-determinants of a 0/1 matrix, small integers for sums over runs of days and
# totals; the box keeps the solver from stalling on free variables (it did, on a 105-unknown
# cluster, for minutes).
MULTIPLIER_BOUND = 1e4
NODE_LIMIT = 20_000  # a search this long counts as a disclosure (deterministic, unlike time)


@dataclass(frozen=True)
class Disclosure:
    """What an attacker learns: a hidden cell (or, for a small sum, None) and the published
    cells whose combination gives it away."""

    cell: tuple | None
    used: tuple[tuple, ...]
    # The days (finest periods, by index) of the hidden counts given away, first and last.
    window: tuple[int, int] = (0, 0)


def _leaves(parts: list[tuple[str, list[str]]], names: Iterable[str]) -> dict[str, list[str]]:
    children = dict(parts)

    def expand(name: str) -> list[str]:
        if name not in children:
            return [name]
        return [leaf for child in children[name] for leaf in expand(child)]

    return {name: expand(name) for name in names}


class JointAudit:
    """One family's audit, kept across the rounds of a repair: each round only the cells over
    newly hidden days change their unknowns, and only the clusters they touch are solved anew."""

    def __init__(self, cube: Cube, suppressed: set[Key], k: int) -> None:
        self.cube, self.suppressed, self.k = cube, suppressed, k
        finest = min(cube.grains, key=GRAINS.index)
        atoms = sorted({p for (_g, _m, p) in cube.values if p.grain == finest})
        self.atom_of = {a.start: i for i, a in enumerate(atoms)}
        self.atom_end = [a.end for a in atoms]
        self.atoms = atoms
        groups = sorted({g for (g, _m, _p) in cube.values})
        metrics = sorted({m for (_g, m, _p) in cube.values})
        self.group_leaves = _leaves(cube.group_sums, groups)
        self.metric_leaves = _leaves(cube.metric_sums, metrics)
        # An unknown is a hidden finest cell, numbered series * atoms + atom whatever else is
        # hidden, so that cells keep their unknowns from round to round.
        leaf_series = sorted(
            {
                (lg, lm)
                for g in groups
                for lg in self.group_leaves[g]
                for m in metrics
                for lm in self.metric_leaves[m]
            }
        )
        self.series_index = {series: i for i, series in enumerate(leaf_series)}
        self.leaf_series = leaf_series
        # Which cells read a leaf series: its ancestor groups and metrics.
        self.readers: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for g in groups:
            for m in metrics:
                for lg in self.group_leaves[g]:
                    for lm in self.metric_leaves[m]:
                        self.readers[(lg, lm)].append((g, m))
        self.periods_of_atom: list[list] = [[] for _ in atoms]
        for period in sorted({p for (_g, _m, p) in cube.values}):
            lo, hi = self._span(period)
            for atom in range(lo, hi):
                self.periods_of_atom[atom].append(period)
        self.known: set[int] = set()
        self.members: dict[tuple, list[int]] = {key: [] for key in cube.values}
        self._clusters: dict[tuple, _Cluster] = {}
        self._take_new_unknowns()

    def _span(self, period: Period) -> tuple[int, int]:
        first = self.atom_of[period.start]
        last = bisect_left(self.atom_end, period.end)
        return first, last + 1

    def key_of(self, unknown: int) -> tuple:
        series, atom = divmod(unknown, len(self.atoms))
        lg, lm = self.leaf_series[series]
        return (lg, lm, self.atoms[atom])

    def _take_new_unknowns(self) -> None:
        """Give each newly hidden finest cell to the cells that read it."""
        n = len(self.atoms)
        for series, index in self.series_index.items():
            for atom in range(n):
                unknown = index * n + atom
                if unknown in self.known:
                    continue
                if (series[0], series[1], self.atoms[atom]) not in self.suppressed:
                    continue
                self.known.add(unknown)
                for group, metric in self.readers[series]:
                    for period in self.periods_of_atom[atom]:
                        members = self.members.get((group, metric, period))
                        if members is not None:
                            members.append(unknown)

    def disclosures(self, small_sums: bool = True) -> list[Disclosure]:
        self._take_new_unknowns()
        row_keys: list[tuple] = []
        row_members: list[list[int]] = []
        targets: list[tuple[tuple, list[int]]] = []
        found: list[Disclosure] = []
        for key, members in self.members.items():
            if key in self.suppressed:
                if not members:  # every part of it is published
                    found.append(Disclosure(key, (), self._window(members)))
                else:
                    targets.append((key, members))
            elif members:
                row_keys.append(key)
                row_members.append(members)
        if not self.known:
            return found
        ids = np.array(sorted(self.known), dtype=np.int64)
        n = ids.size
        rows = np.repeat(np.arange(len(row_members)), [len(m) for m in row_members])
        flat = np.fromiter((c for m in row_members for c in m), dtype=np.int64, count=rows.size)
        cols = np.searchsorted(ids, flat)
        size = n + len(row_members)
        graph = coo_matrix((np.ones(rows.size), (cols, n + rows)), shape=(size, size))
        _count, labels = connected_components(graph, directed=False)
        label_of = dict(zip(ids.tolist(), labels[:n].tolist(), strict=True))
        unknowns_in: dict[int, list[int]] = defaultdict(list)
        for unknown in ids.tolist():
            unknowns_in[label_of[unknown]].append(unknown)
        rows_in: dict[int, list[int]] = defaultdict(list)
        for r in range(len(row_members)):
            rows_in[int(labels[n + r])].append(r)
        solved: dict[int, _Cluster] = {}
        clusters: dict[tuple, _Cluster] = {}
        for label, unknowns in unknowns_in.items():
            in_rows = rows_in.get(label, [])
            signature = (tuple(unknowns), tuple(row_keys[r] for r in in_rows))
            cluster = self._clusters.get(signature)
            if cluster is None:
                values = np.array([self.cube.get(self.key_of(j)) for j in unknowns], float)
                cluster = _Cluster(
                    unknowns, [row_members[r] for r in in_rows], list(signature[1]), values
                )
            clusters[signature] = solved[label] = cluster
        self._clusters = clusters  # clusters no longer present are dropped
        for key, members in targets:
            parts: dict[int, list[int]] = defaultdict(list)
            for j in members:
                parts[label_of[j]].append(j)
            used: list[tuple] = []
            for label, part in parts.items():
                combination = solved[label].combination(part)
                if combination is None:
                    break
                used.extend(combination)
            else:
                found.append(Disclosure(key, tuple(used), self._window(members)))
        if small_sums:
            for cluster in solved.values():
                given = cluster.small_sum(self.k)
                if given is not None:
                    members, used = given
                    found.append(Disclosure(None, tuple(used), self._window(members)))
        return found

    def _window(self, members: list[int]) -> tuple[int, int]:
        atoms = [j % len(self.atoms) for j in members]
        return (min(atoms), max(atoms) + 1) if atoms else (0, 0)

    def published_parts(self, disclosure: Disclosure) -> list[tuple]:
        """Published finest cells inside the disclosure's days that its combination reads as
        known: hiding one of them puts a new unknown into that combination."""
        first, last = disclosure.window
        found: dict[tuple, None] = {}
        for group, metric, period in disclosure.used:
            lo, hi = self._span(period)
            for lg in self.group_leaves[group]:
                for lm in self.metric_leaves[metric]:
                    for atom in range(max(lo, first), min(hi, last)):
                        key = (lg, lm, self.atoms[atom])
                        if key not in self.suppressed and key in self.cube.values:
                            found[key] = None
        return list(found)


class _Cluster:
    """Unknowns joined by equations, with the published cells that join them."""

    def __init__(
        self, unknowns: list[int], rows: list[list[int]], keys: list[tuple], values: np.ndarray
    ) -> None:
        self.unknowns = unknowns
        self.position = {j: i for i, j in enumerate(unknowns)}
        self.keys = keys
        self.values = values
        self.matrix = np.zeros((len(rows), len(unknowns)))
        for r, members in enumerate(rows):
            self.matrix[r, [self.position[j] for j in members]] = 1.0
        self._basis: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
        self._parts: dict[tuple[int, ...], list[tuple] | None] = {}
        self._small: tuple[tuple[list[int], list[tuple]] | None] | None = None

    @property
    def basis(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """A pivoted QR of the equations' transpose, A^T P = Q R, cut at their rank: the
        first rank columns of Q span the combinations of the equations and the rest (as rows
        here) their null space; a vector is a combination exactly when the null space is
        orthogonal to it. (Several times faster than an SVD on the clusters of a year.)"""
        if self._basis is None:
            n = len(self.position)
            if self.matrix.shape[0] == 0:
                empty = np.zeros((n, 0))
                self._basis = (empty, np.zeros((0, 0)), np.zeros(0, dtype=np.int64), np.eye(n))
            else:
                q, r, pivots = qr(self.matrix.T, mode="full", pivoting=True)
                diagonal = np.abs(np.diag(r))
                limit = diagonal.max(initial=0.0) * max(self.matrix.shape) * 1e-12
                rank = int((diagonal > limit).sum())
                self._basis = (q[:, :rank], r[:rank, :rank], pivots[:rank], q[:, rank:].T)
        return self._basis

    def _used(self, weights: np.ndarray) -> list[tuple]:
        """The published cells a combination uses."""
        return [self.keys[r] for r in np.flatnonzero(np.abs(weights) > TOLERANCE)]

    def combination(self, part: list[int]) -> list[tuple] | None:
        """The published cells whose combination gives this part, or None if none does."""
        key = tuple(part)
        if key not in self._parts:
            self._parts[key] = self._combination(part)
        return self._parts[key]

    def _combination(self, part: list[int]) -> list[tuple] | None:
        q, r, pivots, null = self.basis
        positions = [self.position[j] for j in part]
        if np.abs(null[:, positions].sum(axis=1)).max(initial=0.0) > TOLERANCE:
            return None
        # A basic solution: it uses only the independent rows the pivoting chose.
        weights = np.zeros(self.matrix.shape[0])
        weights[pivots] = solve_triangular(r, q[positions].sum(axis=0))
        return self._used(weights)

    def small_sum(self, k: int) -> tuple[list[int], list[tuple]] | None:
        """Unknowns whose sum of 1..k-1 is given away, with the published cells that give it,
        if there are any."""
        if self._small is None:
            self._small = (self._small_sum(k),)
        return self._small[0]

    def _small_sum(self, k: int) -> tuple[list[int], list[tuple]] | None:
        if self.values.sum() < 1 or self.matrix.shape[0] == 0:
            return None
        n, m = self.matrix.shape[1], self.matrix.shape[0]
        # Variables: u (which unknowns, 0/1) and y (multipliers), with u = A^T y.
        in_row_space = LinearConstraint(np.hstack([np.eye(n), -self.matrix.T]), 0, 0)
        small = LinearConstraint(np.concatenate([self.values, np.zeros(m)])[None, :], 1, k - 1)
        result = milp(
            np.zeros(n + m),
            constraints=[in_row_space, small],
            integrality=np.concatenate([np.ones(n), np.zeros(m)]),
            bounds=Bounds(
                np.concatenate([np.zeros(n), np.full(m, -MULTIPLIER_BOUND)]),
                np.concatenate([np.ones(n), np.full(m, MULTIPLIER_BOUND)]),
            ),
            options={"node_limit": NODE_LIMIT},
        )
        if result.status == 2:  # infeasible: no such sum
            return None
        if result.status != 0:  # undecided within the search limit: treat it as disclosed
            return self.unknowns, list(self.keys)
        chosen = np.flatnonzero(np.round(result.x[:n]))
        return [self.unknowns[i] for i in chosen], self._used(result.x[n:])
