"""Sources and scan runs as staff manage them through the API."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import current_app
from marshmallow import ValidationError
from sqlalchemy import select

from netpolarna.accounts.models import User
from netpolarna.audit import service as audit
from netpolarna.common.pagination import Page, SortKey, paginate
from netpolarna.db import db
from netpolarna.errors import NotFound, ValidationFailed
from netpolarna.netwalk.connectors import validate_config
from netpolarna.netwalk.connectors.outbound import OutboundRefused, policy_from_config
from netpolarna.netwalk.models import ScanRun, Source

_UNSET: Any = object()


def _checked_config(kind: str, config: Mapping[str, Any]) -> dict[str, Any]:
    """The config normalised by the connector's own schema (422 with per-field errors)."""
    try:
        checked = validate_config(kind, config)
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        if set(messages) == {"kind"} or set(messages) == {"config"}:
            raise ValidationFailed(errors=messages) from exc
        raise ValidationFailed(
            detail=f"The config is not valid for a {kind} source.", errors={"config": messages}
        ) from exc
    if kind == "jsonl":
        _check_jsonl_root(str(checked["path"]))
    _check_public_address(checked)
    return checked


URL_FIELDS = ("url", "base_url")


def _check_public_address(config: Mapping[str, Any]) -> None:
    """A remote source may only point at a public address (or one in OUTBOUND_ALLOW).

    Checked again on every connection of every scan, since a name can resolve differently
    later; this check gives staff a clear answer when they save the source.
    """
    policy = policy_from_config(current_app.config)
    for name in URL_FIELDS:
        if name not in config:
            continue
        try:
            policy.check_url(str(config[name]))
        except OutboundRefused as exc:
            raise ValidationFailed(
                detail="Sources may only fetch from public internet addresses, or from the "
                "hosts and networks in NETPOLARNA_OUTBOUND_ALLOW.",
                errors={"config": {name: ["Not a public internet address."]}},
            ) from exc


def _check_jsonl_root(path: str) -> None:
    """A JSONL source reads only under the configured roots, never any file on the server."""
    target = Path(path).resolve()
    roots = [Path(root).resolve() for root in current_app.config["JSONL_ROOTS"]]
    if not any(target == root or target.is_relative_to(root) for root in roots):
        raise ValidationFailed(
            detail="JSONL sources may only read under the folders in NETPOLARNA_JSONL_ROOTS.",
            errors={"config": {"path": ["Not under an allowed folder."]}},
        )


def _audit(actor: User | None, action: str, source: Source, **detail: Any) -> None:
    audit.actor_did(actor, action, "source", source.id, detail)


def create_source(
    *,
    name: str,
    kind: str,
    config: Mapping[str, Any],
    interval_minutes: int = 60,
    enabled: bool = True,
    actor: User | None = None,
) -> Source:
    source = Source(
        name=name.strip(),
        kind=kind,
        config=_checked_config(kind, config),
        interval_minutes=interval_minutes,
        enabled=enabled,
        state={},
        consecutive_failures=0,
    )
    db.session.add(source)
    db.session.flush()
    _audit(actor, "source.create", source, kind=kind)
    db.session.commit()
    return source


def get_source(source_id: int) -> Source:
    source = db.session.get(Source, source_id)
    if source is None:
        raise NotFound(code="source_not_found")
    return source


def list_sources(
    *, kind: str | None, enabled: bool | None, cursor: str | None, limit: int
) -> Page[Source]:
    stmt = select(Source)
    if kind is not None:
        stmt = stmt.where(Source.kind == kind)
    if enabled is not None:
        stmt = stmt.where(Source.enabled.is_(enabled))
    return paginate(stmt, [SortKey(Source.id)], lambda s: [s.id], cursor=cursor, limit=limit)


def update_source(
    source_id: int,
    *,
    actor: User | None = None,
    name: str = _UNSET,
    kind: str = _UNSET,
    config: Mapping[str, Any] = _UNSET,
    interval_minutes: int = _UNSET,
    enabled: bool = _UNSET,
) -> Source:
    """Change a source. A new kind or config starts its checkpoint afresh (dedup keeps it safe)."""
    source = get_source(source_id)
    new_kind = source.kind if kind is _UNSET else kind
    changed: list[str] = []
    if kind is not _UNSET or config is not _UNSET:
        new_config = _checked_config(new_kind, source.config if config is _UNSET else config)
    if (kind is not _UNSET or config is not _UNSET) and (
        new_kind != source.kind or new_config != source.config
    ):
        source.config = new_config
        source.kind = new_kind
        source.state = {}
        changed += ["kind", "config"]
    if name is not _UNSET:
        source.name = name.strip()
        changed.append("name")
    if interval_minutes is not _UNSET:
        source.interval_minutes = interval_minutes
        changed.append("interval_minutes")
    if enabled is not _UNSET:
        source.enabled = enabled
        if enabled:  # switching a source back on gives it a clean slate
            source.consecutive_failures, source.next_retry_at = 0, None
        changed.append("enabled")
    _audit(actor, "source.update", source, fields=sorted(set(changed)))
    db.session.commit()
    return source


def delete_source(source_id: int, *, actor: User | None = None) -> None:
    """Remove a source with its threads, messages and scan runs."""
    source = get_source(source_id)
    _audit(actor, "source.delete", source, kind=source.kind)
    db.session.delete(source)
    db.session.commit()


def request_scan(source_id: int, *, actor: User | None = None) -> ScanRun:
    """Queue a scan for the scheduler; a scan already waiting for the source is returned."""
    source = get_source(source_id)
    waiting = db.session.scalar(
        select(ScanRun).where(ScanRun.source_id == source.id, ScanRun.status == "queued")
    )
    if waiting is not None:
        return waiting
    run = ScanRun(
        source_id=source.id,
        status="queued",
        trigger="api",
        requested_by_id=actor.id if actor else None,
    )
    db.session.add(run)
    db.session.commit()
    return run


def get_scan(run_id: int) -> ScanRun:
    run = db.session.get(ScanRun, run_id)
    if run is None:
        raise NotFound(code="scan_not_found")
    return run


def list_scans(
    *, source_id: int | None, status: str | None, cursor: str | None, limit: int
) -> Page[ScanRun]:
    """Newest first."""
    stmt = select(ScanRun)
    if source_id is not None:
        stmt = stmt.where(ScanRun.source_id == source_id)
    if status is not None:
        stmt = stmt.where(ScanRun.status == status)
    return paginate(
        stmt, [SortKey(ScanRun.id, descending=True)], lambda r: [r.id], cursor=cursor, limit=limit
    )
