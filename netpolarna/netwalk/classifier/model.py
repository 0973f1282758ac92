"""The trained classifier as loaded from a versioned artefact, with a pure batched `predict`."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np

from netpolarna.netwalk.classifier.corpus import LABELS, TARGETS
from netpolarna.netwalk.classifier.features import FeaturePipeline
from netpolarna.netwalk.language import detect_language, normalise_language_code

MODEL_FILENAME = "model.joblib"
TARGET_THRESHOLD = 0.5
# Scores are rounded for the JSON contract; 6 decimals keep the four summing to 1 within 1e-5.
_DECIMALS = 6


@dataclass(frozen=True, slots=True)
class Prediction:
    label: str
    scores: dict[str, float]
    threat: float
    targets: list[str]
    lang: str

    def to_dict(self) -> dict[str, Any]:
        """Exactly the `netpolarna classify` contract (without the id)."""
        return {
            "label": self.label,
            "scores": dict(self.scores),
            "threat": self.threat,
            "targets": list(self.targets),
            "lang": self.lang,
        }


class StackedLogistic:
    """Several binary logistic models as one weight matrix: one sparse product per batch
    instead of one validated `predict_proba` call per target (4x faster at prediction)."""

    def __init__(self, coef: np.ndarray, intercept: np.ndarray) -> None:
        self.coef = np.ascontiguousarray(coef.T)  # (features, outputs)
        self.intercept = intercept

    @classmethod
    def from_one_vs_rest(cls, model: Any) -> StackedLogistic:
        rows, intercepts = [], []
        for estimator in model.estimators_:
            if hasattr(estimator, "coef_"):
                rows.append(np.ravel(estimator.coef_))
                intercepts.append(float(np.ravel(estimator.intercept_)[0]))
            else:  # a target that was always (or never) present in training: a constant
                width = rows[0].shape[0] if rows else model.n_features_in_
                rows.append(np.zeros(width))
                intercepts.append(30.0 if np.ravel(estimator.y_)[0] else -30.0)
        return cls(np.vstack(rows), np.array(intercepts))

    def predict_proba(self, matrix: Any) -> np.ndarray:
        logits = np.asarray(matrix @ self.coef) + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))


class Classifier:
    """Feature pipeline + label, threat and target models. Holds no per-call state."""

    def __init__(
        self,
        *,
        features: FeaturePipeline,
        label_model: Any,
        threat_model: Any,
        target_model: Any,
        target_names: Sequence[str] = TARGETS,
        target_threshold: float = TARGET_THRESHOLD,
        version: str = "",
    ) -> None:
        self.features = features
        self.label_model = label_model
        self.threat_model = threat_model
        self.target_model = target_model
        self.target_names = tuple(target_names)
        self.target_threshold = target_threshold
        self.version = version

    @staticmethod
    def resolve_languages(texts: Sequence[str], langs: Sequence[str | None] | None) -> list[str]:
        """Given languages are normalised ("no" -> "nb"); missing ones are detected."""
        if langs is None:
            langs = [None] * len(texts)
        if len(langs) != len(texts):
            raise ValueError("texts and langs must have the same length")
        resolved = []
        for text, lang in zip(texts, langs, strict=True):
            given = normalise_language_code(lang)
            resolved.append(given if given else detect_language(text))
        return resolved

    def predict_arrays(
        self, texts: Sequence[str], langs: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(label probabilities in LABELS order, threat probability, target probabilities)."""
        matrix = self.features.transform(texts, langs)
        label_proba = np.asarray(self.label_model.predict_proba(matrix))
        order = [list(self.label_model.classes_).index(label) for label in LABELS]
        label_proba = label_proba[:, order]
        threat = np.asarray(self.threat_model.predict_proba(matrix))[:, 1]
        targets = np.asarray(self.target_model.predict_proba(matrix))
        return label_proba, threat, targets

    def predict(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[Prediction]:
        if not texts:
            return []
        resolved = self.resolve_languages(texts, langs)
        label_proba, threat, targets = self.predict_arrays(texts, resolved)
        predictions = []
        for i, lang in enumerate(resolved):
            row = np.round(label_proba[i], _DECIMALS)
            label = LABELS[int(np.argmax(label_proba[i]))]
            # A neutral message names no target: mentioning a group is not attacking it.
            hit = [] if label == "neutral" else [
                name for name, p in zip(self.target_names, targets[i], strict=True)
                if p >= self.target_threshold
            ]  # fmt: skip
            predictions.append(
                Prediction(
                    label=label,
                    scores={name: float(p) for name, p in zip(LABELS, row, strict=True)},
                    threat=float(round(threat[i], _DECIMALS)),
                    targets=hit,
                    lang=lang,
                )
            )
        return predictions


class ModelLoadError(RuntimeError):
    """The artefact is missing or is not a classifier."""


_cache: dict[tuple[str, int], Classifier] = {}
_cache_lock = threading.Lock()


def _artefact_file(path: str | os.PathLike[str]) -> Path:
    path = Path(path)
    return path / MODEL_FILENAME if path.is_dir() else path


def load_model(path: str | os.PathLike[str]) -> Classifier:
    """Load a model folder (or its model.joblib) once; later calls hit a cache keyed by mtime."""
    file = _artefact_file(path)
    try:
        stat = file.stat()
    except FileNotFoundError as exc:
        raise ModelLoadError(f"no model at {file}") from exc
    key = (str(file.resolve()), stat.st_mtime_ns)
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None:
            return cached
        classifier = joblib.load(file)
        if not isinstance(classifier, Classifier):
            raise ModelLoadError(f"{file} does not hold a classifier")
        # Only the newest version of each file is worth keeping in memory.
        for stale in [k for k in _cache if k[0] == key[0]]:
            del _cache[stale]
        _cache[key] = classifier
        return classifier
