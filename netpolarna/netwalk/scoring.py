"""The classification hook of ingestion.

Ingestion calls `score_batch` with the messages it just stored or changed, inside the batch's
transaction, so scores land atomically with the messages. It does nothing until a scorer is
registered: the classifier step calls `register_scorer(app, scorer)` once a trained model exists.
A scorer writes `Message.label/score/threat/targets/model_version/scored_at` and the thread
counters itself, in bulk, without committing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app


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


Scorer = Callable[[Sequence[IngestedMessage]], None]
EXTENSION_KEY = "netwalk_scorer"


def register_scorer(app: Flask, scorer: Scorer | None) -> None:
    """Use `scorer` for every batch ingested by this app (None switches scoring off)."""
    app.extensions[EXTENSION_KEY] = scorer


def score_batch(messages: Sequence[IngestedMessage]) -> None:
    """Score freshly stored messages; a no-op while no model is registered."""
    scorer: Scorer | None = current_app.extensions.get(EXTENSION_KEY)
    if scorer is None or not messages:
        return
    scorer(messages)
