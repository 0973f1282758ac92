"""Suppression benchmark: how much each family hides, and what `protect` costs, on a demo year.

    .venv/bin/python scripts/bench/suppression.py --scale 0.02

A demo year (`netpolarna demo year --scale S`, ending on a fixed date so every run sees the same
data) is written into a scratch SQLite database. Then every family of every table is protected
again, the municipality-wide family first (the others keep its pattern, as the rollup job does),
and for each family and grain it prints the cells hidden, the hidden cells holding at least k
(secondary suppression of cells that could have been published), and the CPU seconds `protect`
took (CPU time: other load on the machine moves it less than wall time).
The last line is the whole table as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

END = date(2025, 11, 20)  # in the past, so that nothing of the year is cut off by "now"


def measure(scale: float, work: Path) -> list[dict[str, Any]]:
    from netpolarna import create_app
    from netpolarna.analytics import cubes
    from netpolarna.analytics.demo_year import generate
    from netpolarna.analytics.privacy import K
    from netpolarna.db import db

    url = f"sqlite:///{work / 'year.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    rows: list[dict[str, Any]] = []
    with app.app_context():
        db.create_all()
        generate(scale, END)
        for table, families in cubes.FAMILIES.items():
            cubes.clear_cache()
            for family in families:  # "all" comes first: the others read its pattern
                cube = cubes._cube(table, families[family])
                started = time.process_time()
                hidden = cubes._compute(table, family, cube)
                seconds = time.process_time() - started
                if family == "all":
                    key = (str(db.engine.url), table, family, cubes.versions()[table])
                    cubes._cache[key] = cubes.Protected(cube, hidden)
                total = Counter(p.grain for _g, _m, p in hidden)
                digest = hashlib.sha256(
                    "\n".join(sorted(f"{g} {m} {p.grain} {p.start}" for g, m, p in hidden)).encode()
                ).hexdigest()[:12]
                large = Counter(p.grain for g, m, p in hidden if cube.get((g, m, p)) >= K)
                for grain in cube.grains:
                    rows.append(
                        {
                            "family": f"{table}:{family}",
                            "grain": grain,
                            "cells": sum(1 for _g, _m, p in cube.values if p.grain == grain),
                            "hidden": total[grain],
                            "hidden_ge_k": large[grain],
                            "seconds": round(seconds, 3),
                            "pattern": digest,  # the same data and pattern: the same digest
                        }
                    )
        db.session.remove()
        db.engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=0.02)
    args = parser.parse_args()
    os.environ.setdefault("NETPOLARNA_ENV", "testing")
    with tempfile.TemporaryDirectory(prefix="netpolarna-bench-") as tmp:
        os.environ["NETPOLARNA_INSTANCE_PATH"] = str(Path(tmp) / "instance")
        rows = measure(args.scale, Path(tmp))
    print(f"{'family':<20} {'grain':<6} {'cells':>7} {'hidden':>7} {'>=k':>6} {'seconds':>8}")
    for row in rows:
        print(
            f"{row['family']:<20} {row['grain']:<6} {row['cells']:>7} {row['hidden']:>7} "
            f"{row['hidden_ge_k']:>6} {row['seconds']:>8}"
        )
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
