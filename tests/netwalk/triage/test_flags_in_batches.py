"""A batch that flags several threads at once: each flag as if raised alone, in few statements."""

from __future__ import annotations

from factories import SourceFactory
from flask import Flask
from sqlalchemy import select
from statements import counted_statements, statement_budget
from triage_support import CIVIL_DEBATE, PILE_ON, BuiltThread, add_lines, make_thread, youth_report

from netpolarna.audit.models import AuditEvent
from netpolarna.db import db
from netpolarna.netwalk.detection.scoring import score_and_detect
from netpolarna.netwalk.models import Message, Source, Thread
from netpolarna.netwalk.triage.models import Flag, FlagReportLink

# A flag raised costs its own statements (its row, its audit row, its report links); the
# rest of a batch's work (reads, thread counters, evidence kept) is shared by its threads.
PER_FLAG = 3


def _pile_ons(names: list[str], source: Source) -> list[int]:
    """A pile-on stored in a thread of each name; the new messages' ids."""
    new: list[Message] = []
    for name in names:
        built = BuiltThread(make_thread(name, url=f"https://forum.example/t/{name}", source=source))
        new += add_lines(built, PILE_ON, url_base=f"https://forum.example/t/{name}/m")
    db.session.commit()
    return [m.id for m in new]


def test_flagging_more_threads_in_one_batch_adds_only_each_flags_own_rows(app: Flask) -> None:
    source = SourceFactory()
    score_and_detect(_pile_ons(["warm"], source))  # one-off lookups (types, the model)
    db.session.commit()
    single = _pile_ons(["anna"], source)
    with counted_statements() as one:
        score_and_detect(single)
    db.session.commit()
    four = _pile_ons(["bo", "cilla", "dan", "eva"], source)
    with statement_budget(one.count + 3 * PER_FLAG):
        score_and_detect(four)
    db.session.commit()
    assert len(db.session.scalars(select(Flag)).all()) == 6


def test_one_batch_raises_each_flag_with_its_audit_evidence_and_report(app: Flask) -> None:
    report_id = youth_report(["https://forum.example/t/saga"])
    source = SourceFactory()
    built = {
        name: BuiltThread(make_thread(name, url=f"https://forum.example/t/{name}", source=source))
        for name in ("elin", "saga", "debate")
    }
    new: list[Message] = []
    for name, lines in (("elin", PILE_ON), ("saga", PILE_ON), ("debate", CIVIL_DEBATE)):
        new += add_lines(built[name], lines, url_base=f"https://forum.example/t/{name}/m")
    db.session.commit()

    score_and_detect([m.id for m in new])
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
