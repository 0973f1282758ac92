"""The classification seam of ingestion, and the stored shape it hands on.

A message has three shapes on its way: fetched (`connectors.FetchedMessage`), prepared
(`preparing.PreparedMessage`: pseudonymised, its language and scores decided once) and stored
(`StoredMessage` here: the row as detection reads it). Scores are `MessageScores`, the one form
a classification takes outside the classifier (`scores_of` turns a prediction into it).

Ingestion does nothing here until a scorer is registered: the classifier step calls
`register_scorer(app, scorer)`. Preparation asks the scorer to `classify` every message before
it is stored (`classify_batch`), so its scores go in the INSERT or the edit's UPDATE; after each
batch the scorer is called with the stored messages, inside the batch's transaction, and folds
them into their threads without committing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from flask import Flask, current_app

from netpolarna.common.pickling import pickled_by_fields
from netpolarna.netwalk.classifier.active import active_classifier, hostility
from netpolarna.netwalk.classifier.language import detect_languages
from netpolarna.netwalk.classifier.model import Prediction


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class MessageScores:
    """A classification as stored on the message row."""

    label: str
    score: float  # hostility: P(hateful) + P(offensive)
    threat: float
    targets: list[str]
    model_version: str | None


def scores_of(prediction: Prediction, version: str | None) -> MessageScores:
    """A classifier's prediction as it is stored."""
    return MessageScores(
        prediction.label,
        hostility(prediction),
        prediction.threat,
        list(prediction.targets),
        version,
    )


@dataclass(slots=True)
class StoredMessage:
    """A message as stored: what detection folds into its thread."""

    id: int
    thread_id: int
    text: str
    lang: str
    author_pseudonym: str
    created_at: datetime
    parent_message_id: int | None
    scores: MessageScores | None  # None: not classified (no model)
    edited: bool = False  # an edit of a message stored before: its thread is replayed
    places: tuple[str, ...] | None = None  # gazetteer places in the text, if found ahead


class Scorer(Protocol):
    """What ingestion needs of a scorer."""

    # Whether `classify` is the active model's, so the preparation process may classify ahead.
    classifies_with_active_model: bool

    def classify(self, texts: Sequence[str], langs: Sequence[str]) -> list[MessageScores] | None:
        """Scores for these texts, or None while there is no model."""

    def model_version(self) -> str | None:
        """The version `classify` scores with now (None: no model)."""

    def __call__(self, messages: Sequence[StoredMessage]) -> None:
        """Fold a batch's stored messages into their threads (no commit)."""


EXTENSION_KEY = "netwalk_scorer"


def register_scorer(app: Flask, scorer: Scorer | None) -> None:
    """Use `scorer` for every batch ingested by this app (None switches scoring off)."""
    app.extensions[EXTENSION_KEY] = scorer


def _scorer() -> Scorer | None:
    scorer: Scorer | None = current_app.extensions.get(EXTENSION_KEY)
    return scorer


def classifies_with_active_model() -> bool:
    """Whether the registered scorer classifies with the active model, as
    `classify_with_active_model` does (the batch preparation process then classifies ahead)."""
    return bool(getattr(_scorer(), "classifies_with_active_model", False))


def classify_with_active_model(
    instance_path: str, texts: Sequence[str], langs: Sequence[str]
) -> list[MessageScores] | None:
    """Scores of the active model under `instance_path`, with no app: the batch preparation
    process (`prepare_worker`) calls it too. None while no model is trained."""
    classifier = active_classifier(instance_path)
    if classifier is None:
        return None
    version = classifier.version or None
    return [scores_of(p, version) for p in classifier.predict(texts, langs)]


def classify_batch(texts: Sequence[str], langs: Sequence[str]) -> list[MessageScores] | None:
    """Scores for messages about to be stored, from the registered scorer's `classify`.

    None when there is no scorer or no model is active.
    """
    scorer = _scorer()
    if scorer is None or not texts:
        return None
    return scorer.classify(texts, langs)


def current_model_version() -> str | None:
    """The version the registered scorer classifies with now; None without scorer or model."""
    scorer = _scorer()
    return None if scorer is None else scorer.model_version()


def warm_up() -> None:
    """Load the language model and the active classifier now rather than in the first scan.

    The scheduler calls this when it takes the lead: a long-running process loads both once,
    and each scan then costs what its messages cost.
    """
    detect_languages(["warm up"])
    classify_batch(["warm up"], ["en"])


def score_batch(messages: Sequence[StoredMessage]) -> None:
    """Fold freshly stored messages into their threads; a no-op while no scorer is registered."""
    scorer = _scorer()
    if scorer is None or not messages:
        return
    scorer(messages)
