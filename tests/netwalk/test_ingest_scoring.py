"""Ingestion classifies every message once, before storing it: the same result whether that is
done ahead (a scan's read-ahead) or by the store just before the insert, and a message classified
ahead by a model that is no longer the active one is classified again."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent / "triage"))

from triage_support import CIVIL_DEBATE, PILE_ON, Line, tiny_model

from netpolarna.audit.models import AuditEvent
from netpolarna.db import db
from netpolarna.netwalk import sources
from netpolarna.netwalk.connectors import FetchedMessage
from netpolarna.netwalk.detection.models import ThreadConflictState
from netpolarna.netwalk.ingestion import preparing
from netpolarna.netwalk.ingestion import store as ingest
from netpolarna.netwalk.ingestion.gazetteer import app_gazetteer
from netpolarna.netwalk.ingestion.pseudonyms import Pseudonymiser
from netpolarna.netwalk.ingestion.scorer import classify_batch
from netpolarna.netwalk.models import Message, Source, Thread
from netpolarna.netwalk.triage.models import Flag

START = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


def _fetched(thread: str, lines: list[Line], k: int, **changes: Any) -> FetchedMessage:
    line = lines[k]
    parent = f"{thread}-{line.parent}" if line.parent is not None else None
    if parent is None and k > 0:
        parent = f"{thread}-0"
    values: dict[str, Any] = {
        "source_thread_id": thread,
        "message_id": f"{thread}-{k}",
        "parent_id": parent,
        "author": line.author,
        "text": line.text,
        "created_at": START + timedelta(minutes=line.minute),
        "lang": line.lang,
        "thread_title": thread if k == 0 else None,
    }
    values.update(changes)
    return FetchedMessage(**values)


def _feed(app: Flask, name: str, *, read_ahead: bool = False, stale: bool = False) -> Source:
    """Two batches into a new source; `read_ahead` prepares and classifies them first, as a
    scan's read-ahead thread does (with `stale`, as if by an older model)."""
    source = sources.create_source(
        name=name, kind="jsonl", config={"path": str(Path(app.instance_path) / f"{name}.jsonl")}
    )
    key = app.config["PSEUDONYM_KEY"]
    threads = {"pile": PILE_ON, "debate": CIVIL_DEBATE}
    # Replies within a batch, replies to messages of an earlier batch, and an edit.
    first = [_fetched(t, lines, k) for t, lines in threads.items() for k in range(4)]
    rest = [_fetched(t, lines, k) for t, lines in threads.items() for k in range(4, len(lines))]
    edit = _fetched("pile", PILE_ON, 2, text="Grattis, snyggt jobbat!", edited_at=START)
    places_ahead: list[str] = []
    for batch in (first, [*rest, edit]):
        if read_ahead:
            names = Pseudonymiser(key, source.kind)
            classify = _by_an_older_model if stale else preparing.classify_batch
            prepared = preparing.prepare_batch(
                batch, names, classify=classify, places=app_gazetteer()
            )
            places_ahead += [place for item in prepared.messages for place in item.places or ()]
            ingest.store_batch(source.id, prepared)
        else:
            ingest.ingest_batch(source, batch, pseudonym_key=key)
        db.session.commit()
    assert bool(places_ahead) == read_ahead  # the pile-on names a school
    return source


def _by_an_older_model(texts: Any, langs: Any) -> Any:
    scores = preparing.classify_batch(texts, langs) or []
    return [replace(s, label="neutral", score=0.0, model_version="older") for s in scores]


def _snapshot(source: Source) -> dict[str, Any]:
    messages = {m.id: m for m in db.session.scalars(select(Message).where(
        Message.source_id == source.id))}  # fmt: skip
    rows = {
        m.message_id: (
            m.label,
            m.score,
            m.threat,
            m.targets,
            m.model_version,
            m.scored_at is not None,
            messages[m.parent_message_id].message_id if m.parent_message_id else None,
            m.depth,
        )
        for m in messages.values()
    }
    threads = {}
    for thread in db.session.scalars(select(Thread).where(Thread.source_id == source.id)):
        state = db.session.get(ThreadConflictState, thread.id)
        flag = db.session.scalar(select(Flag).where(Flag.thread_id == thread.id))
        assert state is not None
        audits = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.subject_type == "flag",
            AuditEvent.subject_id == str(flag.id if flag else -1)))  # fmt: skip
        threads[thread.source_thread_id] = (
            thread.message_count,
            thread.reply_count,
            thread.author_count,
            thread.max_depth,
            thread.lang_counts,
            thread.hostile_count,
            thread.scored_count,
            thread.escalation_score,
            state.score,
            state.severity,
            {k: state.state[k] for k in ("total", "scored", "hostile", "threats", "places")},
            (flag.severity, flag.score, flag.reasons, len(flag.evidence_message_ids), audits)
            if flag
            else None,
        )
    return {"messages": rows, "threads": threads}


def test_classifying_before_insert_stores_what_scoring_after_insert_did(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = tiny_model(app.instance_path)
    classified: list[int] = []

    def spy(texts: Any, langs: Any) -> Any:
        scores = classify_batch(texts, langs)
        classified.append(len(scores or ()))
        return scores

    monkeypatch.setattr(preparing, "classify_batch", spy)
    ahead = _snapshot(_feed(app, "ahead"))
    # Classified by the store just before the insert or update: each message once, the edit
    # included.
    assert sum(classified) == len(PILE_ON) + len(CIVIL_DEBATE) + 1
    # Prepared in a read-ahead: every message of a batch is classified, the edit included.
    classified.clear()
    read_ahead = _snapshot(_feed(app, "read-ahead", read_ahead=True))
    assert sum(classified) == len(PILE_ON) + len(CIVIL_DEBATE) + 1
    # Classified ahead by a model that is no longer active: the store classifies them again.
    classified.clear()
    stale = _snapshot(_feed(app, "stale", read_ahead=True, stale=True))
    assert sum(classified) == 2 * (len(PILE_ON) + len(CIVIL_DEBATE) + 1)
    assert ahead == read_ahead == stale
    assert all(row[0] is not None and row[4] == version for row in ahead["messages"].values())
    assert ahead["threads"]["pile"][-1] is not None  # the pile-on is flagged either way
    assert ahead["threads"]["pile"][-2]["places"]  # it names a school: places found ahead too
    assert ahead["threads"]["debate"][-1] is None
