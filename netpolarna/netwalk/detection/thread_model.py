"""The learned pile-on model: logistic regression on a thread's conversation features.

Trained on labelled threads (the generated thread corpus, `thread_corpus.py`, plus staff
verdicts on flags: a false alarm is a negative, a confirmed flag a positive), each thread run
through the message classifier and the detector's own fold exactly as ingestion runs it. The
`model train` command saves it as `thread_model.joblib` beside the classifier's artefact in the
same version folder; when the active version has one, its probability replaces the hand-set
escalation score (versions without one keep the hand-set score). Reasons name the features
that pushed the score up and the messages that carried them.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

from netpolarna.netwalk.classifier import registry
from netpolarna.netwalk.classifier.model import Classifier
from netpolarna.netwalk.detection.conflict_state import ConflictSettings, ConflictState
from netpolarna.netwalk.detection.escalation import replay
from netpolarna.netwalk.detection.reasons import Reason
from netpolarna.netwalk.detection.thread_features import FEATURE_NAMES, ThreadMessage, features
from netpolarna.netwalk.detection.thread_replay import scored_messages

log = logging.getLogger(__name__)

# Saved beside the classifier's model.joblib in the same version folder (`model train`).
THREAD_MODEL_FILENAME = "thread_model.joblib"

# The score at which a thread is flagged (ConflictSettings.severity_low); the model's decision
# threshold is mapped onto it.
FLAG_SCORE = 0.3
# The decision threshold keeps cross-validated false alarms (heated debate, benign) under this,
# counted on the hand-written and staff-labelled threads when there are enough of them (the
# generated ones are too easy to say what a false alarm rate will be).
TARGET_FALSE_ALARMS = 0.05
MIN_HAND_NEGATIVES = 20
# Hand-written and staff-labelled threads weigh this many times a generated one in training.
HAND_WEIGHT = 3.0
_GENERATED = "corpus"


@dataclass
class LabelledThread:
    messages: Sequence[ThreadMessage]
    should_flag: bool
    kind: str = ""
    lang: str = ""
    source: str = "corpus"
    thread_id: str = ""


@dataclass
class ThreadModel:
    coef: np.ndarray
    intercept: float
    threshold: float  # decision threshold on the probability, mapped to FLAG_SCORE
    # a message's threat score counts as a threat (a reason) from here, see `threat_threshold`
    threat_threshold: float = 0.5
    feature_names: tuple[str, ...] = FEATURE_NAMES
    metrics: dict[str, Any] = field(default_factory=dict)

    def probability(self, vector: np.ndarray) -> float:
        logit = float(vector @ self.coef) + self.intercept
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))

    def score_of(self, probability: float) -> float:
        """Monotone map of the probability onto 0..1 with `threshold` landing on FLAG_SCORE."""
        gamma = math.log(FLAG_SCORE) / math.log(min(max(self.threshold, 0.01), 0.99))
        return round(probability**gamma, 4)

    def rescore(self, state: ConflictState) -> tuple[float, list[Reason]]:
        vector = features(state, self.threat_threshold)
        if self.feature_names != FEATURE_NAMES:  # trained before features were added
            vector = vector[[FEATURE_NAMES.index(name) for name in self.feature_names]]
        score = self.score_of(self.probability(vector))
        return score, self.reasons(vector, state, score)

    def reasons(self, vector: np.ndarray, state: ConflictState, score: float) -> list[Reason]:
        if score < FLAG_SCORE:
            return []
        contributions = vector * self.coef
        order = np.argsort(-contributions)[:3]
        ids = [int(i) for i in state.learned.get("cue_ids", [])] or [
            int(e[0]) for e in state.evidence[:5]
        ]
        where = {"ids": ", ".join(map(str, ids[:5]))} if ids else {}
        out = []
        for index in order:
            if contributions[index] <= 0:
                break
            name = self.feature_names[index]
            out.append(
                Reason(f"learned_{name}", float(contributions[index]), {"feature": name, **where})
            )
        return out


def thread_vectors(
    classifier: Classifier, threads: Sequence[LabelledThread], threat_threshold: float = 0.5
) -> np.ndarray:
    """One feature row per thread, through the classifier and the detector's fold."""
    settings = ConflictSettings()
    rows = [
        features(replay(scored_messages(classifier, list(t.messages)), settings), threat_threshold)
        for t in threads
    ]
    return np.vstack(rows) if rows else np.zeros((0, len(FEATURE_NAMES)))


def _threshold(probabilities: np.ndarray, gold: np.ndarray) -> float:
    negatives = np.sort(probabilities[~gold])
    if negatives.size == 0:
        return 0.5
    allowed = math.floor(TARGET_FALSE_ALARMS * negatives.size)
    # just above the (allowed+1)-th highest negative
    cut = negatives[negatives.size - allowed - 1] + 1e-6
    # never below 0.5: the balanced model's own decision point is the least it may flag at
    return float(min(max(cut, 0.5), 0.9))


def train_thread_model(
    classifier: Classifier,
    threads: Sequence[LabelledThread],
    *,
    seed: int = 0,
    threat_threshold: float = 0.5,
) -> ThreadModel | None:
    """Fit on the threads; None when there are too few of either kind to learn from."""
    gold = np.array([t.should_flag for t in threads], dtype=bool)
    if gold.sum() < 3 or (~gold).sum() < 3:
        return None
    matrix = thread_vectors(classifier, threads, threat_threshold)
    model = LogisticRegression(C=2.0, class_weight="balanced", max_iter=500, random_state=seed)
    folds = int(min(5, gold.sum(), (~gold).sum()))
    hand = np.array([t.source != _GENERATED for t in threads], dtype=bool)
    weights = np.where(hand, HAND_WEIGHT, 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        cv = cross_val_predict(
            model, matrix, gold, cv=folds, method="predict_proba",
            params={"sample_weight": weights},
        )[:, 1]  # fmt: skip
        model.fit(matrix, gold, sample_weight=weights)
    by_hand = (hand & ~gold).sum() >= MIN_HAND_NEGATIVES
    threshold = _threshold(cv[hand], gold[hand]) if by_hand else _threshold(cv, gold)
    flagged = cv >= threshold
    kinds: dict[str, dict[str, int]] = {}
    for thread, hit in zip(threads, flagged, strict=True):
        entry = kinds.setdefault(thread.kind or "?", {"n": 0, "flagged": 0})
        entry["n"] += 1
        entry["flagged"] += int(hit)
    metrics = {
        "n": len(threads),
        "positives": int(gold.sum()),
        "threshold": round(threshold, 4),
        "threat_threshold": threat_threshold,
        "cv_recall": round(float(flagged[gold].mean()), 4),
        "cv_false_alarms": round(float(flagged[~gold].mean()), 4),
        "threshold_from": "hand-written threads" if by_hand else "all threads",
        "cv_kinds": kinds,
        "sources": sorted({t.source for t in threads}),
    }
    return ThreadModel(
        coef=np.ravel(model.coef_).astype(np.float64),
        intercept=float(model.intercept_[0]),
        threshold=threshold,
        threat_threshold=threat_threshold,
        metrics=metrics,
    )


_cache: dict[tuple[str, int], ThreadModel] = {}
_cache_lock = threading.Lock()


def load_thread_model(model_dir: str | os.PathLike[str]) -> ThreadModel | None:
    """The pile-on model saved in a classifier version folder, or None (older versions have
    none). Loaded once per file and modification time."""
    file = Path(model_dir) / THREAD_MODEL_FILENAME
    try:
        key = (str(file.resolve()), file.stat().st_mtime_ns)
    except FileNotFoundError:
        return None
    with _cache_lock:
        cached = _cache.get(key)
        if cached is None:
            loaded = joblib.load(file)
            if not isinstance(loaded, ThreadModel):
                log.warning("%s does not hold a thread model; the hand-set score is used", file)
                return None
            for stale in [k for k in _cache if k[0] == key[0]]:
                del _cache[stale]
            cached = _cache[key] = loaded
        return cached


def thread_model_for(
    instance_path: str | os.PathLike[str], classifier: Classifier | None
) -> ThreadModel | None:
    """The pile-on model saved in the same version folder as `classifier`, if there is one."""
    if classifier is None or not classifier.version:
        return None
    try:
        return load_thread_model(registry.model_path(instance_path, classifier.version))
    except registry.RegistryError:
        return None
