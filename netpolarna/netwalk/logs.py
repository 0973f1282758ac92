"""Manual net-walk sessions: staff note where they walked, what they saw, which threads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from netpolarna.accounts.models import User
from netpolarna.accounts.roles import Role
from netpolarna.common.pagination import Page, SortKey, paginate
from netpolarna.db import db
from netpolarna.errors import Forbidden, NotFound, ValidationFailed
from netpolarna.netwalk.models import NetwalkLog, Thread

_UNSET: Any = object()


def _checked_threads(thread_ids: Sequence[int]) -> list[int]:
    wanted = sorted(set(thread_ids))
    if not wanted:
        return []
    found = set(db.session.scalars(select(Thread.id).where(Thread.id.in_(wanted))))
    missing = [i for i in wanted if i not in found]
    if missing:
        raise ValidationFailed(errors={"thread_ids": [f"Unknown thread ids: {missing}."]})
    return wanted


def _checked_times(started_at: datetime, ended_at: datetime | None) -> None:
    if ended_at is not None and ended_at < started_at:
        raise ValidationFailed(errors={"ended_at": ["Must not be before started_at."]})


def _platforms(platforms: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(p.strip() for p in platforms if p.strip()))


def create_log(
    *,
    actor: User,
    platforms: Sequence[str],
    started_at: datetime,
    ended_at: datetime | None = None,
    observations: str = "",
    thread_ids: Sequence[int] = (),
) -> NetwalkLog:
    _checked_times(started_at, ended_at)
    entry = NetwalkLog(
        author_id=actor.id,
        platforms=_platforms(platforms),
        started_at=started_at,
        ended_at=ended_at,
        observations=observations,
        thread_ids=_checked_threads(thread_ids),
    )
    db.session.add(entry)
    db.session.commit()
    return entry


def get_log(log_id: int) -> NetwalkLog:
    entry = db.session.get(NetwalkLog, log_id)
    if entry is None:
        raise NotFound(code="netwalk_log_not_found")
    return entry


def list_logs(
    *,
    author_id: int | None,
    cursor: str | None,
    limit: int,
) -> Page[NetwalkLog]:
    """Newest session first."""
    stmt = select(NetwalkLog)
    if author_id is not None:
        stmt = stmt.where(NetwalkLog.author_id == author_id)
    keys = [SortKey(NetwalkLog.started_at, descending=True), SortKey(NetwalkLog.id, True)]
    return paginate(stmt, keys, lambda e: [e.started_at, e.id], cursor=cursor, limit=limit)


def _may_change(entry: NetwalkLog, actor: User) -> None:
    if actor.role != Role.ADMIN and entry.author_id != actor.id:
        raise Forbidden(
            code="not_log_author", detail="Only its author or an admin may change a log."
        )


def update_log(
    log_id: int,
    *,
    actor: User,
    platforms: Sequence[str] = _UNSET,
    started_at: datetime = _UNSET,
    ended_at: datetime | None = _UNSET,
    observations: str = _UNSET,
    thread_ids: Sequence[int] = _UNSET,
) -> NetwalkLog:
    entry = get_log(log_id)
    _may_change(entry, actor)
    new_start = entry.started_at if started_at is _UNSET else started_at
    new_end = entry.ended_at if ended_at is _UNSET else ended_at
    _checked_times(new_start, new_end)
    entry.started_at, entry.ended_at = new_start, new_end
    if platforms is not _UNSET:
        entry.platforms = _platforms(platforms)
    if observations is not _UNSET:
        entry.observations = observations
    if thread_ids is not _UNSET:
        entry.thread_ids = _checked_threads(thread_ids)
    db.session.commit()
    return entry


def delete_log(log_id: int, *, actor: User) -> None:
    entry = get_log(log_id)
    _may_change(entry, actor)
    db.session.delete(entry)
    db.session.commit()
