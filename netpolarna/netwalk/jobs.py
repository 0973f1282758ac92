"""The net-walker's scheduled jobs, registered with the core scheduler (`netpolarna.scheduler`).

- `netwalk:source:<id>` - one per enabled source, on its own interval (in the database store);
- `netwalk:scan-queue`  - starts scans requested through the API (in memory: the queue is the
  scan-run table), each as its own one-off job so a slow source never holds up the others;
- `netwalk:retry:<id>`  - a failing source's next attempt, at its backoff time (in memory).

A missed source scan is recorded as a "missed" scan run too, so staff see it in /scans.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from netpolarna.db import db, utcnow
from netpolarna.netwalk.connectors import PoliteClient
from netpolarna.netwalk.ingestion import prepare_worker, scanning
from netpolarna.netwalk.models import Source
from netpolarna.scheduler import DomainJobs, ScheduledJob, job_app, run_once_now

SOURCE_PREFIX = "netwalk:source:"
RETRY_PREFIX = "netwalk:retry:"
QUEUED_PREFIX = "netwalk:queued:"
QUEUE_JOB_ID = "netwalk:scan-queue"

# While this process leads: one HTTP client for every scan, so per-host pacing holds across them.
_http: PoliteClient | None = None
_in_flight: set[int] = set()  # queued runs handed to a job
_lock = threading.Lock()


def _client() -> PoliteClient:
    if _http is None:
        raise RuntimeError("the net-walker jobs run only in the leading scheduler")
    return _http


def run_source_job(source_id: int) -> None:
    """The interval scan of one source (skipped while it is backing off after failures)."""
    with job_app().app_context():
        source = db.session.get(Source, source_id)
        if source is None or not source.enabled:
            return
        if source.next_retry_at is not None and source.next_retry_at > utcnow():
            return  # the retry job comes at next_retry_at
        scanning.scan_source(source_id, trigger="schedule", http=_client())


def run_retry_job(source_id: int) -> None:
    with job_app().app_context():
        source = db.session.get(Source, source_id)
        if source is None or not source.enabled or not source.consecutive_failures:
            return
        scanning.scan_source(source_id, trigger="retry", http=_client())


def run_queued_scan(run_id: int) -> None:
    try:
        with job_app().app_context():
            scanning.run_queued(run_id, http=_client())
    finally:
        with _lock:
            _in_flight.discard(run_id)


def drain_scan_queue() -> None:
    """Hand each scan requested through the API to its own one-off job."""
    with job_app().app_context():
        run_ids = scanning.queued_run_ids()
    for run_id in run_ids:
        with _lock:
            if run_id in _in_flight:
                continue  # handed over already; a busy source keeps it queued for later
            _in_flight.add(run_id)
        run_once_now(f"{QUEUED_PREFIX}{run_id}", run_queued_scan, [run_id])


def wanted_jobs() -> list[ScheduledJob]:
    """A scan job per enabled source, a retry per failing one, and the queue's drain."""
    now = utcnow()
    jobs = [
        ScheduledJob(
            QUEUE_JOB_ID,
            drain_scan_queue,
            [],
            float(current_app.config["SCHEDULER_QUEUE_SECONDS"]),
            now,
            persistent=False,
        )
    ]
    for source in db.session.scalars(select(Source).where(Source.enabled.is_(True))):
        seconds = source.interval_minutes * 60.0
        first = now
        if source.last_scan_at is not None:
            first = max(now, source.last_scan_at + timedelta(seconds=seconds))
        jobs.append(
            ScheduledJob(f"{SOURCE_PREFIX}{source.id}", run_source_job, [source.id], seconds, first)
        )
        if source.consecutive_failures and source.next_retry_at is not None:
            jobs.append(
                ScheduledJob(
                    f"{RETRY_PREFIX}{source.id}",
                    run_retry_job,
                    [source.id],
                    None,
                    source.next_retry_at,
                    persistent=False,
                )
            )
    return jobs


def _on_lead() -> None:
    global _http
    _http = scanning.make_http_client()


def _on_standby() -> None:
    global _http
    if _http is not None:
        _http.close()
        _http = None


def _on_missed(job_id: str, scheduled_at: datetime | None, detail: str) -> None:
    if job_id.startswith(SOURCE_PREFIX):
        scanning.record_missed(int(job_id.removeprefix(SOURCE_PREFIX)), scheduled_at, detail)


SCAN_JOBS = DomainJobs(
    name="netwalk",
    wanted=wanted_jobs,
    reconciled_prefixes=(RETRY_PREFIX,),
    prepare_process=scanning.prepare_scanning_process,
    stop_process=prepare_worker.stop,
    on_lead=_on_lead,
    on_standby=_on_standby,
    on_missed=_on_missed,
)
