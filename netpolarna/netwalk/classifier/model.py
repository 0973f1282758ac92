"""The trained classifier as loaded from a versioned artefact, with a pure batched `predict`."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import LabelEncoder

from netpolarna.netwalk.classifier.corpus import LABELS, TARGETS
from netpolarna.netwalk.classifier.features import FeaturePipeline
from netpolarna.netwalk.classifier.language import detect_languages, normalise_language_code

MODEL_FILENAME = "model.joblib"
TARGET_THRESHOLD = 0.5
# Threat scores at which training measures threat precision (`train.threat_reason_threshold`) and
# the detector counts threats for the pile-on model (`detection/thread_features.py`).
THREAT_LEVELS: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8, 0.9)
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


class CalibratedLinear:
    """`predict_proba` of a `CalibratedClassifierCV(ensemble=False)` around one linear model,
    minus scikit-learn's per-call input validation, which costs more than the product itself.

    The same arithmetic in the same order, so the same numbers: `from_model` returns None
    unless a probe batch comes out bit-identical to the model's own `predict_proba`.
    """

    def __init__(self, calibrated: Any, n_classes: int) -> None:
        estimator = calibrated.estimator
        self.calibrators = calibrated.calibrators
        self.method = calibrated.method
        self.n_classes = n_classes
        # coef_.T is usually C-ordered already (saga fits column-major), so this is a view.
        self.weights = np.ascontiguousarray(estimator.coef_.T)
        self.intercept = estimator.intercept_
        # which output column each calibrator fills (sigmoid and isotonic calibrate per class)
        self.columns: list[int] = []
        if self.method != "temperature":
            encoder = LabelEncoder().fit(calibrated.classes)
            self.columns = encoder.transform(estimator.classes_).tolist()

    @classmethod
    def from_model(cls, model: Any, n_features: int) -> CalibratedLinear | None:
        try:
            (calibrated,) = model.calibrated_classifiers_
            fast = cls(calibrated, len(model.classes_))
            if fast.weights.shape[0] != n_features:
                return None
            rng = np.random.default_rng(0)
            probe = sp.random(16, n_features, density=min(1.0, 200 / n_features), rng=rng)
            probe = sp.csr_matrix(probe)
            if np.array_equal(fast.predict_proba(probe), model.predict_proba(probe)):
                return fast
        except (AttributeError, TypeError, ValueError):
            pass
        return None

    def predict_proba(self, matrix: Any) -> np.ndarray:
        # LogisticRegression.decision_function, then _CalibratedClassifier.predict_proba
        predictions = np.asarray(matrix @ self.weights) + self.intercept
        n_samples = predictions.shape[0]
        if self.method == "temperature":
            proba = self.calibrators[0].predict(predictions.reshape(n_samples, -1))
        else:
            proba = np.zeros((n_samples, self.n_classes))
            offset = 1 if self.n_classes == 2 else 0
            for column, values, calibrator in zip(
                self.columns, predictions.T, self.calibrators, strict=False
            ):
                proba[:, column + offset] = calibrator.predict(values)
            if self.n_classes == 2:
                proba[:, 0] = 1.0 - proba[:, 1]
            else:
                denominator = np.sum(proba, axis=1)[:, np.newaxis]
                uniform = np.full_like(proba, 1 / self.n_classes)
                proba = np.divide(proba, denominator, out=uniform, where=denominator != 0)
        proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0
        return proba


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
        max_group_targets: int | None = None,
        version: str = "",
    ) -> None:
        self.features = features
        self.label_model = label_model
        self.threat_model = threat_model
        self.target_model = target_model
        self.target_names = tuple(target_names)
        self.target_threshold = target_threshold
        # At most this many group targets per message (the best scoring), None for no limit.
        self.max_group_targets = max_group_targets
        self.version = version

    def target_hits(self, scores: np.ndarray) -> np.ndarray:
        """Which targets each row of target scores names: those at or above the threshold,
        keeping only the `max_group_targets` best groups ("individual" is not a group)."""
        hits = scores >= self.target_threshold
        limit = getattr(self, "max_group_targets", None)  # older artefacts have no limit
        groups = [i for i, name in enumerate(self.target_names) if name != "individual"]
        if limit is None or not groups or hits.shape[0] == 0:
            return hits
        group_scores = np.where(hits[:, groups], scores[:, groups], -np.inf)
        ranks = np.argsort(np.argsort(-group_scores, axis=1), axis=1)
        hits[:, groups] &= ranks < limit
        return hits

    @staticmethod
    def resolve_languages(texts: Sequence[str], langs: Sequence[str | None] | None) -> list[str]:
        """Given languages are normalised ("no" -> "nb"); missing ones are detected."""
        if langs is None:
            langs = [None] * len(texts)
        if len(langs) != len(texts):
            raise ValueError("texts and langs must have the same length")
        resolved = [normalise_language_code(lang) for lang in langs]
        missing = [i for i, lang in enumerate(resolved) if not lang]
        if missing:
            # one batched call: the per-text cost of detection is mostly fixed overhead
            for i, detected in zip(
                missing, detect_languages([texts[i] for i in missing]), strict=True
            ):
                resolved[i] = detected
        return [lang or "" for lang in resolved]

    @cached_property
    def _fast_models(self) -> tuple[Any, Any]:
        """The label and threat models without scikit-learn's per-call overhead (or as they
        are, for model types that path does not know). Derived on first use, never pickled."""
        n_features = self.features.n_features
        label = CalibratedLinear.from_model(self.label_model, n_features)
        threat = CalibratedLinear.from_model(self.threat_model, n_features)
        return label or self.label_model, threat or self.threat_model

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_fast_models"}

    def predict_arrays(
        self, texts: Sequence[str], langs: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(label probabilities in LABELS order, threat probability, target probabilities)."""
        matrix = self.features.transform(texts, langs)
        label_model, threat_model = self._fast_models
        label_proba = np.asarray(label_model.predict_proba(matrix))
        order = [list(self.label_model.classes_).index(label) for label in LABELS]
        label_proba = label_proba[:, order]
        threat = np.asarray(threat_model.predict_proba(matrix))[:, 1]
        targets = np.asarray(self.target_model.predict_proba(matrix))
        return label_proba, threat, targets

    def predict(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[Prediction]:
        if not texts:
            return []
        resolved = self.resolve_languages(texts, langs)
        label_proba, threat, targets = self.predict_arrays(texts, resolved)
        # whole-batch numpy, then plain Python values: per-row numpy calls cost more than this
        scores = np.round(label_proba, _DECIMALS).tolist()
        winners = np.argmax(label_proba, axis=1).tolist()
        threats = np.round(threat, _DECIMALS).tolist()
        hits = self.target_hits(targets).tolist()
        names = self.target_names
        predictions = []
        for lang, row, winner, threat_score, hit in zip(
            resolved, scores, winners, threats, hits, strict=True
        ):
            label = LABELS[winner]
            predictions.append(
                Prediction(
                    label=label,
                    scores=dict(zip(LABELS, row, strict=True)),
                    threat=threat_score,
                    # A neutral message names no target: mentioning a group is not attacking it.
                    targets=[]
                    if label == "neutral"
                    else [n for n, h in zip(names, hit, strict=True) if h],
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
