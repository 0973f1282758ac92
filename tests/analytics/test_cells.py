"""The figures read per request (sums grouped by period in the database, the stored
suppression pattern) are exactly the cells of each family's protected cube, at every grain."""

from __future__ import annotations

from datetime import timedelta

from analytics_support import END
from flask import Flask

from netpolarna.analytics import cubes, figures
from netpolarna.analytics.cubes import FAMILIES, METRICS, TABLE_GRAINS

DIMENSIONS = {  # every dimension the API answers, with the family it belongs to
    "messages": {
        "all": "all",
        "platform": "platform",
        "source": "platform",
        "language": "language",
        "target": "target",
        "place": "place",
    },
    "flags": {"all": "all", "severity": "severity", "reason": "reason"},
    "reports": {"all": "all", "category": "category", "danger": "danger", "outcome": "outcome"},
}


def test_figures_are_the_protected_cubes_cells(app: Flask, demo_year: dict[str, int]) -> None:
    start, end = END - timedelta(days=120), END
    seen = {"suppressed": 0, "zero": 0, "positive": 0}
    for name, dimensions in DIMENSIONS.items():
        assert set(dimensions.values()) == set(FAMILIES[name])
        for dimension, family in dimensions.items():
            protected = cubes.protected(name, family)  # the whole cube, built in Python
            cubes.clear_cache()  # figures must not see it: they read the stored snapshot
            for grain in TABLE_GRAINS[name]:
                answer = figures.table(name, dimension, grain, start, end)
                groups = {row["value"] for row in answer["rows"]}
                expected_groups = {
                    None if g == "all" else g.split(":", 1)[1]
                    for (g, _m, _p) in protected.cube.values
                    if (g == "all" and dimension == "all") or g.startswith(f"{dimension}:")
                }
                assert groups == (expected_groups or {None}), (name, dimension)
                for row in answer["rows"]:
                    group = "all" if row["value"] is None else f"{dimension}:{row['value']}"
                    period = next(
                        p
                        for p in figures.check_range(grain, start, end)
                        if p.label == row["period"]
                    )
                    for metric in METRICS[name]:
                        key = (group, metric, period)
                        want = None if key in protected.suppressed else protected.cube.get(key)
                        assert row["counts"][metric] == want, (key, row["counts"])
                        kind = "suppressed" if want is None else "zero" if not want else "positive"
                        seen[kind] += 1
    assert min(seen.values()) > 100, seen  # the comparison covered every kind of cell
