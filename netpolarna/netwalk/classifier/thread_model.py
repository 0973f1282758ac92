"""The learned pile-on model: logistic regression on a thread's conversation features.

Trained on labelled threads (the generated thread corpus, `thread_corpus.py`, plus staff
verdicts on flags: a false alarm is a negative, a confirmed flag a positive), each thread run
through the message classifier and the detector's own fold exactly as ingestion runs it. It is
saved inside the classifier artefact (`Classifier.thread_model`) and, when present, its
probability replaces the hand-set escalation score. Reasons name the features that pushed the
score up and the messages that carried them.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

from netpolarna.netwalk.classifier.thread_features import (
    FEATURE_NAMES,
    ThreadMessage,
    features,
    scored_messages,
)
from netpolarna.netwalk.conflict_reasons import Reason

if TYPE_CHECKING:
    from netpolarna.netwalk.classifier.model import Classifier
    from netpolarna.netwalk.conflicts import ConflictState

# The score at which a thread is flagged (ConflictSettings.severity_low); the model's decision
# threshold is mapped onto it.
FLAG_SCORE = 0.3
# The decision threshold keeps cross-validated false alarms (heated debate, benign) under this.
TARGET_FALSE_ALARMS = 0.05

_WORDS: dict[str, tuple[str, str]] = {
    "size": ("a long thread", "en lång tråd"),
    "hostile_share": ("a large share of hostile messages", "en stor andel fientliga meddelanden"),
    "targeted_hostile_share": (
        "hostility aimed at a person or group",
        "fientlighet riktad mot en person eller grupp",
    ),
    "untargeted_hostile_share": ("rough language", "grovt språk"),
    "counter_speech_share": ("counter-speech", "motprat"),
    "pile_on_authors": (
        "several authors turning on the same target",
        "flera avsändare som vänder sig mot samma mål",
    ),
    "hostile_author_share": (
        "most authors are hostile",
        "de flesta avsändare är fientliga",
    ),
    "hostile_authors": ("many hostile authors", "många fientliga avsändare"),
    "threats": ("threats", "hot"),
    "threat_max": ("a likely threat", "ett troligt hot"),
    "burst": ("a burst of hostile messages", "en skur av fientliga meddelanden"),
    "agreement": (
        "short replies agreeing with the attacks",
        "korta svar som instämmer i angreppen",
    ),
    "mobilisation": ("calls to join in", "uppmaningar att hänga på"),
    "exposure": (
        "exposure of the target (school, class, handle, whereabouts)",
        "utpekande av målet (skola, klass, konto, var hen finns)",
    ),
    "spreading": ("spreading the post further", "spridning av inlägget vidare"),
    "defender_attacks": ("attacks on those who defend the target", "angrepp på den som försvarar"),
    "mean_hostility": ("a hostile tone throughout", "en fientlig ton genom hela tråden"),
    "person_hostile_share": ("attacks on one person", "angrepp på en person"),
    "local": ("local places named", "lokala platser nämns"),
}


@dataclass
class LabelledThread:
    messages: Sequence[ThreadMessage]
    should_flag: bool
    kind: str = ""
    lang: str = ""
    source: str = "corpus"


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
        where_en = f" (messages {', '.join(map(str, ids[:5]))})" if ids else ""
        where_sv = f" (meddelanden {', '.join(map(str, ids[:5]))})" if ids else ""
        out = []
        for index in order:
            if contributions[index] <= 0:
                break
            name = self.feature_names[index]
            en, sv = _WORDS.get(name, (name, name))
            out.append(
                Reason(
                    f"learned_{name}",
                    f"Pile-on model: {en}{where_en}.",
                    f"Drevmodellen: {sv}{where_sv}.",
                    float(contributions[index]),
                )
            )
        return out


def thread_vectors(
    classifier: Classifier, threads: Sequence[LabelledThread], threat_threshold: float = 0.5
) -> np.ndarray:
    """One feature row per thread, through the classifier and the detector's fold."""
    from netpolarna.netwalk.conflicts import ConflictSettings, replay

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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        cv = cross_val_predict(model, matrix, gold, cv=folds, method="predict_proba")[:, 1]
        model.fit(matrix, gold)
    threshold = _threshold(cv, gold)
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
