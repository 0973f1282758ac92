"""The background scheduler: one active instance however many processes start one.

Every process that runs `netpolarna scheduler` (or `netpolarna serve`, which starts it as a child)
loops on a heartbeat. Each beat it tries to take or keep the leader lock: a PostgreSQL advisory
lock held on a dedicated connection (released by the server when the process dies), or elsewhere
a lease row renewed by the heartbeat and taken over once it expires. Only the leader runs an
APScheduler `BackgroundScheduler`, whose jobs live in the app's database (fixed ids,
`replace_existing`, coalesce, `max_instances=1`, explicit misfire grace, the configured zone):

- `netwalk:source:<id>` - one per enabled source, on its own interval;
- `periodic:<id>`       - the jobs domains declare in `common/jobs.py`;
- `netwalk:scan-queue`  - starts scans requested through the API (in memory: the queue is the
  scan-run table), each as its own one-off job so a slow source never holds up the others;
- `netwalk:retry:<id>`  - a failing source's next attempt, at its backoff time.

The leader reconciles these jobs with the sources table on every beat, so API changes take
effect within seconds. Job errors and missed runs are written to `scheduler_events` (and a
missed source scan also as a "missed" scan run).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import signal
import socket
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import click
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import Engine, case, create_engine, func, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from netpolarna.common.jobs import PeriodicJob, periodic_jobs
from netpolarna.db import utcnow
from netpolarna.extensions import db

log = logging.getLogger(__name__)

LOCK_NAME = "scheduler"
ADVISORY_KEY = 0x4E6574706F6C  # "Netpol"
JOBSTORE_TABLE = "apscheduler_jobs"
SOURCE_PREFIX = "netwalk:source:"
RETRY_PREFIX = "netwalk:retry:"
QUEUED_PREFIX = "netwalk:queued:"
QUEUE_JOB_ID = "netwalk:scan-queue"
PERIODIC_PREFIX = "periodic:"


# ---------------------------------------------------------------- the leader lock


class LeaseLock:
    """A lease row: the holder renews it each heartbeat; anyone may take it once it expired."""

    def __init__(self, engine: Engine, holder: str, ttl_seconds: float) -> None:
        from netpolarna.netwalk.models import SchedulerLease

        self.engine, self.holder, self.ttl = engine, holder, timedelta(seconds=ttl_seconds)
        self.table = SchedulerLease.__table__

    def acquire(self) -> bool:
        """Take or renew the lease; False while another live holder has it."""
        now = utcnow()
        with self.engine.begin() as conn:
            row = conn.scalar(select(self.table.c.name).where(self.table.c.name == LOCK_NAME))
        if row is None:
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(self.table).values(name=LOCK_NAME))
            except IntegrityError:
                pass  # another process created it at the same moment
        c = self.table.c
        with self.engine.begin() as conn:
            result = conn.execute(
                update(self.table)
                .where(
                    c.name == LOCK_NAME,
                    or_(c.holder == self.holder, c.expires_at.is_(None), c.expires_at < now),
                )
                .values(
                    holder=self.holder,
                    heartbeat_at=now,
                    expires_at=now + self.ttl,
                    acquired_at=case((c.holder == self.holder, c.acquired_at), else_=now),
                )
            )
            return result.rowcount == 1

    def release(self) -> None:
        c = self.table.c
        with self.engine.begin() as conn:
            conn.execute(
                update(self.table)
                .where(c.name == LOCK_NAME, c.holder == self.holder)
                .values(holder=None, expires_at=None)
            )


class AdvisoryLock:
    """PostgreSQL: a session advisory lock on a connection of its own (never pooled)."""

    def __init__(self, engine: Engine, holder: str) -> None:
        self.engine = create_engine(engine.url, poolclass=NullPool, hide_parameters=True)
        self.holder = holder
        self.conn: Any = None

    def acquire(self) -> bool:
        try:
            if self.conn is not None:
                self.conn.execute(text("SELECT 1"))  # still ours while the session lives
                self.conn.commit()
                return True
            conn = self.engine.connect()
            got = bool(conn.scalar(select(func.pg_try_advisory_lock(ADVISORY_KEY))))
            conn.commit()
            if got:
                self.conn = conn
            else:
                conn.close()
            return got
        except SQLAlchemyError:
            log.warning("scheduler lock connection lost")
            self._drop()
            return False

    def _drop(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(SQLAlchemyError):
                self.conn.close()
            self.conn = None

    def release(self) -> None:
        if self.conn is not None:
            try:
                self.conn.execute(select(func.pg_advisory_unlock(ADVISORY_KEY)))
                self.conn.commit()
            except SQLAlchemyError:
                pass
        self._drop()
        self.engine.dispose()


def make_lock(engine: Engine, holder: str, ttl_seconds: float) -> LeaseLock | AdvisoryLock:
    if engine.dialect.name == "postgresql":
        return AdvisoryLock(engine, holder)
    return LeaseLock(engine, holder, ttl_seconds)


# ---------------------------------------------------------------- job functions


@dataclass
class _JobContext:
    app: Flask
    http: Any  # a shared PoliteClient: per-host pacing holds across all scans
    scheduler: BackgroundScheduler | None = None
    in_flight: set[int] = field(default_factory=set)  # queued runs handed to a job
    lock: threading.Lock = field(default_factory=threading.Lock)


_context: _JobContext | None = None


def _ctx() -> _JobContext:
    if _context is None:
        raise RuntimeError("the scheduler is not running in this process")
    return _context


def run_source_job(source_id: int) -> None:
    """The interval scan of one source (skipped while it is backing off after failures)."""
    from netpolarna.netwalk import scanning
    from netpolarna.netwalk.models import Source

    ctx = _ctx()
    with ctx.app.app_context():
        source = db.session.get(Source, source_id)
        if source is None or not source.enabled:
            return
        if source.next_retry_at is not None and source.next_retry_at > utcnow():
            return  # the retry job comes at next_retry_at
        scanning.scan_source(source_id, trigger="schedule", http=ctx.http)


def run_retry_job(source_id: int) -> None:
    from netpolarna.netwalk import scanning
    from netpolarna.netwalk.models import Source

    ctx = _ctx()
    with ctx.app.app_context():
        source = db.session.get(Source, source_id)
        if source is None or not source.enabled or not source.consecutive_failures:
            return
        scanning.scan_source(source_id, trigger="retry", http=ctx.http)


def run_queued_scan(run_id: int) -> None:
    from netpolarna.netwalk import scanning

    ctx = _ctx()
    try:
        with ctx.app.app_context():
            scanning.run_queued(run_id, http=ctx.http)
    finally:
        with ctx.lock:
            ctx.in_flight.discard(run_id)


def drain_scan_queue() -> None:
    """Hand each scan requested through the API to its own one-off job."""
    from netpolarna.netwalk import scanning

    ctx = _ctx()
    with ctx.app.app_context():
        run_ids = scanning.queued_run_ids()
    scheduler = ctx.scheduler
    if scheduler is None:
        return
    for run_id in run_ids:
        with ctx.lock:
            if run_id in ctx.in_flight:
                continue  # handed over already; a busy source keeps it queued for later
            ctx.in_flight.add(run_id)
        scheduler.add_job(
            run_queued_scan,
            trigger=DateTrigger(run_date=utcnow()),
            args=[run_id],
            id=f"{QUEUED_PREFIX}{run_id}",
            jobstore="memory",
            replace_existing=True,
        )


def run_periodic_job(job_id: str) -> None:
    job = next((j for j in periodic_jobs() if j.id == job_id), None)
    if job is None:
        return
    module_name, _, name = job.func.partition(":")
    target = getattr(importlib.import_module(module_name), name)
    with _ctx().app.app_context():
        target()


# ---------------------------------------------------------------- the runner


def _periodic_minutes(job: PeriodicJob, config: Any) -> float:
    value = job.interval_minutes
    return float(config[value] if isinstance(value, str) else value)


class SchedulerRunner:
    """Heartbeat loop of one process: lead when it holds the lock, stand by otherwise."""

    def __init__(self, app: Flask, holder: str | None = None) -> None:
        self.app = app
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.scheduler: BackgroundScheduler | None = None
        self.heartbeat = float(app.config["SCHEDULER_HEARTBEAT_SECONDS"])
        with app.app_context():
            self.lock = make_lock(db.engine, self.holder, app.config["SCHEDULER_LEASE_SECONDS"])

    @property
    def is_leader(self) -> bool:
        return self.scheduler is not None

    def run(self, stop: threading.Event) -> None:
        try:
            while not stop.is_set():
                self.beat()
                stop.wait(self.heartbeat)
        finally:
            self.shutdown()

    def beat(self) -> None:
        with self.app.app_context():
            try:
                leader = self.lock.acquire()
            except SQLAlchemyError:
                log.exception("scheduler heartbeat failed")
                leader = False
            if leader and self.scheduler is None:
                self._lead()
            elif not leader and self.scheduler is not None:
                log.warning("scheduler %s lost the lock; standing by", self.holder)
                self._stop_scheduler()
                self._event(None, "standby", "lost the leader lock")
            if self.scheduler is not None:
                try:
                    self.reconcile()
                except SQLAlchemyError:
                    log.exception("scheduler reconcile failed")

    def _lead(self) -> None:
        global _context
        from netpolarna.netwalk.scanning import make_http_client

        config = self.app.config
        scheduler = BackgroundScheduler(
            jobstores={
                # An engine of its own, unpooled: the job store disposes of it on shutdown
                # while its loop may still be reading, which would strand pooled connections.
                "default": SQLAlchemyJobStore(
                    engine=create_engine(db.engine.url, poolclass=NullPool, hide_parameters=True),
                    tablename=JOBSTORE_TABLE,
                ),
                "memory": MemoryJobStore(),
            },
            executors={"default": ThreadPoolExecutor(int(config["SCHEDULER_MAX_WORKERS"]))},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": int(config["SCHEDULER_MISFIRE_GRACE_SECONDS"]),
            },
            timezone=config["TIMEZONE"],
        )
        _context = _JobContext(self.app, make_http_client(), scheduler)
        scheduler.add_listener(self._on_job_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        scheduler.start(paused=True)
        self.scheduler = scheduler
        self.reconcile()
        scheduler.add_job(
            drain_scan_queue,
            trigger=IntervalTrigger(seconds=float(config["SCHEDULER_QUEUE_SECONDS"])),
            id=QUEUE_JOB_ID,
            jobstore="memory",
            replace_existing=True,
            next_run_time=utcnow(),
        )
        scheduler.resume()
        log.info("scheduler %s is the active scheduler", self.holder)
        self._event(None, "leader", "took the leader lock")

    def reconcile(self) -> None:
        """Make the jobs match the sources table and the periodic-job registry."""
        from netpolarna.netwalk.models import Source

        scheduler = self.scheduler
        assert scheduler is not None
        config = self.app.config
        wanted: dict[str, tuple[Any, list[Any], float, datetime]] = {}
        now = utcnow()
        sources = list(db.session.scalars(select(Source).where(Source.enabled.is_(True))))
        for source in sources:
            seconds = source.interval_minutes * 60.0
            first = now
            if source.last_scan_at is not None:
                first = max(now, source.last_scan_at + timedelta(seconds=seconds))
            wanted[f"{SOURCE_PREFIX}{source.id}"] = (run_source_job, [source.id], seconds, first)
        for job in periodic_jobs():
            seconds = _periodic_minutes(job, config) * 60.0
            wanted[f"{PERIODIC_PREFIX}{job.id}"] = (
                run_periodic_job,
                [job.id],
                seconds,
                now + timedelta(seconds=seconds),
            )
        existing = {job.id: job for job in scheduler.get_jobs(jobstore="default")}
        for job_id in existing.keys() - wanted.keys():
            scheduler.remove_job(job_id, jobstore="default")
        for job_id, (target, args, seconds, first) in wanted.items():
            current = existing.get(job_id)
            interval = getattr(getattr(current, "trigger", None), "interval", None)
            if current is not None and interval == timedelta(seconds=seconds):
                continue  # keep the stored next run time
            scheduler.add_job(
                target,
                trigger=IntervalTrigger(seconds=seconds),
                args=args,
                id=job_id,
                jobstore="default",
                replace_existing=True,
                next_run_time=first,
            )
        self._reconcile_retries(sources)

    def _reconcile_retries(self, sources: list[Any]) -> None:
        scheduler = self.scheduler
        assert scheduler is not None
        due = {
            f"{RETRY_PREFIX}{s.id}": (s.id, s.next_retry_at)
            for s in sources
            if s.consecutive_failures and s.next_retry_at is not None
        }
        for job in scheduler.get_jobs(jobstore="memory"):
            if job.id.startswith(RETRY_PREFIX) and job.id not in due:
                scheduler.remove_job(job.id, jobstore="memory")
        for job_id, (source_id, when) in due.items():
            current = scheduler.get_job(job_id, jobstore="memory")
            if current is not None and getattr(current.trigger, "run_date", None) == when:
                continue
            scheduler.add_job(
                run_retry_job,
                trigger=DateTrigger(run_date=max(when, utcnow())),
                args=[source_id],
                id=job_id,
                jobstore="memory",
                replace_existing=True,
            )

    def _on_job_event(self, event: JobExecutionEvent) -> None:
        kind = "missed" if event.code == EVENT_JOB_MISSED else "error"
        detail = (
            f"{type(event.exception).__name__}: {event.exception}"[:2000]
            if event.exception is not None
            else "did not run within the misfire grace time"
        )
        with self.app.app_context():
            self._event(event.job_id, kind, detail, event.scheduled_run_time)
            if kind == "missed" and str(event.job_id).startswith(SOURCE_PREFIX):
                from netpolarna.netwalk.scanning import record_missed

                source_id = int(str(event.job_id).removeprefix(SOURCE_PREFIX))
                record_missed(source_id, event.scheduled_run_time, detail)

    def _event(
        self,
        job_id: str | None,
        kind: str,
        detail: str,
        scheduled: datetime | None = None,
    ) -> None:
        from netpolarna.netwalk.models import SchedulerEvent

        db.session.add(
            SchedulerEvent(
                job_id=job_id,
                kind=kind,
                holder=self.holder,
                scheduled_run_time=scheduled,
                detail=detail,
            )
        )
        db.session.commit()

    def _stop_scheduler(self) -> None:
        global _context
        if self.scheduler is None:
            return
        # APScheduler's loop removes a finished one-off job (a retry) under its job-store
        # lock, but looks for it only among pending jobs once the state says stopped: a
        # shutdown in that moment made the loop raise JobLookupError. Pause first, then wait
        # for a pass in progress (get_jobs takes the same lock), then stop.
        self.scheduler.pause()
        self.scheduler.get_jobs()
        self.scheduler.shutdown(wait=False)
        if _context is not None and _context.scheduler is self.scheduler:
            _context.http.close()
            _context = None
        self.scheduler = None

    def shutdown(self) -> None:
        with self.app.app_context():
            was_leader = self.is_leader
            self._stop_scheduler()
            try:
                self.lock.release()
            except SQLAlchemyError:
                log.exception("could not release the scheduler lock")
            if was_leader:
                self._event(None, "standby", "stopped")


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the scheduler in the foreground until SIGTERM or SIGINT (one active per database)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    stop = threading.Event()

    def request_stop(signum: int, _frame: Any) -> None:
        log.info("scheduler stopping on signal %s", signum)
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    _prepare_process()
    runner = SchedulerRunner(app)
    click.echo(f"scheduler {runner.holder} started; stop with Ctrl-C")
    try:
        runner.run(stop)
    finally:
        from netpolarna.netwalk import prepare_worker

        prepare_worker.stop()


def _prepare_process() -> None:
    """This process runs the scans: start the batch preparation process and load the models
    before contending for the lead (a standby needs them the moment it takes over)."""
    from netpolarna.netwalk.scanning import prepare_scanning_process

    try:
        prepare_scanning_process()
    except Exception:  # scans load what they need themselves
        log.exception("could not load the models ahead of the first scan")
