"""Where each rollup family stands, and the token that names its current version."""

from __future__ import annotations

from sqlalchemy import select

from netpolarna.analytics.models import RollupState
from netpolarna.db import db, utcnow

FAMILIES = ("messages", "flags", "reports")


def current_state(name: str) -> RollupState:
    state = db.session.get(RollupState, name)
    if state is None:
        state = RollupState(name=name, watermark=0, fingerprint="", version=0)
        db.session.add(state)
        db.session.flush()
    return state


def changed(state: RollupState) -> None:
    state.version += 1
    state.changed_at = utcnow()  # the wall clock: unique even when a run is given its `now`


def versions() -> dict[str, str]:
    """A token per family that changes whenever its rollups change (caches key on it)."""
    rows = db.session.execute(
        select(RollupState.name, RollupState.version, RollupState.changed_at)
    ).tuples()
    found = {name: f"{version}@{changed_at}" for name, version, changed_at in rows}
    return {name: found.get(name, "0") for name in FAMILIES}
