"""Keeping the rollups up to date: a periodic job (`refresh_rollups`) and a full `rebuild`.

Messages are maintained incrementally (a watermark on the id for new messages, dirty days for
edits and new scores; see `rollup_messages` for how purges are treated); flags and youth reports
are recomputed whole when their table changed. Every change bumps the family's `version`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from netpolarna.analytics import cubes, rollup_cases, rollup_messages
from netpolarna.analytics.state import changed as _changed
from netpolarna.analytics.state import current_state as _state
from netpolarna.analytics.state import versions
from netpolarna.common.jobs import PeriodicJob, register_periodic_job
from netpolarna.db import db, utcnow

log = logging.getLogger(__name__)
FAMILIES = ("messages", "flags", "reports")
# Edits and scores committed shortly before the previous run may carry earlier timestamps.
DIRTY_OVERLAP = timedelta(minutes=10)

ROLLUP_JOB = register_periodic_job(
    PeriodicJob(
        id="analytics:rollups",
        func="netpolarna.analytics.rollups:refresh_rollups",
        interval_minutes="ANALYTICS_REFRESH_MINUTES",
        description="Bring the digital city map's rollups up to date.",
    )
)


@dataclass
class RefreshResult:
    new_days: int = 0
    recomputed_days: int = 0
    watermark: int = 0
    recomputed: list[str] = field(default_factory=list)


def refresh_rollups(now: datetime | None = None) -> RefreshResult:
    """The periodic job: add new messages, recompute changed open days, flags and reports."""
    now = now or utcnow()
    result = RefreshResult()
    state = _state("messages")
    if state.last_run_at is None:
        db.session.commit()
        return rebuild(now)
    before = versions()["messages"]
    previous = int(state.watermark)
    upto = rollup_messages.settled_upper(now, previous)
    first_open = rollup_messages.open_from(now)
    dirty = rollup_messages.changed_days(state.last_run_at - DIRTY_OVERLAP, previous, first_open)
    refreshed = rollup_messages.refresh(dirty, previous, upto)
    result.recomputed_days, result.new_days = refreshed.recomputed_days, refreshed.new_days
    state.watermark = max(previous, upto)
    state.last_run_at = now
    unchanged = {}
    if result.recomputed_days or result.new_days:
        _changed(state)
        result.recomputed.append("messages")
        touched = cubes.families_reading("messages", refreshed.dimensions)
        unchanged["messages"] = (before, [f for f in cubes.MESSAGE_FAMILIES if f not in touched])
    result.watermark = int(state.watermark)
    _refresh_cases(now, result, force=False)
    publish(result.recomputed, unchanged)
    db.session.commit()
    return result


def publish(tables: list[str], unchanged: dict[str, tuple[str, list[str]]] | None = None) -> None:
    """Compute the suppression of every family of the changed tables and store it, so that
    requests only read it. On PostgreSQL in the same transaction as the new rollups (readers
    see both or neither; nothing else writes these tables). SQLite has one writer for the
    whole file, so there the rollups are committed first, and the suppression, computed from
    them, in a short second transaction; a request in between computes it itself.
    `unchanged`: see `cubes.store_snapshots`."""
    if not tables:
        return
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.commit()
    else:
        db.session.flush()
    cubes.store_snapshots(tables, unchanged or {})


def _refresh_cases(now: datetime, result: RefreshResult, force: bool) -> None:
    for name, fingerprint, recompute in (
        ("flags", rollup_cases.flag_fingerprint, rollup_cases.recompute_flags),
        ("reports", rollup_cases.report_fingerprint, rollup_cases.recompute_reports),
    ):
        state = _state(name)
        current = fingerprint()
        if force or current != state.fingerprint:
            recompute()
            state.fingerprint = current
            _changed(state)
            result.recomputed.append(name)
        state.last_run_at = now


def rebuild(now: datetime | None = None, include_sealed: bool = False) -> RefreshResult:
    """Recompute the rollups from the source tables (sealed message days kept unless
    `include_sealed`); the result then continues incrementally from here."""
    now = now or utcnow()
    result = RefreshResult()
    state = _state("messages")
    state.watermark = rollup_messages.rebuild(now, include_sealed=include_sealed)
    state.last_run_at = now
    _changed(state)
    result.watermark = int(state.watermark)
    _refresh_cases(now, result, force=True)
    result.recomputed.append("messages")
    publish(result.recomputed)
    db.session.commit()
    log.info("analytics: rollups rebuilt up to message %s", result.watermark)
    return result
