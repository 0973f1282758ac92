"""Keeping the rollups up to date: a periodic job (`refresh_rollups`) and a full `rebuild`.

Messages are maintained incrementally (a watermark on the id for new messages, dirty days for
edits and new scores; see `rollup_messages` for how purges are treated); flags and youth reports
are recomputed whole when their table changed. Every change bumps the family's `version`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from netpolarna.analytics import rollup_cases, rollup_messages
from netpolarna.analytics.models import RollupState
from netpolarna.common.jobs import PeriodicJob, register_periodic_job
from netpolarna.db import utcnow
from netpolarna.extensions import db

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


def _state(name: str) -> RollupState:
    state = db.session.get(RollupState, name)
    if state is None:
        state = RollupState(name=name, watermark=0, fingerprint="", version=0)
        db.session.add(state)
        db.session.flush()
    return state


def versions() -> dict[str, str]:
    """A token per family that changes whenever its rollups change (caches key on it)."""
    rows = db.session.execute(
        select(RollupState.name, RollupState.version, RollupState.updated_at)
    ).tuples()
    found = {name: f"{version}@{updated_at}" for name, version, updated_at in rows}
    url = str(db.engine.url)
    return {name: f"{url}#{found.get(name, '0')}" for name in FAMILIES}


def refresh_rollups(now: datetime | None = None) -> RefreshResult:
    """The periodic job: add new messages, recompute changed open days, flags and reports."""
    now = now or utcnow()
    result = RefreshResult()
    state = _state("messages")
    if state.last_run_at is None:
        db.session.commit()
        return rebuild(now)
    previous = int(state.watermark)
    upto = rollup_messages.settled_upper(now, previous)
    first_open = rollup_messages.open_from(now)
    dirty = rollup_messages.changed_days(state.last_run_at - DIRTY_OVERLAP, previous, first_open)
    result.recomputed_days = rollup_messages.recompute_days(dirty, previous)
    result.new_days = rollup_messages.add_new(previous, upto)
    state.watermark = max(previous, upto)
    state.last_run_at = now
    if result.recomputed_days or result.new_days:
        state.version += 1
    result.watermark = int(state.watermark)
    _refresh_cases(now, result, force=False)
    db.session.commit()
    return result


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
            state.version += 1
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
    state.version += 1
    result.watermark = int(state.watermark)
    _refresh_cases(now, result, force=True)
    db.session.commit()
    log.info("analytics: rollups rebuilt up to message %s", result.watermark)
    return result
