"""Running a scan: claim the source, stream the connector's batches into the store, record it.

Each batch is committed together with the connector checkpoint and the run's counters, so a scan
that dies half-way has stored whole batches only and the next scan resumes after the last one;
dedup by (source, message id) makes even a replayed batch harmless. A failing source gets
exponential backoff (`next_retry_at`) and its error on the run and the source.
"""

from __future__ import annotations

import logging
import time
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from netpolarna.db import db, utcnow
from netpolarna.netwalk.connectors import (
    CONNECTORS,
    Batch,
    Connector,
    ConnectorError,
    PoliteClient,
    validate_config,
)
from netpolarna.netwalk.connectors.outbound import policy_from_config
from netpolarna.netwalk.ingestion import prepare_worker
from netpolarna.netwalk.ingestion.bulk import refresh_statistics
from netpolarna.netwalk.ingestion.gazetteer import Gazetteer, app_gazetteer
from netpolarna.netwalk.ingestion.preparing import PreparedBatch, prepare_batch
from netpolarna.netwalk.ingestion.process_tuning import (
    prepare_process_mode,
    tune_cycle_collector,
    uses_prepare_process,
)
from netpolarna.netwalk.ingestion.pseudonyms import Pseudonymiser
from netpolarna.netwalk.ingestion.read_ahead import read_ahead
from netpolarna.netwalk.ingestion.scorer import (
    classifies_with_active_model,
    classify_batch,
    warm_up,
)
from netpolarna.netwalk.ingestion.store import BatchCounts, store_batch
from netpolarna.netwalk.models import ScanRun, Source

log = logging.getLogger(__name__)

MAX_FAILURE_REASONS = 50
MAX_ERROR_LENGTH = 2000
ANALYSE_FIRST = 2000  # new messages in one scan before statistics are refreshed (then x4)


def make_http_client() -> PoliteClient:
    """A polite HTTP client configured from the app (pacing, retries, timeouts)."""
    config = current_app.config
    return PoliteClient(
        config["PUBLIC_BASE_URL"],
        timeout=float(config["NETWALK_HTTP_TIMEOUT"]),
        min_interval=float(config["NETWALK_HTTP_MIN_INTERVAL"]),
        max_retries=int(config["NETWALK_HTTP_MAX_RETRIES"]),
        backoff_base=float(config["NETWALK_HTTP_BACKOFF_BASE"]),
        outbound=policy_from_config(config),
    )


def claim_source(source_id: int, now: datetime | None = None) -> bool:
    """Take the source's scan lease if nobody holds it; commits. False when it is busy."""
    now = now or utcnow()
    lease = timedelta(seconds=int(current_app.config["NETWALK_SCAN_LEASE_SECONDS"]))
    result = db.session.execute(
        update(Source)
        .where(
            Source.id == source_id,
            or_(Source.scan_lease_until.is_(None), Source.scan_lease_until < now),
        )
        .values(scan_lease_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    claimed = bool(getattr(result, "rowcount", 0))
    if claimed:
        # Whatever still says "running" for this source died with its process.
        db.session.execute(
            update(ScanRun)
            .where(ScanRun.source_id == source_id, ScanRun.status == "running")
            .values(
                status="failed",
                finished_at=now,
                error="interrupted: the process stopped mid-scan; later scans resume after "
                "the last stored batch",
            )
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return claimed


def prepare_scanning_process() -> None:
    """Ready the scheduler process, which runs the scans.

    Starts the batch preparation process (`prepare_worker`) as `NETWALK_PREPARE_PROCESS`
    says, loads the language model and the classifier here too (for edits and whenever the
    worker is away), and tunes the cycle collector (`process_tuning`).
    """
    mode = prepare_process_mode(current_app.config["NETWALK_PREPARE_PROCESS"])
    worker = uses_prepare_process(mode, db.engine.dialect.name)
    if worker:
        prepare_worker.start(current_app.instance_path)
    warm_up()
    tune_cycle_collector()
    if worker and not prepare_worker.wait_until_ready():
        log.warning("the batch preparation process did not start; scans prepare batches here")


def scan_source(
    source_id: int,
    *,
    trigger: str,
    run_id: int | None = None,
    requested_by_id: int | None = None,
    http: PoliteClient | None = None,
) -> ScanRun | None:
    """Scan one source now, in this thread. None when another scan of it is running."""
    if db.session.get(Source, source_id) is None or not claim_source(source_id):
        return None
    source = db.session.get(Source, source_id)
    assert source is not None
    run = db.session.get(ScanRun, run_id) if run_id is not None else None
    if run is None:
        run = ScanRun(source_id=source.id, trigger=trigger, requested_by_id=requested_by_id)
        db.session.add(run)
    run.status, run.started_at = "running", utcnow()
    db.session.commit()
    own_client = http is None
    client = http or make_http_client()
    started = time.monotonic()
    try:
        _stream(source, run, client)
    except Exception as exc:
        db.session.rollback()
        _record_failure(source_id, run.id, exc, started)
    else:
        _record_success(source, run, started)
    finally:
        if own_client:
            client.close()
    db.session.refresh(run)
    return run


def _stream(source: Source, run: ScanRun, client: PoliteClient) -> None:
    spec = CONNECTORS.get(source.kind)
    if spec is None:
        raise ConnectorError(f"unknown source kind {source.kind!r}")
    config = validate_config(source.kind, source.config)
    preparer = _BatchPreparer(source)
    source_id, run_id = source.id, run.id
    lease = timedelta(seconds=int(current_app.config["NETWALK_SCAN_LEASE_SECONDS"]))
    analyse_at = ANALYSE_FIRST
    totals = _Totals(failures=list(run.failures or []))
    batches = spec.connector.iter_batches(config, dict(source.state or {}), client)
    depth = read_ahead_depth(spec.connector, to_worker=preparer.sends_to_worker())
    with closing(read_ahead(batches, preparer, depth=depth)) as prepared_batches:
        for batch, prepared in prepared_batches:
            counts = store_batch(source_id, prepared)
            preparer.mostly_new = 2 * (counts.new + counts.updated) >= counts.fetched
            totals.add(counts, batch)
            # Written with statements, not through the run and source objects: after each
            # commit those are expired, and flushing them would reload both, every batch.
            db.session.execute(
                update(ScanRun).where(ScanRun.id == run_id).values(**totals.values())
                .execution_options(synchronize_session=False)
            )  # fmt: skip
            db.session.execute(
                update(Source).where(Source.id == source_id)
                .values(state=batch.state, scan_lease_until=utcnow() + lease)
                .execution_options(synchronize_session=False)
            )  # fmt: skip
            db.session.commit()  # messages, checkpoint and counters land together
            if totals.new >= analyse_at:
                analyse_at *= 4
                refresh_statistics()


def read_ahead_depth(connector: Connector, *, to_worker: bool) -> int:
    """Batches to prepare ahead (`NETWALK_READ_AHEAD_BATCHES`) while one is stored, or 0.

    The read-ahead thread gains what the scan would otherwise wait for: the preparation
    process, or the network. A scan of local files prepared in this process waits for
    neither; its two threads would only take turns at the GIL (7-8% slower on SQLite).
    """
    if connector.remote or to_worker:
        return int(current_app.config["NETWALK_READ_AHEAD_BATCHES"])
    return 0


@dataclass
class _Totals:
    """A scan's counters, kept here and written to its run with every batch."""

    fetched: int = 0
    new: int = 0
    duplicate: int = 0
    updated: int = 0
    failed: int = 0
    batches: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, counts: BatchCounts, batch: Batch) -> None:
        self.fetched += counts.fetched + batch.failed
        self.new += counts.new
        self.duplicate += counts.duplicate
        self.updated += counts.updated
        self.failed += batch.failed
        self.batches += 1
        if batch.errors and len(self.failures) < MAX_FAILURE_REASONS:
            self.failures = [*self.failures, *batch.errors][:MAX_FAILURE_REASONS]

    def values(self) -> dict[str, Any]:
        """The run's columns as they stand."""
        return {
            "fetched": self.fetched,
            "new": self.new,
            "duplicate": self.duplicate,
            "updated": self.updated,
            "failed": self.failed,
            "batches": self.batches,
            "failures": list(self.failures),
        }


class _BatchPreparer:
    """Prepares a scan's batches (`preparing`), called by its read-ahead thread.

    While batches are mostly new they go to the preparation process (`prepare_worker`), which
    also classifies them; a scan that finds mostly duplicates (a source read again from the
    start) would classify them in vain, and preparing them here costs less than sending them.
    """

    def __init__(self, source: Source) -> None:
        config = current_app.config
        self.app = current_app._get_current_object()  # type: ignore[attr-defined]
        self.key, self.kind = config["PSEUDONYM_KEY"], source.kind  # no ORM state in the thread
        self.names = Pseudonymiser(self.key, self.kind)
        self.use_worker = prepare_process_mode(config["NETWALK_PREPARE_PROCESS"]) != "off"
        # The worker classifies with the active model, so only for a scorer that does too;
        # another scorer classifies in `store_batch`.
        self.worker_classifies = classifies_with_active_model()
        self.places = app_gazetteer()
        self.places_settings = Gazetteer.settings(config)
        self.mostly_new = True  # the scan updates it after each stored batch

    def sends_to_worker(self) -> bool:
        """Whether new batches go to the preparation process."""
        return self.use_worker and prepare_worker.running()

    def __call__(self, batch: Batch) -> PreparedBatch:
        ahead = self.mostly_new
        if ahead and self.sends_to_worker():
            prepared = prepare_worker.prepare(
                batch.messages, pseudonym_key=self.key, kind=self.kind,
                classify=self.worker_classifies, gazetteer=self.places_settings,
            )  # fmt: skip
            if prepared is not None:
                return prepared
        # The read-ahead thread gets an app context of its own (for the active model); it
        # never touches the database session.
        with nullcontext() if has_app_context() else self.app.app_context():
            classify = classify_batch if ahead else None
            return prepare_batch(batch.messages, self.names, classify=classify, places=self.places)


def _record_success(source: Source, run: ScanRun, started: float) -> None:
    now = utcnow()
    run.status, run.finished_at = "succeeded", now
    run.duration_ms = int((time.monotonic() - started) * 1000)
    source.last_scan_at, source.last_status, source.last_error = now, "succeeded", None
    source.consecutive_failures, source.next_retry_at = 0, None
    source.scan_lease_until = None
    db.session.commit()
    log.info(
        "scan %s of source %s: fetched %s, new %s, duplicate %s, updated %s, failed %s",
        run.id,
        source.id,
        run.fetched,
        run.new,
        run.duplicate,
        run.updated,
        run.failed,
    )


def describe_error(exc: BaseException) -> str:
    """A short reason that never carries message content (database errors quote parameters)."""
    if isinstance(exc, ConnectorError):
        text = str(exc)
    elif isinstance(exc, SQLAlchemyError) or _is_driver_error(exc):
        text = f"{type(exc).__name__}: database error while storing a batch"
    elif hasattr(exc, "messages"):  # marshmallow ValidationError: the stored config is invalid
        text = f"invalid source config: {exc.messages}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return text[:MAX_ERROR_LENGTH]


def _is_driver_error(exc: BaseException) -> bool:
    # The bulk insert talks to the driver directly (COPY): its errors quote rows too.
    return type(exc).__module__.split(".", 1)[0] in {"psycopg", "sqlite3"}


def backoff_delay(failures: int, retry_after: float | None = None) -> timedelta:
    """Exponential backoff from the second failure on, never sooner than `Retry-After`."""
    config = current_app.config
    base = float(config["NETWALK_RETRY_BASE_SECONDS"])
    cap = float(config["NETWALK_RETRY_MAX_SECONDS"])
    seconds = min(cap, base * 2 ** max(0, failures - 1))
    return timedelta(seconds=max(seconds, retry_after or 0.0))


def _record_failure(source_id: int, run_id: int, exc: Exception, started: float) -> None:
    reason = describe_error(exc)
    if isinstance(exc, ConnectorError | SQLAlchemyError) or _is_driver_error(exc):
        log.warning("scan %s of source %s failed: %s", run_id, source_id, reason)
    else:
        log.error("scan %s of source %s failed: %s", run_id, source_id, reason, exc_info=exc)
    now = utcnow()
    source = db.session.get(Source, source_id)
    run = db.session.get(ScanRun, run_id)
    if run is not None:
        run.status, run.finished_at, run.error = "failed", now, reason
        run.duration_ms = int((time.monotonic() - started) * 1000)
    if source is not None:
        source.consecutive_failures += 1
        retry_after = exc.retry_after if isinstance(exc, ConnectorError) else None
        source.next_retry_at = now + backoff_delay(source.consecutive_failures, retry_after)
        source.last_scan_at, source.last_status, source.last_error = now, "failed", reason
        source.scan_lease_until = None
    db.session.commit()


def record_missed(source_id: int, scheduled_at: datetime | None, detail: str) -> None:
    """A scheduled scan that did not run in time is a run too: staff see it in /scans."""
    if db.session.get(Source, source_id) is None:
        return
    now = utcnow()
    db.session.add(
        ScanRun(
            source_id=source_id,
            trigger="schedule",
            status="missed",
            requested_at=scheduled_at or now,
            finished_at=now,
            error=detail[:MAX_ERROR_LENGTH],
        )
    )
    db.session.commit()


def queued_run_ids(limit: int = 20) -> list[int]:
    """Scans requested through the API and not started yet, oldest first."""
    stmt = select(ScanRun.id).where(ScanRun.status == "queued").order_by(ScanRun.id).limit(limit)
    return list(db.session.scalars(stmt))


def run_queued(run_id: int, http: PoliteClient | None = None) -> ScanRun | None:
    """Run one queued scan; None if it was taken already or its source is busy (stays queued)."""
    run = db.session.get(ScanRun, run_id)
    if run is None or run.status != "queued":
        return None
    kwargs: dict[str, Any] = {"trigger": run.trigger, "run_id": run.id, "http": http}
    return scan_source(run.source_id, **kwargs)
