"""Training and writing a versioned model artefact.

One feature pipeline feeds three linear models: a temperature-calibrated 4-way label model, a
sigmoid-calibrated binary threat model and one-vs-rest target models. Linear models on hashed
n-grams train in seconds, predict in microseconds and are easy to explain in a model card.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from tqdm import tqdm

from netpolarna.netwalk.classifier.corpus import (
    DAVIDSON_SOURCE,
    DKHATE_SOURCE,
    GENERATED_SOURCE,
    LABELS,
    PROJECT_SOURCE,
    STAFF_SOURCE,
    TARGETS,
    WRITTEN_SOURCE,
    Corpus,
    Example,
    split_held_out,
)
from netpolarna.netwalk.classifier.evaluate import evaluate
from netpolarna.netwalk.classifier.features import FeaturePipeline
from netpolarna.netwalk.classifier.model import (
    MODEL_FILENAME,
    TARGET_THRESHOLD,
    THREAT_LEVELS,
    Classifier,
    StackedLogistic,
)
from netpolarna.netwalk.classifier.model_card import render_model_card

# A large corpus counts as at most this many examples per language, so 20k English tweets do not
# drown 300 Swedish sentences.
SOURCE_CAP = 3000
# Hand-labelled in-domain examples (ours, the independent writers' and staff's) count this many
# times. Template expansions of the phrase banks count GENERATED_WEIGHT, as their uniform
# wording generalises worse than their numbers suggest; the public corpora count less than
# before the hand-written corpus came (adult tweets and news comments, labelled only for
# offence, pulled youth chat towards "offensive" and "neutral"). Chosen on the first blind set's
# aggregate figures, which made that set a development set (see the model card).
IN_DOMAIN_BOOST = 3.0
GENERATED_WEIGHT = 0.3
DAVIDSON_WEIGHT = 0.4
DKHATE_WEIGHT = 0.7
_IN_DOMAIN = {PROJECT_SOURCE, WRITTEN_SOURCE, STAFF_SOURCE}
_SOURCE_WEIGHT = {
    GENERATED_SOURCE: GENERATED_WEIGHT,
    DAVIDSON_SOURCE: DAVIDSON_WEIGHT,
    DKHATE_SOURCE: DKHATE_WEIGHT,
}
# Target score levels tried by `target_threshold`.
TARGET_LEVELS: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
# A threat is a reason on its own from the lowest score reaching this held-out precision...
THREAT_PRECISION = 0.9
# ...with at most this share of non-threatening messages above it.
THREAT_FALSE_ALARMS = 0.01


@dataclass
class TrainedModel:
    classifier: Classifier
    metrics: dict[str, Any]
    training_data: dict[str, Any]
    sources: list[str]
    seed: int
    trained_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def sample_weights(examples: list[Example]) -> np.ndarray:
    """Source weight (cap big corpora, boost in-domain) times a tempered class weight."""
    groups = Counter((e.source, e.lang) for e in examples)
    weights = np.array(
        [
            min(1.0, SOURCE_CAP / groups[(e.source, e.lang)])
            * (IN_DOMAIN_BOOST if e.source in _IN_DOMAIN else _SOURCE_WEIGHT.get(e.source, 1.0))
            for e in examples
        ]
    )
    # Balanced per language, so Danish OFF (13% of DKhate) is not down-weighted because
    # offensive tweets dominate the English data; sqrt-tempered to avoid over-predicting.
    mass: Counter[tuple[str, str]] = Counter()
    for example, weight in zip(examples, weights, strict=True):
        mass[(example.lang, example.label)] += weight
    lang_mass: Counter[str] = Counter()
    lang_labels: Counter[str] = Counter()
    for (lang, _), value in mass.items():
        lang_mass[lang] += value
        lang_labels[lang] += 1
    label_weight = {
        key: float(np.sqrt(lang_mass[key[0]] / (lang_labels[key[0]] * value)))
        for key, value in mass.items()
    }
    return weights * np.array([label_weight[(e.lang, e.label)] for e in examples])


def _label_model(seed: int) -> CalibratedClassifierCV:
    # saga converges in a few passes on sparse hashed features (lbfgs takes 10x longer here)
    base = LogisticRegression(C=8.0, solver="saga", max_iter=30, tol=1e-3, random_state=seed)
    try:
        return CalibratedClassifierCV(base, method="temperature", cv=3, ensemble=False)
    except TypeError:  # pragma: no cover - scikit-learn < 1.8 has no temperature scaling
        return CalibratedClassifierCV(base, method="sigmoid", cv=3, ensemble=False)


def _fit_label_model(model: CalibratedClassifierCV, matrix: Any, labels: list[str], weights: Any):
    try:
        return model.fit(matrix, labels, sample_weight=weights)
    except ValueError as exc:
        if "temperature" not in str(exc):
            raise
        model.set_params(method="sigmoid")  # pragma: no cover - older scikit-learn
        return model.fit(matrix, labels, sample_weight=weights)  # pragma: no cover


def threat_reason_threshold(classifier: Classifier, held_out: Sequence[Example]) -> dict[str, Any]:
    """The lowest threat score at which threats on the hand-written held-out split reach
    THREAT_PRECISION with at most THREAT_FALSE_ALARMS of the non-threats flagged: from there a
    threat is a reason for a thread's flag on its own. Template expansions are left out (their
    threats are too easy to say what a threat score means), and the blind sets are never
    consulted (they only report). `sweep` holds the figures at every level."""
    detailed = [e for e in held_out if e.detailed and e.source != GENERATED_SOURCE]
    chosen: dict[str, Any] = {"threshold": THREAT_LEVELS[-1], "source": "default"}
    if not detailed or not any(e.threat for e in detailed):
        return chosen
    _, scores, _ = classifier.predict_arrays([e.text for e in detailed], [e.lang for e in detailed])
    gold = np.array([e.threat for e in detailed])
    sweep = []
    for level in THREAT_LEVELS:
        hits = scores >= level
        sweep.append(
            {
                "threshold": level,
                "precision": round(float((hits & gold).sum() / max(hits.sum(), 1)), 4),
                "recall": round(float((hits & gold).sum() / gold.sum()), 4),
                "false_alarm_rate": round(float((hits & ~gold).sum() / max((~gold).sum(), 1)), 4),
            }
        )
    chosen["sweep"] = sweep
    chosen["n"] = len(detailed)
    chosen["positives"] = int(gold.sum())
    for row in sweep:
        if (
            row["recall"] > 0
            and row["precision"] >= THREAT_PRECISION
            and row["false_alarm_rate"] <= THREAT_FALSE_ALARMS
        ):
            return {**chosen, **row, "source": "held-out hand-written split"}
    return chosen


def target_threshold(classifier: Classifier, held_out: Sequence[Example]) -> dict[str, Any]:
    """The target score from which a target is named, and whether only the best scoring group
    is named: the choice where the named set most often equals the gold set on the
    hand-written held-out hateful and offensive messages (balanced target models score high,
    so 0.5 names too many)."""
    attacked = [
        e
        for e in held_out
        if e.detailed and e.source != GENERATED_SOURCE and e.label in ("hateful", "offensive")
    ]
    chosen: dict[str, Any] = {"threshold": TARGET_THRESHOLD, "max_groups": None}
    if len(attacked) < 20:
        return {**chosen, "source": "default"}
    _, _, scores = classifier.predict_arrays([e.text for e in attacked], [e.lang for e in attacked])
    gold = np.array([[t in e.targets for t in classifier.target_names] for e in attacked])
    accuracy: dict[str, float] = {}
    best: tuple[float, float, float | None] | None = None
    saved = classifier.target_threshold, getattr(classifier, "max_group_targets", None)
    try:
        for max_groups in (None, 1):
            for level in TARGET_LEVELS:
                classifier.target_threshold, classifier.max_group_targets = level, max_groups
                hits = classifier.target_hits(scores)
                value = float(np.mean(np.all(hits == gold, axis=1)))
                accuracy[f"{level}" + ("" if max_groups is None else " best group")] = value
                key = (value, -abs(level - TARGET_THRESHOLD), level)
                if best is None or key > best[:3]:
                    best = key
                    chosen = {"threshold": level, "max_groups": max_groups}
    finally:
        classifier.target_threshold, classifier.max_group_targets = saved
    return {
        **chosen,
        "source": "held-out hand-written split",
        "n": len(attacked),
        "exact_accuracy": {k: round(v, 4) for k, v in accuracy.items()},
    }


def _counts(examples: Iterable[Example]) -> dict[str, dict[str, dict[str, int]]]:
    out: dict[str, dict[str, dict[str, int]]] = {}
    for e in examples:
        by_lang = out.setdefault(e.source, {}).setdefault(e.lang, {})
        by_lang[e.label] = by_lang.get(e.label, 0) + 1
    return out


def train_model(
    examples: Iterable[Example] | Corpus,
    *,
    seed: int = 0,
    progress: bool = False,
    lexicon: Iterable[str] = (),
    sources: Iterable[str] | None = None,
) -> TrainedModel:
    """Train on the training side of the deterministic split; metrics are on the held-out side.

    `metrics["threat_reason"]` is the threat level the pile-on model, trained on top of this one
    by the `model train` command (`detection/thread_model.py`), counts threats from."""
    if isinstance(examples, Corpus):
        lexicon = set(lexicon) | examples.lexicon
        sources = sources if sources is not None else examples.sources
        examples = examples.examples
    examples = list(examples)
    sources = list(sources) if sources is not None else sorted({e.source for e in examples})
    train, held_out = split_held_out(examples)
    labels_present = {e.label for e in train}
    if len(labels_present) < 2:
        raise ValueError("training needs examples of at least two labels")
    detailed = [e for e in train if e.detailed]
    if not any(e.threat for e in detailed) or all(e.threat for e in detailed):
        raise ValueError("training needs detailed examples both with and without threats")

    with warnings.catch_warnings():
        # saga stops after a fixed number of passes by design; that is not a failure here.
        warnings.simplefilter("ignore", ConvergenceWarning)
        trained = _train(train, held_out, seed=seed, progress=progress, lexicon=lexicon,
                         sources=sources, n_examples=len(examples))  # fmt: skip
    reason = threat_reason_threshold(trained.classifier, held_out)
    trained.metrics["threat_reason"] = reason
    targets = target_threshold(trained.classifier, held_out)
    trained.classifier.target_threshold = targets["threshold"]
    trained.classifier.max_group_targets = targets["max_groups"]
    trained.metrics["target_threshold"] = targets
    return trained


def _train(
    train: list[Example],
    held_out: list[Example],
    *,
    seed: int,
    progress: bool,
    lexicon: Iterable[str],
    sources: list[str],
    n_examples: int,
) -> TrainedModel:
    detailed = [e for e in train if e.detailed]
    steps = tqdm(total=5, desc="training", unit="step", disable=not progress)
    features = FeaturePipeline(lexicon=lexicon)
    steps.set_postfix_str("features")
    matrix = features.transform([e.text for e in train], [e.lang for e in train])
    steps.update()

    steps.set_postfix_str("labels")
    weights = sample_weights(train)
    label_model = _fit_label_model(_label_model(seed), matrix, [e.label for e in train], weights)
    steps.update()

    # Threat and targets are only known where a source annotates them.
    detailed_rows = np.array([i for i, e in enumerate(train) if e.detailed])
    detailed_matrix = matrix[detailed_rows]
    detailed_weights = weights[detailed_rows] / weights[detailed_rows].mean()
    steps.set_postfix_str("threat")
    threat_model = CalibratedClassifierCV(
        LogisticRegression(
            C=4.0, class_weight="balanced", solver="saga", max_iter=50, tol=1e-3, random_state=seed
        ),
        method="sigmoid",
        cv=3,
        ensemble=False,
    ).fit(detailed_matrix, [int(e.threat) for e in detailed], sample_weight=detailed_weights)
    steps.update()

    steps.set_postfix_str("targets")
    target_matrix = np.array([[t in e.targets for t in TARGETS] for e in detailed], dtype=int)
    target_model = OneVsRestClassifier(
        LogisticRegression(
            C=4.0, class_weight="balanced", solver="saga", max_iter=50, tol=1e-3, random_state=seed
        )
    ).fit(detailed_matrix, target_matrix)
    steps.update()

    classifier = Classifier(
        features=features,
        label_model=label_model,
        threat_model=threat_model,
        target_model=StackedLogistic.from_one_vs_rest(target_model),
    )
    steps.set_postfix_str("evaluate")
    metrics = evaluate(classifier, held_out)
    steps.update()
    steps.close()
    return TrainedModel(
        classifier=classifier,
        metrics=metrics,
        training_data={
            "held_out_fraction": round(len(held_out) / max(n_examples, 1), 4),
            "train": _counts(train),
            "held_out": _counts(held_out),
            "labels": list(LABELS),
            "targets": list(TARGETS),
            "lexicon_terms": len(features.lexicon),
        },
        sources=sources,
        seed=seed,
    )


def write_model(
    model: TrainedModel,
    instance_dir: str | os.PathLike[str],
    *,
    extras: Mapping[str, object] | None = None,
) -> str:
    """Write `<instance>/models/<version>/` atomically and return the version.

    `extras`: further artefacts trained on top of this model (file name -> object), written
    with joblib into the same folder, e.g. the detector's pile-on model."""
    models_dir = Path(instance_dir) / "models"
    models_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=models_dir))
    try:
        model_file = staging / MODEL_FILENAME
        joblib.dump(model.classifier, model_file, compress=3)
        digest = hashlib.sha256(model_file.read_bytes()).hexdigest()[:8]
        version = f"{model.trained_at.astimezone(UTC):%Y%m%dT%H%MZ}-{digest}"
        suffix = 1
        while (models_dir / version).exists():
            suffix += 1
            version = f"{model.trained_at.astimezone(UTC):%Y%m%dT%H%MZ}-{digest}-{suffix}"
        # The version is stored inside the artefact too, so a loaded model can say what it is.
        model.classifier.version = version
        joblib.dump(model.classifier, model_file, compress=3)
        meta = {"version": version, "trained_at": model.trained_at.isoformat(), "seed": model.seed}
        (staging / "metrics.json").write_text(
            json.dumps({**meta, **model.metrics}, indent=2, ensure_ascii=False) + "\n"
        )
        (staging / "training_data.json").write_text(
            json.dumps(
                {**meta, "sources": model.sources, **model.training_data},
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
        (staging / "MODEL_CARD.md").write_text(render_model_card(version, model))
        for name, artefact in (extras or {}).items():
            joblib.dump(artefact, staging / name, compress=3)
        os.replace(staging, models_dir / version)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return version
