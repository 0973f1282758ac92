"""Detection over stored messages: fold them into their threads' state, assess, announce.

Ingestion calls `score_ingested` with each batch's `StoredMessage`s, classified before they
were stored, inside the batch's transaction; it never commits. Per message it does a bounded
amount of work: an O(1) update of the thread's `ConflictState` (loaded and saved once per
thread per batch). Only an edited message makes its thread replay from scratch, since its old
contribution is not known. `score_and_detect(ids)` does the same for messages read back from
the store, classifying them first (one batch, one bulk update).

`rescore_all` re-classifies the whole store with the active model, thread by thread in keyset
order, committing per batch, and rebuilds every thread's state and flag.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import and_, or_, select, update

from netpolarna.common.sql import one_of
from netpolarna.db import db, utcnow
from netpolarna.netwalk.classifier import active
from netpolarna.netwalk.classifier.model import Classifier
from netpolarna.netwalk.detection.conflict_state import (
    HOSTILE_LABELS,
    Assessment,
    ConflictSettings,
    ConflictState,
    ScoredMessage,
)
from netpolarna.netwalk.detection.escalation import assess
from netpolarna.netwalk.detection.escalation import update as fold
from netpolarna.netwalk.detection.events import threads_assessed
from netpolarna.netwalk.detection.models import ThreadConflictState
from netpolarna.netwalk.detection.thread_features import message_cues
from netpolarna.netwalk.detection.thread_model import ThreadModel, thread_model_for
from netpolarna.netwalk.ingestion.gazetteer import Gazetteer, app_gazetteer
from netpolarna.netwalk.ingestion.pseudonyms import TOKEN_LENGTH, TOKEN_PREFIX
from netpolarna.netwalk.ingestion.scorer import (
    MessageScores,
    StoredMessage,
    classify_with_active_model,
    scores_of,
)
from netpolarna.netwalk.models import Message, Thread

log = logging.getLogger(__name__)
CHUNK = 500
_MENTION_TOKEN = re.compile(re.escape(TOKEN_PREFIX) + rf"([0-9a-f]{{{TOKEN_LENGTH}}})")
_COLUMNS = (
    Message.id,
    Message.thread_id,
    Message.text,
    Message.lang,
    Message.author_pseudonym,
    Message.created_at,
    Message.parent_message_id,
    Message.label,
    Message.score,
    Message.threat,
    Message.targets,
    Message.places,
)


def _stored(row: Any) -> StoredMessage:
    """A message row as detection reads it (`_COLUMNS`)."""
    scores = None
    if row.label is not None:
        hostility = row.score if row.score is not None else float(row.label in HOSTILE_LABELS)
        scores = MessageScores(
            row.label, float(hostility), float(row.threat or 0.0), list(row.targets or []), None
        )
    return StoredMessage(
        row.id,
        row.thread_id,
        row.text,
        row.lang,
        row.author_pseudonym,
        row.created_at,
        row.parent_message_id,
        scores,
        # Stored since ingestion decides them; a row from before that reads its text again.
        places=tuple(row.places) if row.places is not None else None,
    )


def active_classifier() -> Classifier | None:
    """The app's active model, or None while none is trained (scoring then keeps stored labels)."""
    return active.active_classifier(current_app.instance_path)


def _thread_model(classifier: Classifier | None) -> ThreadModel | None:
    """The learned pile-on model saved with the classifier's version (older versions have none,
    and the hand-set escalation score is used)."""
    return thread_model_for(current_app.instance_path, classifier)


def detector(classifier: Classifier | None) -> tuple[ConflictSettings, ThreadModel | None]:
    """The detector's thresholds and the learned thread model saved with `classifier`, looked up
    once per batch. The thresholds come from the config; with a learned thread model, its threat
    level (chosen when it was trained) replaces the configured one, so the plain-word reasons,
    the thread counters and the reviewer's view count the same messages as threats as the model."""
    settings = ConflictSettings.from_config(current_app.config)
    thread_model = _thread_model(classifier)
    if thread_model is not None:
        settings = replace(settings, threat_threshold=thread_model.threat_threshold)
    return settings, thread_model


def detector_settings(classifier: Classifier | None) -> ConflictSettings:
    """The thresholds of `detector`, for readers that need no thread model."""
    return detector(classifier)[0]


def _classify(items: list[StoredMessage], classifier: Classifier, now: datetime) -> None:
    """Predict in one batch; write label, hostility score, threat and targets to the rows."""
    if not items:
        return
    version = classifier.version or None
    predictions = classifier.predict([i.text for i in items], [i.lang for i in items])
    rows = []
    for item, p in zip(items, predictions, strict=True):
        item.scores = scores = scores_of(p, version)
        rows.append(
            {
                "id": item.id,
                "label": scores.label,
                "score": scores.score,
                "threat": scores.threat,
                "targets": scores.targets,
                "model_version": version,
                "scored_at": now,
            }
        )
    db.session.execute(update(Message), rows)


def _author(message: StoredMessage) -> str:
    """The pseudonym's first TOKEN_LENGTH characters, as mention tokens carry it."""
    return message.author_pseudonym[:TOKEN_LENGTH]


def _target_keys(
    item: StoredMessage, targets: Sequence[str], parent_author: str | None, root_author: str | None
) -> tuple[str, ...]:
    """Whom a message aims at: group targets by name; a person by mention, reply or thread."""
    keys: list[str] = []
    author = _author(item)
    for target in targets:
        if target != "individual":
            keys.append(f"group:{target}")
            continue
        people = [m for m in _MENTION_TOKEN.findall(item.text) if m != author]
        if not people:
            fallback = next(
                (a for a in (parent_author, root_author) if a and a != author), "subject"
            )
            people = [fallback]
        keys.extend(f"person:{p}" for p in dict.fromkeys(people))
    return tuple(dict.fromkeys(keys))


def _parent_authors(items: Iterable[StoredMessage]) -> dict[int, str]:
    items = list(items)
    known = {i.id: _author(i) for i in items}
    wanted = {i.parent_message_id for i in items if i.parent_message_id} - set(known)
    for chunk in _chunks(sorted(wanted)):
        stmt = select(Message.id, Message.author_pseudonym).where(one_of(Message.id, chunk))
        known.update(
            {row.id: row.author_pseudonym[:TOKEN_LENGTH] for row in db.session.execute(stmt)}
        )
    return known


def _fold_items(
    state: ConflictState,
    items: Sequence[StoredMessage],
    settings: ConflictSettings,
    parents: dict[int, str],
    places: Gazetteer,
) -> None:
    seen_before = state.max_message_id
    for item in items:
        if item.id <= seen_before:
            continue  # already counted (a repeated call for the same batch)
        parent = parents.get(item.parent_message_id) if item.parent_message_id else None
        scores = item.scores
        fold(
            state,
            ScoredMessage(
                id=item.id,
                author=_author(item),
                created_at=item.created_at,
                label=scores.label if scores else None,
                hostility=scores.score if scores else 0.0,
                threat=scores.threat if scores else 0.0,
                targets=(
                    _target_keys(item, scores.targets, parent, state.root_author) if scores else ()
                ),
                places=places.find(item.text) if item.places is None else item.places,
                cues=message_cues(item.text),
            ),
            settings,
        )


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _load(ids: Sequence[int]) -> list[StoredMessage]:
    items: list[StoredMessage] = []
    for chunk in _chunks(sorted(set(ids))):
        stmt = select(*_COLUMNS).where(one_of(Message.id, chunk))
        items.extend(_stored(r) for r in db.session.execute(stmt))
    return items


def _state_rows(thread_ids: Collection[int]) -> dict[int, ThreadConflictState]:
    rows: dict[int, ThreadConflictState] = {}
    for chunk in _chunks(sorted(thread_ids)):
        stmt = (
            select(ThreadConflictState)
            .where(one_of(ThreadConflictState.thread_id, chunk))
            .with_for_update()
        )
        rows.update({r.thread_id: r for r in db.session.scalars(stmt)})
    return rows


def _replay_thread(thread_id: int, settings: ConflictSettings, places: Gazetteer) -> ConflictState:
    """Rebuild one thread's state from its stored messages (after an edit)."""
    state = ConflictState()
    stmt = select(*_COLUMNS).where(Message.thread_id == thread_id).order_by(Message.id)
    batch: list[StoredMessage] = []
    for row in db.session.execute(stmt.execution_options(yield_per=CHUNK)):
        batch.append(_stored(row))
        if len(batch) >= CHUNK:
            _fold_items(state, batch, settings, _parent_authors(batch), places)
            batch = []
    _fold_items(state, batch, settings, _parent_authors(batch), places)
    return state


def _save(
    thread: Thread,
    row: ThreadConflictState | None,
    state: ConflictState,
    settings: ConflictSettings,
    version: str | None,
    now: datetime,
    thread_model: ThreadModel | None = None,
) -> Assessment:
    """Store a thread's state and counters; its assessment, for the flag step."""
    assessment = assess(state, settings, thread_model=thread_model)
    if row is None:
        row = ThreadConflictState(thread_id=thread.id)
        db.session.add(row)
    row.state = state.to_dict()
    row.score = assessment.score
    row.severity = assessment.severity
    row.model_version = version
    thread.scored_count = state.scored
    thread.hostile_count = state.hostile
    thread.threat_count = state.threats
    thread.counter_speech_count = state.counter_speech
    thread.escalation_score = assessment.score
    thread.escalation_scored_at = now
    thread.needs_rescore = False
    return assessment


def _detect(
    items: list[StoredMessage],
    classifier: Classifier | None,
    *,
    classify: bool,
    rebuild: Collection[int] = (),
    fresh: Collection[int] = (),
    defer: Collection[int] = (),
    now: datetime | None = None,
) -> None:
    """With `classify`, the items are (re)classified with `classifier` first; else they carry
    the scores they were stored with."""
    now = now or utcnow()
    settings, thread_model = detector(classifier)
    places = app_gazetteer()
    if classify and classifier is not None:
        _classify(items, classifier, now)
    version = classifier.version if classifier is not None else None
    by_thread: dict[int, list[StoredMessage]] = defaultdict(list)
    for item in items:
        by_thread[item.thread_id].append(item)
    rows = _state_rows(by_thread)
    threads = {
        t.id: t
        for chunk in _chunks(sorted(by_thread))
        for t in db.session.scalars(select(Thread).where(one_of(Thread.id, chunk)))
    }
    parents = _parent_authors(items)
    assessed: list[tuple[Thread, Assessment]] = []
    for thread_id, group in by_thread.items():
        thread = threads.get(thread_id)
        if thread is None:
            continue
        row = rows.get(thread_id)
        if thread_id in rebuild:
            db.session.flush()
            state = _replay_thread(thread_id, settings, places)
        else:
            reset = row is None or thread_id in fresh
            state = ConflictState() if reset else ConflictState.from_dict(row.state)  # type: ignore[union-attr]
            group.sort(key=lambda i: (i.created_at, i.id))
            _fold_items(state, group, settings, parents, places)
        assessment = _save(thread, row, state, settings, version, now, thread_model)
        if thread_id not in defer:
            assessed.append((thread, assessment))
    threads_assessed(assessed, now)


def score_and_detect(message_ids: Sequence[int], *, edited_ids: Collection[int] = ()) -> None:
    """Classify these stored messages, update their threads' conflict state, raise flags.

    No commit: the caller's transaction carries it. Without an active model the messages keep
    whatever label they have (normally none) and only the thread's volume and pace are counted.
    `edited_ids` names messages stored before and changed since: their threads are replayed.
    """
    if not message_ids:
        return
    items = _load(message_ids)
    edited = set(edited_ids)
    rebuild = {i.thread_id for i in items if i.id in edited}
    _detect(items, active_classifier(), classify=True, rebuild=rebuild)


class IngestScorer:
    """The `Scorer` ingestion uses (see `ingestion.scorer`): it classifies messages with the
    active model before they are stored, and folds each stored batch into its threads."""

    # The batch preparation process may classify ahead for this scorer (see `ingestion.scorer`).
    classifies_with_active_model = True

    def classify(self, texts: Sequence[str], langs: Sequence[str]) -> list[MessageScores] | None:
        return classify_with_active_model(current_app.instance_path, texts, langs)

    def model_version(self) -> str | None:
        classifier = active_classifier()
        return classifier.version or None if classifier is not None else None

    def __call__(self, messages: Sequence[StoredMessage]) -> None:
        if not messages:
            return
        items = sorted(messages, key=lambda m: m.id)  # threads in first-id order
        rebuild = {m.thread_id for m in items if m.edited}
        _detect(items, active_classifier(), classify=False, rebuild=rebuild)


score_ingested = IngestScorer()


def rescore_all(batch_size: int = 1000) -> int:
    """Re-score every stored message with the active model; rebuild states and flags.

    Walks messages in (thread, id) keyset order, `batch_size` at a time, committing per batch,
    so memory stays flat and ingestion can interleave. Returns how many messages were scored.
    """
    classifier = active_classifier()
    settings, thread_model = detector(classifier)
    started: set[int] = set()
    pending: int | None = None
    last = (0, 0)
    total = 0
    while True:
        stmt = (
            select(*_COLUMNS)
            .where(
                or_(
                    Message.thread_id > last[0],
                    and_(Message.thread_id == last[0], Message.id > last[1]),
                )
            )
            .order_by(Message.thread_id, Message.id)
            .limit(batch_size)
        )
        items = [_stored(r) for r in db.session.execute(stmt)]
        if not items:
            break
        threads_here = list(dict.fromkeys(i.thread_id for i in items))
        if pending is not None and pending not in threads_here:
            _finish(pending, settings, thread_model)
        fresh = set(threads_here) - started
        started.update(threads_here)
        # The batch's last thread may go on in the next batch: its flag waits until it ends.
        _detect(items, classifier, classify=True, fresh=fresh, defer={threads_here[-1]})
        pending = threads_here[-1]
        last = (items[-1].thread_id, items[-1].id)
        total += len(items)
        db.session.commit()
    if pending is not None:
        _finish(pending, settings, thread_model)
        db.session.commit()
    return total


def _finish(
    thread_id: int, settings: ConflictSettings, thread_model: ThreadModel | None = None
) -> None:
    """Announce the assessment of a thread whose replay is complete."""
    row = db.session.get(ThreadConflictState, thread_id)
    thread = db.session.get(Thread, thread_id)
    if row is not None and thread is not None:
        state = ConflictState.from_dict(row.state)
        threads_assessed([(thread, assess(state, settings, thread_model=thread_model))], utcnow())


@click.command("rescore")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, 100_000))
@with_appcontext
def rescore_command(batch_size: int) -> None:
    """Re-score every stored message with the active model and rebuild the conflict states."""
    classifier = active_classifier()
    count = rescore_all(batch_size)
    version = classifier.version if classifier is not None else "none (stored labels kept)"
    click.echo(f"rescored {count} messages with model {version}")
