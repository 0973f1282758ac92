"""A batch that flags several threads at once: each flag as if raised alone, in few statements."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event, select
from triage_support import CIVIL_DEBATE, PILE_ON, BuiltThread, add_lines, make_thread, youth_report

from netpolarna.audit.models import AuditEvent
from netpolarna.extensions import db
from netpolarna.netwalk.detection.scoring import score_and_detect
from netpolarna.netwalk.models import Message, Source, Thread
from netpolarna.netwalk.triage.models import Flag, FlagReportLink


def _statements_during(action: Any) -> list[str]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_one_batch_raises_each_flag_with_its_audit_evidence_and_report(app: Flask) -> None:
    report_id = youth_report(["https://forum.example/t/saga"])
    source = Source(name="Forum", kind="jsonl", config={"path": "/dev/null"})
    db.session.add(source)
    db.session.flush()
    built = {
        name: BuiltThread(make_thread(name, url=f"https://forum.example/t/{name}", source=source))
        for name in ("elin", "saga", "debate")
    }
    new: list[Message] = []
    for name, lines in (("elin", PILE_ON), ("saga", PILE_ON), ("debate", CIVIL_DEBATE)):
        new += add_lines(built[name], lines, url_base=f"https://forum.example/t/{name}/m")
    db.session.commit()

    statements = _statements_during(lambda: score_and_detect([m.id for m in new]))
    db.session.commit()

    flags = {f.thread_id: f for f in db.session.scalars(select(Flag))}
    elin, saga, debate = (built[n].thread for n in ("elin", "saga", "debate"))
    assert set(flags) == {elin.id, saga.id}  # the pile-ons, not the debate
    raised = db.session.execute(
        select(AuditEvent.subject_id).where(AuditEvent.action == "flag.raised")
    ).scalars()
    assert sorted(raised) == sorted(str(f.id) for f in flags.values())
    # Evidence kept: both pile-ons whole, the debate not at all.
    kept = {
        thread_id: set(db.session.scalars(select(Message.retained).where(
            Message.thread_id == thread_id)))
        for thread_id in (elin.id, saga.id, debate.id)
    }  # fmt: skip
    assert kept == {elin.id: {True}, saga.id: {True}, debate.id: {False}}
    retained_threads = db.session.scalars(select(Thread.id).where(Thread.retained.is_(True)))
    assert set(retained_threads) == {elin.id, saga.id}
    # The youth report shares Saga's thread link: linked to her flag only.
    links = db.session.execute(select(FlagReportLink.flag_id, FlagReportLink.report_id)).all()
    assert [tuple(link) for link in links] == [(flags[saga.id].id, report_id)]
    # Shared work is done once for the batch, not once per flagged thread.
    retains = [s for s in statements if s.startswith("UPDATE netwalk_messages SET retained")]
    url_reads = [s for s in statements if s.startswith("SELECT netwalk_messages.id, netwalk_me"
                                                       "ssages.url")]  # fmt: skip
    assert (len(retains), len(url_reads)) == (1, 1)
