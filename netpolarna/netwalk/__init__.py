"""Net-walker module: sources, scans, threads and messages, manual net-walk logs.

Connectors live in `connectors/`, the classifier in `classifier/`; this package stores what they
find and exposes it to staff.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from netpolarna.common.settings import Setting, apply, settings
from netpolarna.netwalk.ingestion.process_tuning import prepare_process_mode
from netpolarna.netwalk.jobs import SCAN_JOBS
from netpolarna.scheduler import register_domain_jobs

# Settings of this module, each overridable as NETPOLARNA_<NAME> or through test_config.
DEFAULTS: dict[str, Any] = {
    "NETWALK_RETENTION_DAYS": 90,
    "NETWALK_RETENTION_INTERVAL_MINUTES": 60,
    "NETWALK_SCAN_LEASE_SECONDS": 600,
    # Batches prepared in a thread while one is stored (0: off); a scan of local files prepared
    # in the scan's own process reads nothing ahead (`scanning.read_ahead_depth`).
    "NETWALK_READ_AHEAD_BATCHES": 1,
    # The scheduler prepares batches in a second process: on, off, or auto: on PostgreSQL only
    # (where it measured faster; on SQLite it did not, and costs the process's memory).
    "NETWALK_PREPARE_PROCESS": "auto",
    "NETWALK_RETRY_BASE_SECONDS": 60,
    "NETWALK_RETRY_MAX_SECONDS": 6 * 3600,
    "NETWALK_HTTP_TIMEOUT": 20.0,
    "NETWALK_HTTP_MIN_INTERVAL": 1.0,
    "NETWALK_HTTP_MAX_RETRIES": 3,
    "NETWALK_HTTP_BACKOFF_BASE": 1.0,
    "SCHEDULER_QUEUE_SECONDS": 3.0,  # how often the scheduler starts scans requested by API
    # Folders JSONL sources may read besides the instance folder and the demo data.
    "JSONL_EXTRA_ROOTS": (),
}


SETTINGS = settings(
    DEFAULTS,
    NETWALK_PREPARE_PROCESS=Setting("NETWALK_PREPARE_PROCESS", "auto", parse=prepare_process_mode),
    JSONL_EXTRA_ROOTS=Setting("JSONL_EXTRA_ROOTS", (), variable="NETPOLARNA_JSONL_ROOTS"),
)


def init_app(app: Flask) -> None:
    apply(app, SETTINGS)
    register_domain_jobs(SCAN_JOBS)
    app.config["NETWALK_PREPARE_PROCESS"] = prepare_process_mode(
        app.config["NETWALK_PREPARE_PROCESS"]
    )
    if "JSONL_ROOTS" not in app.config:
        # JSONL sources may only read under these folders (a source must not read any file the
        # server can): the instance folder, the shipped demo data, and NETPOLARNA_JSONL_ROOTS.
        app.config["JSONL_ROOTS"] = [
            app.instance_path,
            str(Path(__file__).parent / "demo_data"),
            *app.config["JSONL_EXTRA_ROOTS"],
        ]


from netpolarna.netwalk import demo, retention  # noqa: E402,F401  (jobs, demo loader)
from netpolarna.netwalk.routes import (  # noqa: E402  (the views)
    netwalk_logs_blp,
    scans_blp,
    sources_blp,
    threads_blp,
)

blueprints = [sources_blp, scans_blp, threads_blp, netwalk_logs_blp]
