"""The background scheduler: one active instance however many processes start one.

Every process that runs `netpolarna scheduler` (or `netpolarna serve`, which starts it as a child)
loops on a heartbeat. Each beat it tries to take or keep the leader lock: a PostgreSQL advisory
lock held on a dedicated connection (released by the server when the process dies), or elsewhere
a lease row renewed by the heartbeat and taken over once it expires. Only the leader runs an
APScheduler `BackgroundScheduler`, whose jobs live in the app's database (fixed ids,
`replace_existing`, coalesce, `max_instances=1`, explicit misfire grace, the configured zone):

- `periodic:<id>`       - the jobs domains declare in `common/jobs.py`;
- the jobs a domain registers with `register_domain_jobs` (the net-walker's scans: see
  `netwalk/jobs.py`), asked for again on every beat, so changes take effect within seconds.

This module knows no domain: a domain says which jobs it wants (`DomainJobs.wanted`), what
its process needs before it may lead, and what to do about a missed run. Job errors and missed
runs are written to `scheduler_events`.
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
from collections.abc import Callable
from dataclasses import dataclass
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
from netpolarna.common.settings import apply, settings
from netpolarna.db import db, utcnow
from netpolarna.scheduler_models import SchedulerEvent, SchedulerLease

log = logging.getLogger(__name__)

LOCK_NAME = "scheduler"
ADVISORY_KEY = 0x4E6574706F6C  # "Netpol"
JOBSTORE_TABLE = "apscheduler_jobs"
PERIODIC_PREFIX = "periodic:"

# The scheduler's own settings, each overridable as NETPOLARNA_<NAME> or in the app's config.
SETTINGS = settings(
    {
        "SCHEDULER_HEARTBEAT_SECONDS": 5.0,
        "SCHEDULER_LEASE_SECONDS": 30.0,
        "SCHEDULER_MISFIRE_GRACE_SECONDS": 300,
        "SCHEDULER_MAX_WORKERS": 4,
    }
)


def init_app(app: Flask) -> None:
    apply(app, SETTINGS)


# ---------------------------------------------------------------- what domains register


@dataclass(frozen=True)
class ScheduledJob:
    """One job a domain wants: an interval job, or (`seconds` None) one run at `first`."""

    id: str
    func: Callable[..., None]  # module level: the database job store keeps it by import path
    args: list[Any]
    seconds: float | None
    first: datetime
    persistent: bool = True  # the database job store; False: memory (gone with the process)


@dataclass(frozen=True)
class DomainJobs:
    """What one domain asks of the scheduler. Each hook runs in the scheduler's process."""

    name: str
    # The jobs wanted now (leader only, each beat, in an app context).
    wanted: Callable[[], list[ScheduledJob]]
    # Memory-store jobs with these id prefixes are removed when no longer wanted.
    reconciled_prefixes: tuple[str, ...] = ()
    prepare_process: Callable[[], None] | None = None  # before contending for the lead
    stop_process: Callable[[], None] | None = None  # when the scheduler command ends
    on_lead: Callable[[], None] | None = None  # this process took the lead
    on_standby: Callable[[], None] | None = None  # ... and gave it up
    # A persistent job of this domain missed its time: (job id, scheduled time, detail).
    on_missed: Callable[[str, datetime | None, str], None] | None = None


_domains: dict[str, DomainJobs] = {}


def register_domain_jobs(jobs: DomainJobs) -> DomainJobs:
    _domains[jobs.name] = jobs
    return jobs


def domain_jobs() -> list[DomainJobs]:
    return [_domains[name] for name in sorted(_domains)]


# ---------------------------------------------------------------- the leader lock


class LeaseLock:
    """A lease row: the holder renews it each heartbeat; anyone may take it once it expired."""

    def __init__(self, engine: Engine, holder: str, ttl_seconds: float) -> None:
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
    scheduler: BackgroundScheduler


_context: _JobContext | None = None


def _ctx() -> _JobContext:
    if _context is None:
        raise RuntimeError("the scheduler is not running in this process")
    return _context


def job_app() -> Flask:
    """The app whose scheduler runs the calling job."""
    return _ctx().app


def run_once_now(job_id: str, func: Callable[..., None], args: list[Any]) -> None:
    """Run `func(*args)` once, now, beside the other jobs (in memory; replaces one of that id)."""
    _ctx().scheduler.add_job(
        func,
        trigger=DateTrigger(run_date=utcnow()),
        args=args,
        id=job_id,
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
        _context = _JobContext(self.app, scheduler)
        for domain in domain_jobs():
            if domain.on_lead is not None:
                domain.on_lead()
        scheduler.add_listener(self._on_job_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        scheduler.start(paused=True)
        self.scheduler = scheduler
        self.reconcile()
        scheduler.resume()
        log.info("scheduler %s is the active scheduler", self.holder)
        self._event(None, "leader", "took the leader lock")

    def reconcile(self) -> None:
        """Make the jobs match what the domains want and the periodic-job registry."""
        scheduler = self.scheduler
        assert scheduler is not None
        config = self.app.config
        now = utcnow()
        wanted: dict[str, ScheduledJob] = {}
        for periodic in periodic_jobs():
            seconds = _periodic_minutes(periodic, config) * 60.0
            job_id = f"{PERIODIC_PREFIX}{periodic.id}"
            first = now + timedelta(seconds=seconds)
            wanted[job_id] = ScheduledJob(job_id, run_periodic_job, [periodic.id], seconds, first)
        prefixes: list[str] = []
        for domain in domain_jobs():
            wanted.update((one.id, one) for one in domain.wanted())
            prefixes.extend(domain.reconciled_prefixes)
        stored = {job.id: job for job in scheduler.get_jobs(jobstore="default")}
        for job_id in stored.keys() - {i for i, j in wanted.items() if j.persistent}:
            scheduler.remove_job(job_id, jobstore="default")
        for held in scheduler.get_jobs(jobstore="memory"):
            if held.id.startswith(tuple(prefixes)) and held.id not in wanted:
                scheduler.remove_job(held.id, jobstore="memory")
        for job_id, job in wanted.items():
            store = "default" if job.persistent else "memory"
            current = scheduler.get_job(job_id, jobstore=store)
            trigger = getattr(current, "trigger", None)
            if job.seconds is None:
                if current is not None and getattr(trigger, "run_date", None) == job.first:
                    continue
                scheduler.add_job(
                    job.func,
                    trigger=DateTrigger(run_date=max(job.first, utcnow())),
                    args=job.args,
                    id=job_id,
                    jobstore=store,
                    replace_existing=True,
                )
                continue
            interval = getattr(trigger, "interval", None)
            if current is not None and interval == timedelta(seconds=job.seconds):
                continue  # keep the stored next run time
            scheduler.add_job(
                job.func,
                trigger=IntervalTrigger(seconds=job.seconds),
                args=job.args,
                id=job_id,
                jobstore=store,
                replace_existing=True,
                next_run_time=job.first,
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
            if kind == "missed":
                for domain in domain_jobs():
                    if domain.on_missed is not None:
                        domain.on_missed(str(event.job_id), event.scheduled_run_time, detail)

    def _event(
        self,
        job_id: str | None,
        kind: str,
        detail: str,
        scheduled: datetime | None = None,
    ) -> None:
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
            _context = None
            for domain in domain_jobs():
                if domain.on_standby is not None:
                    domain.on_standby()
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
        for domain in domain_jobs():
            if domain.stop_process is not None:
                domain.stop_process()


def _prepare_process() -> None:
    """Ready this process for the jobs before contending for the lead (a standby needs them the
    moment it takes over): each domain's `prepare_process`."""
    for domain in domain_jobs():
        if domain.prepare_process is None:
            continue
        try:
            domain.prepare_process()
        except Exception:  # the jobs load what they need themselves
            log.exception("could not prepare the process for the %s jobs", domain.name)
