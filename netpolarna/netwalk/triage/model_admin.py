"""Admin view of the classifier's versions: list with metrics, activate, roll back.

The registry (`netwalk.classifier.registry`) owns the files; this module adds the audit trail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app

from netpolarna.accounts.models import User
from netpolarna.audit.service import actor_did
from netpolarna.db import db
from netpolarna.errors import Conflict, NotFound
from netpolarna.netwalk.classifier import registry


def _instance() -> str:
    return current_app.instance_path


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True, slots=True)
class ModelVersion:
    """A trained version as its files describe it (`ModelVersionSchema` dumps it)."""

    version: str
    active: bool
    trained_at: str | None
    metrics: dict[str, Any]  # held-out and blind-set figures written at training
    sources: list[str]  # the training data's sources


def describe(version: str) -> ModelVersion:
    folder = registry.models_dir(_instance()) / version
    metrics = _read_json(folder / "metrics.json")
    training = _read_json(folder / "training_data.json")
    return ModelVersion(
        version=version,
        active=registry.active_version(_instance()) == version,
        trained_at=metrics.pop("trained_at", None),
        metrics={k: v for k, v in metrics.items() if k not in {"version", "seed"}},
        sources=list(training.get("sources", [])),
    )


def list_models() -> list[ModelVersion]:
    """Every version, newest first, with its held-out metrics."""
    return [describe(v) for v in reversed(registry.list_versions(_instance()))]


def _audit(actor: User, action: str, version: str, previous: str | None) -> None:
    actor_did(actor, action, "model", version, {"previous": previous})
    db.session.commit()


def activate_model(version: str, actor: User) -> ModelVersion:
    previous = registry.active_version(_instance())
    try:
        registry.activate(_instance(), version)
    except registry.RegistryError as exc:
        raise NotFound(detail=str(exc), code="model_not_found") from exc
    _audit(actor, "model.activated", version, previous)
    return describe(version)


def rollback_model(actor: User) -> ModelVersion:
    previous = registry.active_version(_instance())
    try:
        version = registry.rollback(_instance())
    except registry.RegistryError as exc:
        raise Conflict(detail=str(exc), code="no_previous_model") from exc
    _audit(actor, "model.rolled_back", version, previous)
    return describe(version)
