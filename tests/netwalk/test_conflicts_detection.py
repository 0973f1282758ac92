"""The scoring hook on stored threads: flags for pile-ons, none for civil debate, one per thread."""

from __future__ import annotations

import sys
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent / "triage"))

from triage_support import (
    CIVIL_DEBATE,
    PILE_ON,
    BuiltThread,
    add_lines,
    build,
    extra_attackers,
    grow,
    make_thread,
    tiny_model,
)

from netpolarna.audit.models import AuditEvent
from netpolarna.db import db
from netpolarna.netwalk.detection.models import ThreadConflictState
from netpolarna.netwalk.detection.scoring import rescore_all, score_and_detect
from netpolarna.netwalk.models import Message, Thread
from netpolarna.netwalk.triage.models import Flag


def _flag(thread_id: int) -> Flag | None:
    return db.session.scalar(select(Flag).where(Flag.thread_id == thread_id))


def test_pile_on_is_flagged_with_reasons_and_evidence(app: Flask) -> None:
    built = build(PILE_ON, "elin")
    flag = _flag(built.thread.id)
    assert flag is not None and flag.status == "new"
    assert flag.severity in {"high", "critical"}
    codes = [r["code"] for r in flag.reasons]
    assert codes[0] == "pile_on"
    assert flag.reasons[0]["en"].startswith("7 different accounts are attacking the same person")
    assert "inom 40 minuter" in flag.reasons[0]["sv"]
    assert "counter_speech" in codes and "local" in codes
    hostile_ids = {m.id for m in built.messages if m.label in {"offensive", "hateful"}}
    assert set(flag.evidence_message_ids) == hostile_ids
    thread = db.session.get(Thread, built.thread.id)
    assert thread is not None and thread.retained and thread.hostile_count == 7
    assert thread.escalation_score == flag.score
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "flag.raised")
        )
        == 1
    )


def test_heated_civil_debate_is_not_flagged(app: Flask) -> None:
    built = build(CIVIL_DEBATE, "bibliotek")
    assert _flag(built.thread.id) is None
    state = db.session.get(ThreadConflictState, built.thread.id)
    assert state is not None and state.severity == "none"
    assert state.state["hostile"] == 2  # rough words about the decision, aimed at no one


def test_growing_thread_updates_the_same_flag_in_constant_work(app: Flask) -> None:
    built = BuiltThread(make_thread("elin"))
    grow(built, PILE_ON[:4])  # three attackers: a small pile-on already
    first = _flag(built.thread.id)
    assert first is not None
    before = (first.id, first.severity_rank, first.version)
    grow(built, PILE_ON[4:])
    grow(built, extra_attackers(3, 0, 50))
    flags = list(db.session.scalars(select(Flag)))
    assert len(flags) == 1 and flags[0].id == before[0]
    assert flags[0].severity_rank > before[1] and flags[0].version > before[2]
    assert flags[0].severity == "critical"  # threats arrived
    actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions.count("flag.raised") == 1 and "flag.escalated" in actions
    # The state remembers what it counted: scoring the same ids again changes nothing.
    state = dict(db.session.get(ThreadConflictState, built.thread.id).state)  # type: ignore[union-attr]
    score_and_detect(built.ids)
    db.session.commit()
    again = db.session.get(ThreadConflictState, built.thread.id)
    assert again is not None and again.state == state


def test_closed_flag_comes_back_only_when_the_thread_escalates_beyond_its_closing(
    app: Flask,
) -> None:
    built = BuiltThread(make_thread("elin"))
    grow(built, PILE_ON[:4])
    flag = _flag(built.thread.id)
    assert flag is not None and flag.severity == "medium"
    flag.status, flag.closed_level, flag.closed_score = "closed", flag.severity, flag.score
    db.session.commit()
    # One more civil message: no comeback.
    grow(built, CIVIL_DEBATE[1:2])
    assert db.session.get(Flag, flag.id).status == "closed"  # type: ignore[union-attr]
    # The pile-on goes on: beyond its level at closing, so it is re-raised.
    grow(built, PILE_ON[4:])
    reraised = db.session.get(Flag, flag.id)
    assert reraised is not None and reraised.status == "new" and reraised.reopened_count == 1
    assert reraised.severity_rank > 2
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "flag.reraised")
        )
        == 1
    )


def test_without_a_model_unlabelled_messages_are_counted_but_not_flagged(app: Flask) -> None:
    built = BuiltThread(make_thread("elin"))
    grow(built, PILE_ON, labelled=False)
    assert _flag(built.thread.id) is None
    assert all(m.label is None for m in db.session.scalars(select(Message)))
    state = db.session.get(ThreadConflictState, built.thread.id)
    assert state is not None and state.state["total"] == len(PILE_ON)
    assert state.state["scored"] == 0


def test_with_a_small_trained_model_the_pile_on_is_flagged_and_debate_is_not(app: Flask) -> None:
    version = tiny_model(app.instance_path)
    pile = BuiltThread(make_thread("elin"))
    grow(pile, PILE_ON, labelled=False)
    debate = BuiltThread(make_thread("bibliotek"))
    grow(debate, CIVIL_DEBATE, labelled=False)
    scored = list(db.session.scalars(select(Message).where(Message.thread_id == pile.thread.id)))
    assert all(m.label is not None and m.model_version == version for m in scored)
    attacks = [m for m in scored if m.label in {"offensive", "hateful"}]
    assert len(attacks) >= 6 and all("individual" in (m.targets or []) for m in attacks)
    assert all(m.score is not None and m.score > 0.5 for m in attacks)
    flag = _flag(pile.thread.id)
    assert flag is not None and flag.severity in {"high", "critical"}
    assert _flag(debate.thread.id) is None


def test_edited_message_replays_its_thread(app: Flask) -> None:
    built = build(PILE_ON, "elin")
    attack = built.messages[1]
    attack.text, attack.label, attack.targets, attack.score = "Grattis!", "neutral", [], 0.01
    db.session.flush()
    score_and_detect([attack.id], edited_ids=[attack.id])
    db.session.commit()
    state = db.session.get(ThreadConflictState, built.thread.id)
    assert state is not None and state.state["hostile"] == 6 and state.state["total"] == 9


def test_rescore_all_rebuilds_states_with_the_active_model(app: Flask) -> None:
    pile = BuiltThread(make_thread("elin"))
    add_lines(pile, PILE_ON, labelled=False)
    debate = BuiltThread(make_thread("bibliotek"))
    add_lines(debate, CIVIL_DEBATE, labelled=False)
    db.session.commit()
    tiny_model(app.instance_path)
    # A small batch size makes the pile-on thread span batches.
    assert rescore_all(batch_size=4) == len(PILE_ON) + len(CIVIL_DEBATE)
    assert db.session.scalar(select(func.count()).select_from(Message).where(
        Message.label.is_(None))) == 0  # fmt: skip
    flags = list(db.session.scalars(select(Flag)))
    assert [f.thread_id for f in flags] == [pile.thread.id]
    assert flags[0].severity in {"high", "critical"}
    state = db.session.get(ThreadConflictState, pile.thread.id)
    assert state is not None and state.state["total"] == len(PILE_ON)
    # Running it again rebuilds rather than double-counts.
    rescore_all(batch_size=100)
    again = db.session.get(ThreadConflictState, pile.thread.id)
    assert again is not None and again.state["total"] == len(PILE_ON)
    assert len(list(db.session.scalars(select(Flag)))) == 1


def test_rescore_command(app: Flask) -> None:
    built = BuiltThread(make_thread("elin"))
    add_lines(built, PILE_ON, labelled=False)
    db.session.commit()
    tiny_model(app.instance_path)
    from netpolarna.netwalk.detection.scoring import rescore_command

    result = app.test_cli_runner().invoke(rescore_command, ["--batch-size", "3"])
    assert result.exit_code == 0, result.output
    assert f"rescored {len(PILE_ON)} messages with model 20260101T0000Z-tiny0001" in result.output
