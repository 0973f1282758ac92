"""Scoring hook of ingestion: classify new messages, fold them into their threads, announce.

`score_and_detect(ids)` runs inside the caller's transaction and never commits. Per message it
does a bounded amount of work: one batched classification, one bulk update, and an O(1) update
of the thread's `ConflictState` (loaded and saved once per thread per batch). Only an edited
message makes its thread replay from scratch, since its old contribution is not known.

`rescore_all` re-classifies the whole store with the active model, thread by thread in keyset
order, committing per batch, and rebuilds every thread's state and flag.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
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
    IngestedMessage,
    MessageScores,
    classify_with_active_model,
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
)


@dataclass(slots=True)
class _Item:
    id: int
    thread_id: int
    text: str
    lang: str
    author: str  # the pseudonym's first TOKEN_LENGTH characters, as mention tokens carry
    created_at: datetime
    parent_message_id: int | None
    label: str | None
    hostility: float
    threat: float
    targets: list[str]
    places: tuple[str, ...] | None = None  # found ahead (at ingestion), else found when folded


def _item(row: Any) -> _Item:
    hostile = row.label in HOSTILE_LABELS
    hostility = row.score if row.score is not None else float(hostile)
    return _Item(
        row.id,
        row.thread_id,
        row.text,
        row.lang,
        row.author_pseudonym[:TOKEN_LENGTH],
        row.created_at,
        row.parent_message_id,
        row.label,
        float(hostility),
        float(row.threat or 0.0),
        list(row.targets or []),
    )


def active_classifier() -> Classifier | None:
    """The app's active model, or None while none is trained (scoring then keeps stored labels)."""
    return active.active_classifier(current_app.instance_path)


def _thread_model(classifier: Classifier | None) -> ThreadModel | None:
    """The learned pile-on model saved with the classifier's version (older versions have none,
    and the hand-set escalation score is used)."""
    return thread_model_for(current_app.instance_path, classifier)


def _classify(items: list[_Item], classifier: Classifier, now: datetime) -> None:
    """Predict in one batch; write label, hostility score, threat and targets to the rows."""
    if not items:
        return
    predictions = classifier.predict([i.text for i in items], [i.lang for i in items])
    rows = []
    for item, p in zip(items, predictions, strict=True):
        item.label = p.label
        item.hostility = active.hostility(p)
        item.threat = p.threat
        item.targets = list(p.targets)
        rows.append(
            {
                "id": item.id,
                "label": item.label,
                "score": item.hostility,
                "threat": item.threat,
                "targets": item.targets,
                "model_version": classifier.version or None,
                "scored_at": now,
            }
        )
    db.session.execute(update(Message), rows)


def _target_keys(
    item: _Item, parent_author: str | None, root_author: str | None
) -> tuple[str, ...]:
    """Whom a message aims at: group targets by name; a person by mention, reply or thread."""
    keys: list[str] = []
    for target in item.targets:
        if target != "individual":
            keys.append(f"group:{target}")
            continue
        people = [m for m in _MENTION_TOKEN.findall(item.text) if m != item.author]
        if not people:
            fallback = next(
                (a for a in (parent_author, root_author) if a and a != item.author), "subject"
            )
            people = [fallback]
        keys.extend(f"person:{p}" for p in dict.fromkeys(people))
    return tuple(dict.fromkeys(keys))


def _parent_authors(items: Iterable[_Item]) -> dict[int, str]:
    items = list(items)
    known = {i.id: i.author for i in items}
    wanted = {i.parent_message_id for i in items if i.parent_message_id} - set(known)
    for chunk in _chunks(sorted(wanted)):
        stmt = select(Message.id, Message.author_pseudonym).where(one_of(Message.id, chunk))
        known.update(
            {row.id: row.author_pseudonym[:TOKEN_LENGTH] for row in db.session.execute(stmt)}
        )
    return known


def _fold_items(
    state: ConflictState,
    items: Sequence[_Item],
    settings: ConflictSettings,
    parents: dict[int, str],
    places: Gazetteer,
) -> None:
    seen_before = state.max_message_id
    for item in items:
        if item.id <= seen_before:
            continue  # already counted (a repeated call for the same batch)
        parent = parents.get(item.parent_message_id) if item.parent_message_id else None
        fold(
            state,
            ScoredMessage(
                id=item.id,
                author=item.author,
                created_at=item.created_at,
                label=item.label,
                hostility=item.hostility,
                threat=item.threat,
                targets=_target_keys(item, parent, state.root_author) if item.label else (),
                places=places.find(item.text) if item.places is None else item.places,
                cues=message_cues(item.text),
            ),
            settings,
        )


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _load(ids: Sequence[int]) -> list[_Item]:
    items: list[_Item] = []
    for chunk in _chunks(sorted(set(ids))):
        items.extend(
            _item(r) for r in db.session.execute(select(*_COLUMNS).where(one_of(Message.id, chunk)))
        )
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
    batch: list[_Item] = []
    for row in db.session.execute(stmt.execution_options(yield_per=CHUNK)):
        batch.append(_item(row))
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
    items: list[_Item],
    classifier: Classifier | None,
    *,
    rebuild: Collection[int] = (),
    fresh: Collection[int] = (),
    defer: Collection[int] = (),
    classified: Collection[int] = (),
    now: datetime | None = None,
) -> None:
    """`classified` names items whose stored scores are current already (classified ahead)."""
    now = now or utcnow()
    settings = ConflictSettings.from_config(current_app.config)
    places = app_gazetteer()
    if classifier is not None:
        _classify([i for i in items if i.id not in classified], classifier, now)
    version = classifier.version if classifier is not None else None
    by_thread: dict[int, list[_Item]] = defaultdict(list)
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
        assessment = _save(thread, row, state, settings, version, now, _thread_model(classifier))
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
    _detect(items, active_classifier(), rebuild=rebuild)


def _ingested_item(message: IngestedMessage, scores: MessageScores) -> _Item:
    return _Item(
        message.id,
        message.thread_id,
        message.text,
        message.lang,
        message.author_pseudonym[:TOKEN_LENGTH],
        message.created_at,
        message.parent_message_id,
        scores.label,
        scores.score,
        scores.threat,
        list(scores.targets),
        message.places,
    )


class IngestScorer:
    """The `Scorer` ingestion calls after each stored batch (see `netwalk.scoring`).

    New messages come classified ahead (`classify`) and are taken as they were stored; edits
    and anything stored unscored are read back and classified as in `score_and_detect`.
    """

    # The batch preparation process may classify ahead for this scorer (see `ingestion.scorer`).
    classifies_with_active_model = True

    def classify(self, texts: Sequence[str], langs: Sequence[str]) -> list[MessageScores] | None:
        return classify_with_active_model(current_app.instance_path, texts, langs)

    def __call__(self, messages: Sequence[IngestedMessage]) -> None:
        if not messages:
            return
        classifier = active_classifier()
        version = classifier.version or None if classifier is not None else None
        ahead = {
            m.id: _ingested_item(m, m.scores)
            for m in messages
            if m.scores is not None and not m.edited and m.scores.model_version == version
        }
        items = _load([m.id for m in messages if m.id not in ahead])
        items.extend(ahead.values())
        items.sort(key=lambda i: i.id)  # as `_load` returns them: threads in first-id order
        edited = {m.id for m in messages if m.edited}
        rebuild = {i.thread_id for i in items if i.id in edited}
        _detect(items, classifier, rebuild=rebuild, classified=ahead)


score_ingested = IngestScorer()


def rescore_all(batch_size: int = 1000) -> int:
    """Re-score every stored message with the active model; rebuild states and flags.

    Walks messages in (thread, id) keyset order, `batch_size` at a time, committing per batch,
    so memory stays flat and ingestion can interleave. Returns how many messages were scored.
    """
    classifier = active_classifier()
    settings = ConflictSettings.from_config(current_app.config)
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
        items = [_item(r) for r in db.session.execute(stmt)]
        if not items:
            break
        threads_here = list(dict.fromkeys(i.thread_id for i in items))
        if pending is not None and pending not in threads_here:
            _finish(pending, settings, _thread_model(classifier))
        fresh = set(threads_here) - started
        started.update(threads_here)
        # The batch's last thread may go on in the next batch: its flag waits until it ends.
        _detect(items, classifier, fresh=fresh, defer={threads_here[-1]})
        pending = threads_here[-1]
        last = (items[-1].thread_id, items[-1].id)
        total += len(items)
        db.session.commit()
    if pending is not None:
        _finish(pending, settings, _thread_model(classifier))
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
