"""Preparing a connector batch for storage: the work that needs no database.

A fetched message becomes a `PreparedMessage`: pseudonyms, scrubbed text, content hash, the
batch's own duplicates dropped, then (`complete`) its language, scores and places decided once.
None of it reads or writes the store, so a scan can prepare the next batch in another thread or
process while it stores the current one (`read_ahead`, `prepare_worker`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from netpolarna.common.pickling import pickled_by_fields
from netpolarna.netwalk.classifier.language import (
    SUPPORTED_LANGUAGES,
    detect_languages,
    normalise_language_code,
)
from netpolarna.netwalk.connectors import FetchedMessage
from netpolarna.netwalk.ingestion.gazetteer import Gazetteer
from netpolarna.netwalk.ingestion.pseudonyms import Pseudonymiser
from netpolarna.netwalk.ingestion.scorer import MessageScores, classify_batch

ID_LENGTH = 255
URL_LENGTH = 2048
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"

# Scores for texts in their languages; None when there is no model to score with.
Classify = Callable[[Sequence[str], Sequence[str]], list[MessageScores] | None]


@pickled_by_fields
@dataclass(slots=True)
class PreparedMessage:
    thread_key: str
    message_id: str
    parent_id: str | None
    author: str  # pseudonym
    text: str  # mentions scrubbed
    content_hash: str
    given_lang: str | None
    url: str | None
    title: str | None
    created_at: datetime
    edited_at: datetime | None
    # Decided by `complete`, not before, as none is needed for a message stored already: its
    # step in its thread's reply path (`path_key`), its language (trusted or detected), its
    # scores (None also while no model is active) and the gazetteer places in its text.
    path_key: str | None = None
    lang: str | None = None
    scores: MessageScores | None = None
    places: tuple[str, ...] | None = None


@pickled_by_fields
@dataclass(slots=True)
class PreparedBatch:
    fetched: int  # messages the connector gave, repeats included
    messages: list[PreparedMessage]  # the last copy of each message id
    repeats: int  # earlier copies of a message id in the same batch (duplicates)


def _base36(value: int, width: int) -> str:
    digits = []
    while value:
        value, rest = divmod(value, 36)
        digits.append(_BASE36[rest])
    return "".join(reversed(digits)).rjust(width, "0")[-width:]


def path_key(created_at: datetime, message_id: str) -> str:
    """12 sortable characters: creation time in ms, then a short hash of the id for ties."""
    millis = max(0, int(created_at.timestamp() * 1000))
    return _base36(millis, 8) + hashlib.sha1(message_id.encode()).hexdigest()[:4]


def content_hash(author: str, text: str) -> str:
    """Same author, same words (case and spacing aside): the same content in a thread."""
    normal = " ".join(text.casefold().split())
    return hashlib.sha256(f"{author}\x00{normal}".encode()).hexdigest()


def _clean(text: str | None) -> str:
    return (text or "").replace("\x00", "")  # PostgreSQL text cannot hold NUL


def _clip(value: str | None, length: int) -> str | None:
    return value if value is None or len(value) <= length else None


def _prepare_one(m: FetchedMessage, names: Pseudonymiser) -> PreparedMessage:
    author = names.author(m.author)
    text = names.scrub_text(_clean(m.text))
    message_id = m.message_id[:ID_LENGTH]
    created_at = m.created_at.astimezone(UTC)
    return PreparedMessage(
        thread_key=m.source_thread_id[:ID_LENGTH],
        message_id=message_id,
        parent_id=m.parent_id[:ID_LENGTH] if m.parent_id else None,
        author=author,
        text=text,
        content_hash=content_hash(author, text),
        given_lang=m.lang,
        url=_clip(names.scrub_url(m.url, m.author), URL_LENGTH),
        title=names.scrub_text(_clean(m.thread_title)) if m.thread_title else None,
        created_at=created_at,
        edited_at=m.edited_at.astimezone(UTC) if m.edited_at else None,
    )


def prepare_batch(
    messages: Sequence[FetchedMessage],
    names: Pseudonymiser,
    *,
    classify: Classify | None = None,
    places: Gazetteer | None = None,
) -> PreparedBatch:
    """Pseudonymise and hash a batch, keeping the last copy of each message id (the newest
    edit). With `classify`, every kept message is also completed now (`complete`: language,
    scores and, with `places`, the places it names), which is wasted on messages the store
    turns out to hold already: the caller asks for it while most messages are new. Without,
    the store completes the messages it keeps, just before storing them."""
    latest: dict[str, PreparedMessage] = {}
    for fetched in messages:
        item = _prepare_one(fetched, names)
        latest[item.message_id] = item  # keeps the first copy's place in the batch
    kept = list(latest.values())
    if classify is not None:
        complete(kept, classify, places)
    return PreparedBatch(fetched=len(messages), messages=kept, repeats=len(messages) - len(kept))


def complete(
    items: Sequence[PreparedMessage],
    classify: Classify | None = None,
    places: Gazetteer | None = None,
) -> None:
    """Decide what is still open about each item, each in one batch: its reply path key, its
    language, its scores when a model is active (by default from the app's scorer:
    `classify_batch`) and, with `places`, the places it names. What an item has already is
    left as it is. This is the one place where a message's language is decided and where it
    is classified on its way into the store."""
    undetected = []
    for item in items:
        if item.path_key is None:
            item.path_key = path_key(item.created_at, item.message_id)
        if item.lang is None:
            code = normalise_language_code(item.given_lang)
            if code in SUPPORTED_LANGUAGES:
                item.lang = code  # a supported given code is trusted
            else:
                undetected.append(item)
    for item, lang in zip(undetected, detect_languages([i.text for i in undetected]), strict=True):
        item.lang = lang
    unscored = [item for item in items if item.scores is None]
    if unscored:
        classify = classify or classify_batch
        scores = classify([i.text for i in unscored], [str(i.lang) for i in unscored])
        if scores is not None:
            for item, scored in zip(unscored, scores, strict=True):
                item.scores = scored
    if places is not None:
        for item in items:
            if item.places is None:
                item.places = places.find(item.text)


def forget_stale_scores(items: Sequence[PreparedMessage], version: str | None) -> None:
    """Scores classified ahead by another model than the active one (a model activated while
    the batch was prepared) are decided again by `complete`; without an active model, what
    was classified ahead is kept."""
    if version is None:
        return
    for item in items:
        if item.scores is not None and item.scores.model_version != version:
            item.scores = None
