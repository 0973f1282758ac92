"""Analytics benchmark: the monthly figures on a generated year, and what the rollup job costs
ingestion.

    .venv/bin/python scripts/bench/analytics.py --scale 0.1                  # SQLite
    .venv/bin/python scripts/bench/analytics.py --scale 1 --database-url postgresql+psycopg://u@host/db

1. A demo year (`netpolarna demo year --scale S`: about S million messages) is written into a
   fresh database and the rollups rebuilt. Then it times the monthly report's queries (the month
   view, with the suppression of every family computed cold), the same again warm (cached until
   the rollups change), the API's month view through HTTP handling (`GET
   /api/v1/analytics/months/YYYY-MM`, cold), and rendering the report (HTML and PDF).
2. Ingestion with and without the rollup job: a JSONL scan of `--ingest-messages` messages (the
   ingest bench's generator, no classifier) into a fresh database, once alone and once while a
   thread runs the rollup job every `--refresh-seconds`; prints messages/s of both and the ratio.
   `--rounds N` repeats the pair N times, alternating, since other load on the machine moves
   single scans by more than the job costs: each round's ratio is printed and the median is
   `ingest_ratio`. `rollup_job_cpu_seconds_per_run` is the job thread's own CPU time (its
   Python and, on SQLite, the database work it does in-process) per run, with the messages it
   rolled up per run: a figure that other load moves much less.
With PostgreSQL scratch databases are created next to the one named and dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts" / "bench"))

from dbsupport import create_postgres_database  # noqa: E402
from ingest import _messages, _write  # noqa: E402  (the ingest bench's messages)


def _database(database_url: str | None, work: Path, name: str) -> tuple[str, Any]:
    if database_url:
        scratch = create_postgres_database(database_url, prefix=f"netpolarna_bench_{name}")
        return scratch.url, scratch.cleanup
    return f"sqlite:///{work / f'{name}.sqlite3'}", None


def figures(scale: float, database_url: str | None, work: Path) -> dict[str, Any]:
    from netpolarna import create_app
    from netpolarna.accounts import service as accounts
    from netpolarna.accounts import tokens
    from netpolarna.analytics import cubes
    from netpolarna.analytics.demo_year import generate
    from netpolarna.analytics.month_view import month_view
    from netpolarna.analytics.periods import month_of
    from netpolarna.analytics.report import write_monthly_report
    from netpolarna.db import db, utcnow

    url, drop = _database(database_url, work, "year")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    result: dict[str, Any] = {"database": url.split(":", 1)[0], "scale": scale}
    try:
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            made = generate(scale, utcnow().date())
            result["generate_and_rebuild_seconds"] = round(time.perf_counter() - started, 2)
            result.update({f"demo_{k}": v for k, v in made.items()})
            month = month_of(month_of(utcnow().date()).start - timedelta(days=1))
            result["month"] = month.label

            cubes.clear_cache()
            started = time.perf_counter()
            month_view(month)
            result["month_view_cold_seconds"] = round(time.perf_counter() - started, 3)
            started = time.perf_counter()
            month_view(month)
            result["month_view_warm_seconds"] = round(time.perf_counter() - started, 3)

            admin = accounts.create_user(
                email="bench@example.org", role="admin", password="bench-password-1234"
            )
            token = tokens.issue_pair(admin).access_token
            db.session.commit()
            cubes.clear_cache()
            client = app.test_client()
            started = time.perf_counter()
            response = client.get(
                f"/api/v1/analytics/months/{month.label}",
                headers={"Authorization": f"Bearer {token}"},
            )
            result["api_month_view_cold_seconds"] = round(time.perf_counter() - started, 3)
            assert response.status_code == 200, response.get_json()

            started = time.perf_counter()
            write_monthly_report(month, work / "report")
            result["report_render_seconds"] = round(time.perf_counter() - started, 2)
            db.session.remove()
            db.engine.dispose()
    finally:
        if drop is not None:
            drop()
    return result


@dataclass
class Scan:
    messages_per_second: float
    job_runs: int = 0
    job_cpu_seconds: float = 0.0  # the job thread's CPU time over all its runs


def ingestion(
    messages: int, database_url: str | None, work: Path, refresh_seconds: float | None
) -> Scan:
    """Messages/s of a first scan; with `refresh_seconds`, the rollup job runs meanwhile."""
    from netpolarna import create_app
    from netpolarna.analytics import rollups
    from netpolarna.db import db
    from netpolarna.netwalk import sources
    from netpolarna.netwalk.ingestion import prepare_worker, scanning

    name = "ingest_job" if refresh_seconds else "ingest_alone"
    folder = work / name
    os.environ["NETPOLARNA_INSTANCE_PATH"] = str(folder / "instance")
    url, drop = _database(database_url, work, name)
    feed = folder / "instance" / "source.jsonl"
    feed.parent.mkdir(parents=True, exist_ok=True)
    _write(feed, _messages(messages))
    config = {"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "CORPUS_DIRS": []}
    app = create_app({**config, "ANALYTICS_SETTLE_SECONDS": 0})
    stop = threading.Event()
    runs: list[float] = []

    def job() -> None:
        while not stop.wait(refresh_seconds):
            with app.app_context():
                started = time.thread_time()
                rollups.refresh_rollups()
                db.session.remove()
                runs.append(time.thread_time() - started)

    try:
        with app.app_context():
            db.create_all()
            scanning.prepare_scanning_process()
            source = sources.create_source(
                name="bench", kind="jsonl", config={"path": str(feed), "batch_size": 1000}
            )
            if refresh_seconds:
                rollups.refresh_rollups()
                worker = threading.Thread(target=job, daemon=True)
                worker.start()
            started = time.perf_counter()
            run = scanning.scan_source(source.id, trigger="cli")
            elapsed = time.perf_counter() - started
            assert run is not None and run.status == "succeeded", run and run.error
            stop.set()
            if refresh_seconds:
                worker.join()
                print(
                    f"  rollup job ran {len(runs)} times during the scan, "
                    f"{sum(runs) / max(1, len(runs)):.3f} s CPU per run",
                    file=sys.stderr,
                )
            db.session.remove()
            db.engine.dispose()
    finally:
        stop.set()
        prepare_worker.stop()
        if drop is not None:
            drop()
    return Scan(messages / elapsed, len(runs), sum(runs))


def ingestion_rounds(
    messages: int, database_url: str | None, work: Path, args: argparse.Namespace
) -> dict[str, Any]:
    alone: list[float] = []
    with_job: list[Scan] = []
    for _ in range(max(1, args.rounds)):
        alone.append(ingestion(messages, database_url, work, None).messages_per_second)
        with_job.append(ingestion(messages, database_url, work, args.refresh_seconds))
    ratios = [j.messages_per_second / a for a, j in zip(alone, with_job, strict=True)]
    runs = sum(j.job_runs for j in with_job)
    return {
        "ingest_messages": messages,
        "ingest_alone_messages_per_second": [round(a) for a in alone],
        "ingest_with_rollup_job_messages_per_second": [
            round(j.messages_per_second) for j in with_job
        ],
        "ingest_ratios": [round(r, 3) for r in ratios],
        "ingest_ratio": round(statistics.median(ratios), 3),
        "rollup_job_runs": runs,
        "rollup_job_messages_per_run": round(len(with_job) * messages / max(1, runs)),
        "rollup_job_cpu_seconds_per_run": round(
            sum(j.job_cpu_seconds for j in with_job) / max(1, runs), 3
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database-url", help="a PostgreSQL URL (a scratch database is used)")
    parser.add_argument("--ingest-messages", type=int, default=20_000)
    parser.add_argument("--refresh-seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=1, help="pairs of scans, alternating")
    parser.add_argument("--skip-figures", action="store_true")
    parser.add_argument("--skip-ingestion", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("NETPOLARNA_ENV", "testing")
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="netpolarna-bench-") as tmp:
        work = Path(tmp)
        if not args.skip_figures:
            result.update(figures(args.scale, args.database_url, work))
        if not args.skip_ingestion:
            result.update(ingestion_rounds(args.ingest_messages, args.database_url, work, args))
    width = max(len(key) for key in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
