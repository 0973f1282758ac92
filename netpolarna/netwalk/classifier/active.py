"""The active model from the registry, as scoring uses it, with or without an app."""

from __future__ import annotations

import logging

from netpolarna.netwalk.classifier import registry
from netpolarna.netwalk.classifier.model import Classifier, ModelLoadError, Prediction, load_model

log = logging.getLogger(__name__)


def active_classifier(instance_path: str) -> Classifier | None:
    """The active model under `instance_path`, or None while none is trained."""
    try:
        return load_model(registry.active_model_path(instance_path))
    except (registry.RegistryError, ModelLoadError) as exc:
        log.debug("no classifier: %s", exc)
        return None


def hostility(prediction: Prediction) -> float:
    """The stored hostility score: P(hateful) + P(offensive)."""
    return round(prediction.scores["hateful"] + prediction.scores["offensive"], 6)
