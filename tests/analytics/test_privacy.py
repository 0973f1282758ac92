"""Attacks on suppressed cells: through totals, through a month against its weeks and days, and
through any combination of published cells (a rank test over the whole linear system)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from scipy.linalg import orth
from scipy.optimize import Bounds, LinearConstraint, milp

from netpolarna.analytics.periods import Period
from netpolarna.analytics.privacy import Cube, K, build_cube, protect

START = date(2026, 2, 23)  # a Monday; with 70 days the weeks straddle three months
DAYS = [START + timedelta(days=i) for i in range(70)]


def sparse_counts(seed: int, groups: list[str], metric: str = "n") -> dict:
    rng = random.Random(seed)
    counts = {}
    for day in DAYS:
        for group in groups:
            if rng.random() < 0.55:
                counts[(day, group, metric)] = rng.choice([1, 1, 2, 3, 4, 6, 9, 15])
    return counts


def with_total(counts: dict, groups: list[str], metric: str = "n") -> dict:
    total = dict(counts)
    for day in DAYS:
        value = sum(counts.get((day, g, metric), 0) for g in groups)
        if value:
            total[(day, "all", metric)] = value
    return total


def published_system(cube: Cube, hidden: set, leaves: list[str], metric: str = "n"):
    """Rows of the published linear system over unknown (leaf, day) counts, with the
    right-hand sides, plus each cell's coefficient vector."""
    days = sorted({p.start for (_g, _m, p) in cube.values if p.grain == "day"})
    column = {(leaf, day): i for i, (leaf, day) in enumerate((g, d) for g in leaves for d in days)}

    def vector(group: str, period: Period) -> np.ndarray:
        row = np.zeros(len(column))
        members = leaves if group == "all" else [group]
        for leaf in members:
            for day in period.days():
                row[column[(leaf, day)]] = 1
        return row

    rows = [vector(g, p) for (g, m, p) in cube.values if m == metric and (g, m, p) not in hidden]
    return np.array(rows), vector


def recovered(cube: Cube, hidden: set, leaves: list[str]) -> list[tuple]:
    """Hidden cells whose exact value follows from the published ones: their coefficient
    vector lies in the row space of the published system."""
    matrix, vector = published_system(cube, hidden, leaves)
    basis = orth(matrix.T)  # orthonormal basis of the row space
    keys = sorted(hidden)
    targets = np.array([vector(key[0], key[2]) for key in keys]).T
    residual = targets - basis @ (basis.T @ targets)
    return [key for key, r in zip(keys, np.abs(residual).max(axis=0), strict=True) if r < 1e-8]


def small_hidden_sum(
    cube: Cube, hidden: set, leaves: list[str], metric: str = "n"
) -> tuple[list[tuple], int] | None:
    """A set of (leaf, day) counts whose sum, from 1 to k-1, follows from the published cells:
    a 0/1 vector u in the row space of the published system with 0 < u.x < k (a mixed-integer
    programme; None when there is none). It covers every combination, nested or not."""
    matrix, _vector = published_system(cube, hidden, leaves, metric)
    days = sorted({p.start for (_g, _m, p) in cube.values if p.grain == "day"})
    values = np.array(
        [cube.get((leaf, metric, Period(d, d, "day"))) for leaf in leaves for d in days], float
    )
    n, rows = values.size, matrix.shape[0]
    # Variables: u (n binaries) and y (the published rows' free multipliers), u = M^T y.
    in_row_space = LinearConstraint(np.hstack([np.eye(n), -matrix.T]), 0, 0)
    small = LinearConstraint(np.concatenate([values, np.zeros(rows)])[None, :], 1, K - 1)
    found = milp(
        np.zeros(n + rows),
        constraints=[in_row_space, small],
        integrality=np.concatenate([np.ones(n), np.zeros(rows)]),
        bounds=Bounds(
            np.concatenate([np.zeros(n), np.full(rows, -np.inf)]),
            np.concatenate([np.ones(n), np.full(rows, np.inf)]),
        ),
    )
    if found.status != 0:
        return None
    chosen = np.flatnonzero(np.round(found.x[:n]))
    cells = [(leaves[i // len(days)], days[i % len(days)]) for i in chosen]
    return cells, round(float(values[chosen].sum()))


@pytest.mark.parametrize("seed", [1, 3])
def test_no_suppressed_cell_is_recoverable_from_periods_or_totals(seed: int) -> None:
    leaves = ["platform:a", "platform:b", "platform:c"]
    counts = with_total(sparse_counts(seed, leaves), leaves)
    cube = build_cube(counts, ["all", *leaves], ["n"])
    cube.group_sums.append(("all", leaves))
    hidden = protect(cube)

    primary = {key for key, value in cube.values.items() if 0 < value < K}
    assert primary and primary <= hidden
    assert recovered(cube, primary, leaves)  # primary suppression alone does leak
    assert small_hidden_sum(cube, primary, leaves)  # and small sums of cells
    assert recovered(cube, hidden, leaves) == []
    assert small_hidden_sum(cube, hidden, leaves) is None


@pytest.mark.parametrize("seed", range(40))
def test_no_combination_of_series_and_totals_gives_a_hidden_cell_or_small_sum(seed: int) -> None:
    """Each local check (a series along time; one total in one period) passes on its own, but
    an attacker solves them together (seed 20 gives away platform:a on 2026-04-01)."""
    leaves = ["platform:a", "platform:b", "platform:c"]
    counts = with_total(sparse_counts(seed, leaves), leaves)
    cube = build_cube(counts, ["all", *leaves], ["n"])
    cube.group_sums.append(("all", leaves))
    hidden = protect(cube)
    assert recovered(cube, hidden, leaves) == []
    assert small_hidden_sum(cube, hidden, leaves) is None


def test_the_municipality_total_keeps_its_months() -> None:
    counts = {(day, "all", "n"): 30 + (i % 4) for i, day in enumerate(DAYS)}
    counts[(DAYS[10], "all", "n")] = 2  # one quiet day
    cube = build_cube(counts, ["all"], ["n"])
    hidden = protect(cube)
    months = {p for (_g, _m, p) in cube.values if p.grain == "month" and p.start >= START}
    assert months and not {("all", "n", m) for m in months} & hidden
    assert ("all", "n", Period(DAYS[10], DAYS[10], "day")) in hidden


def test_month_minus_its_days_does_not_give_a_suppressed_day() -> None:
    """The attack by hand: a month and all published days of it."""
    counts = {(day, "all", "n"): 40 for day in DAYS}
    quiet = date(2026, 3, 11)
    counts[(quiet, "all", "n")] = 3
    cube = build_cube(counts, ["all"], ["n"])
    hidden = protect(cube)
    march = Period(date(2026, 3, 1), date(2026, 3, 31), "month")
    assert ("all", "n", march) not in hidden
    published_days = [
        cube.get(("all", "n", Period(d, d, "day")))
        for d in march.days()
        if ("all", "n", Period(d, d, "day")) not in hidden
    ]
    left = cube.get(("all", "n", march)) - sum(published_days)
    hidden_days = [d for d in march.days() if ("all", "n", Period(d, d, "day")) in hidden]
    assert len(hidden_days) >= 2 and left >= K  # only a sum of at least k is left
    week = Period(date(2026, 3, 9), date(2026, 3, 15), "week")
    if ("all", "n", week) not in hidden:  # and the week around it gives no more
        in_week = [d for d in week.days() if ("all", "n", Period(d, d, "day")) in hidden]
        assert sum(cube.get(("all", "n", Period(d, d, "day"))) for d in in_week) >= K


def test_total_minus_other_platforms_does_not_give_a_suppressed_cell() -> None:
    counts = {}
    for day in DAYS:
        counts[(day, "platform:a", "n")] = 50
        counts[(day, "platform:b", "n")] = 20
        counts[(day, "platform:c", "n")] = 0
    counts[(DAYS[5], "platform:c", "n")] = 2
    leaves = ["platform:a", "platform:b", "platform:c"]
    counts = with_total(counts, leaves)
    cube = build_cube(counts, ["all", *leaves], ["n"])
    cube.group_sums.append(("all", leaves))
    hidden = protect(cube)
    day = Period(DAYS[5], DAYS[5], "day")
    assert ("platform:c", "n", day) in hidden
    assert ("all", "n", day) not in hidden  # the total stays published ...
    assert ("platform:a", "n", day) in hidden or ("platform:b", "n", day) in hidden  # ... so
    assert recovered(cube, hidden, leaves) == []
    assert small_hidden_sum(cube, hidden, leaves) is None


def two_metric_cube(seed: int) -> Cube:
    """Four platforms and their total, with n = a + b: many series and sums sharing cells."""
    leaves = ["platform:a", "platform:b", "platform:c", "platform:d"]
    counts: dict = {}
    for number, metric in enumerate(("a", "b")):
        counts.update(with_total(sparse_counts(2 * seed + number, leaves, metric), leaves, metric))
    for (day, group, _metric), value in list(counts.items()):
        counts[(day, group, "n")] = counts.get((day, group, "n"), 0) + value
    cube = build_cube(counts, ["all", *leaves], ["n", "a", "b"])
    cube.group_sums.append(("all", leaves))
    cube.metric_sums.append(("n", ["a", "b"]))
    return cube


def suppression_pattern(seed: int) -> list[str]:
    """The pattern of `two_metric_cube(seed)`, as sorted text (run in a subprocess)."""
    return sorted(f"{g} {m} {p.grain} {p.start}" for g, m, p in protect(two_metric_cube(seed)))


def test_the_pattern_does_not_depend_on_the_string_hash_seed() -> None:
    """The rollup job stores a pattern and a request may compute one: in other processes, with
    other hash seeds, they must agree."""
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); "
        "from test_privacy import suppression_pattern; "
        "print(json.dumps(suppression_pattern(0)))"
    )
    patterns = []
    for hash_seed in ("0", "1"):
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", code, str(Path(__file__).parent)],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        patterns.append(json.loads(done.stdout))
    assert patterns[0]
    assert all(found == patterns[0] for found in patterns[1:])


def nested_cube() -> Cube:
    """March 2026 is published, and so is its week of 9-15 March around two hidden days (3 + 3);
    the quiet weeks before and after it are hidden (2 each), with one small day each (8 and 16
    March). Month minus the week minus the published days gives 8 + 16 March: 4."""
    counts = {(day, "all", "n"): 40 for day in DAYS}
    for offset in range(2, 8):  # 2-7 March and 17-22 March: nothing
        counts[(date(2026, 3, offset), "all", "n")] = 0
        counts[(date(2026, 3, offset + 15), "all", "n")] = 0
    for day, value in ((8, 2), (11, 3), (13, 3), (16, 2)):
        counts[(date(2026, 3, day), "all", "n")] = value
    return build_cube(counts, ["all"], ["n"])


def test_a_month_minus_a_published_week_inside_it_gives_no_small_sum() -> None:
    cube = nested_cube()
    hidden = protect(cube)
    march = ("all", "n", Period(date(2026, 3, 1), date(2026, 3, 31), "month"))
    week = ("all", "n", Period(date(2026, 3, 9), date(2026, 3, 15), "week"))
    assert march not in hidden  # the month stays published
    if week not in hidden:  # the attack: month - week - the published days outside the week
        outside = [
            ("all", "n", Period(d, d, "day"))
            for d in Period(date(2026, 3, 1), date(2026, 3, 31), "month").days()
            if not week[2].start <= d <= week[2].end
        ]
        left = (
            cube.get(march) - cube.get(week) - sum(cube.get(c) for c in outside if c not in hidden)
        )
        assert left == 0 or left >= K
    assert small_hidden_sum(cube, hidden, ["all"]) is None
