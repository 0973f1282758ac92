"""What the published cells of one series tell about its hidden days, interval by interval.

Nodes 0..n are the prefix sums of a series' days. Two nodes joined through published cells
(one connected component) differ by a published amount, so the hidden days between two
consecutive nodes of a component (a *gap*) add up to a published amount. Gaps of different
components can nest: then the outer gap minus the inner ones (its *residual*, the hidden days
of the outer gap outside the inner ones) is published too, and every published sum of hidden
days is a sum of residuals. So each residual must be 0 or at least k.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Gap:
    start: int  # node: the gap covers days [start, end)
    end: int
    mass: int  # the hidden days' sum
    inner: tuple[tuple[int, int], ...] = ()  # the largest gaps nested inside it


def gaps(roots: np.ndarray, values: np.ndarray) -> list[Gap]:
    """The gaps with hidden mass of a series, given each node's component and each day's value
    (nodes 0..n, days 0..n-1); nested gaps know the largest gaps inside them."""
    size = roots.size
    unknown = roots[:-1] != roots[1:]  # a day whose two ends are not joined
    prefix = np.concatenate(([0], np.cumsum(np.where(unknown, values, 0))))
    order = np.lexsort((np.arange(size), roots))
    same = roots[order[:-1]] == roots[order[1:]]
    mass = prefix[order[1:]] - prefix[order[:-1]]
    # Only gaps holding something matter: a zero gap tells nothing, and subtracting it neither.
    found = np.flatnonzero(same & (mass > 0))
    starts, ends, masses = order[found], order[found + 1], mass[found]
    by_start = np.lexsort((-ends, starts))  # outer gaps before the gaps they contain
    inner: dict[int, list[int]] = {}
    open_: list[int] = []  # gaps that contain the current one, innermost last
    for i in by_start.tolist():
        while open_ and ends[open_[-1]] <= starts[i]:
            open_.pop()
        # The innermost open gap that reaches past this one's end contains it; a gap that
        # crosses it (starts before, ends inside) is not its parent.
        parent = next((j for j in reversed(open_) if ends[j] >= ends[i]), None)
        if parent is not None:
            inner.setdefault(parent, []).append(i)
        open_.append(i)
    return [
        Gap(
            int(starts[i]),
            int(ends[i]),
            int(masses[i]),
            tuple((int(starts[j]), int(ends[j])) for j in inner.get(i, ())),
        )
        for i in range(found.size)
    ]


def disclosing(found: list[Gap], k: int) -> list[Gap]:
    """The gaps that give away a sum of hidden days from 1 to k-1: their own, their residual,
    or their mass minus one inner gap's (all an attacker needs when inner gaps cross)."""
    masses = {(gap.start, gap.end): gap.mass for gap in found}
    small = []
    for gap in found:
        inside = [masses[span] for span in gap.inner]
        residual = gap.mass - sum(inside)
        if 0 < gap.mass < k or 0 < residual < k or any(0 < gap.mass - m < k for m in inside):
            small.append(gap)
    return small
