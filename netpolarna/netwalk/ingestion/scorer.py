"""The classification hook of ingestion.

Ingestion calls `score_batch` with the messages it just stored or changed, inside the batch's
transaction, so scores land atomically with the messages. It does nothing until a scorer is
registered: the classifier step calls `register_scorer(app, scorer)` once a trained model exists.
A scorer writes `Message.label/score/threat/targets/model_version/scored_at` and the thread
counters itself, in bulk, without committing.

A scorer may also offer `classify(texts, langs)`: ingestion then classifies new messages before
inserting them (`classify_batch`), so their scores go in the INSERT and the scorer gets them on
`IngestedMessage.scores` instead of reading the rows back and updating them one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app

from netpolarna.common.pickling import pickled_by_fields
from netpolarna.netwalk.classifier.active import active_classifier, hostility
from netpolarna.netwalk.classifier.language import detect_languages


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class MessageScores:
    """A classification as stored on the message row."""

    label: str
    score: float  # hostility: P(hateful) + P(offensive)
    threat: float
    targets: list[str]
    model_version: str | None


@dataclass(frozen=True, slots=True)
class IngestedMessage:
    """A message as stored: enough to classify it and update its thread."""

    id: int
    thread_id: int
    text: str
    lang: str
    author_pseudonym: str
    created_at: datetime
    parent_message_id: int | None
    edited: bool  # an edit of a message stored before (its old scores were cleared)
    scores: MessageScores | None = None  # stored with the message by `classify_batch`
    places: tuple[str, ...] | None = None  # gazetteer places in the text, if found ahead


Scorer = Callable[[Sequence[IngestedMessage]], None]
EXTENSION_KEY = "netwalk_scorer"


def register_scorer(app: Flask, scorer: Scorer | None) -> None:
    """Use `scorer` for every batch ingested by this app (None switches scoring off)."""
    app.extensions[EXTENSION_KEY] = scorer


def classifies_with_active_model() -> bool:
    """Whether the registered scorer classifies with the active model, as
    `classify_with_active_model` does (the batch preparation process then classifies ahead)."""
    scorer = current_app.extensions.get(EXTENSION_KEY)
    return bool(getattr(scorer, "classifies_with_active_model", False))


def classify_with_active_model(
    instance_path: str, texts: Sequence[str], langs: Sequence[str]
) -> list[MessageScores] | None:
    """Scores of the active model under `instance_path`, with no app: the batch preparation
    process (`prepare_worker`) calls it too. None while no model is trained."""
    classifier = active_classifier(instance_path)
    if classifier is None:
        return None
    version = classifier.version or None
    return [
        MessageScores(p.label, hostility(p), p.threat, list(p.targets), version)
        for p in classifier.predict(texts, langs)
    ]


def classify_batch(texts: Sequence[str], langs: Sequence[str]) -> list[MessageScores] | None:
    """Scores for messages about to be stored, from the registered scorer's `classify`.

    None when there is no scorer, it cannot classify ahead, or no model is active.
    """
    scorer: Scorer | None = current_app.extensions.get(EXTENSION_KEY)
    classify = getattr(scorer, "classify", None)
    if classify is None or not texts:
        return None
    scores: list[MessageScores] | None = classify(texts, langs)
    return scores


def warm_up() -> None:
    """Load the language model and the active classifier now rather than in the first scan.

    The scheduler calls this when it takes the lead: a long-running process loads both once,
    and each scan then costs what its messages cost.
    """
    detect_languages(["warm up"])
    classify_batch(["warm up"], ["en"])


def score_batch(messages: Sequence[IngestedMessage]) -> None:
    """Score freshly stored messages; a no-op while no model is registered."""
    scorer: Scorer | None = current_app.extensions.get(EXTENSION_KEY)
    if scorer is None or not messages:
        return
    scorer(messages)
