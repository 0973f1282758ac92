"""Staff verdicts on flags become labelled threads for the pile-on model's next training."""

from __future__ import annotations

from flask import Flask
from triage_support import make_flag

from netpolarna.db import db
from netpolarna.netwalk.detection.thread_corpus import STAFF_THREADS_EXTENSION
from netpolarna.netwalk.triage.models import FlagAction
from netpolarna.netwalk.triage.thread_labels import staff_thread_examples


def test_false_alarms_and_acted_flags_are_labelled_threads(app: Flask) -> None:
    make_flag(status="false_alarm", evidence=2)
    confirmed = make_flag(status="closed", evidence=3)
    db.session.add(FlagAction(flag_id=confirmed.id, kind="contacted_school"))
    waved_off = make_flag(status="closed", evidence=2)
    db.session.add(FlagAction(flag_id=waved_off.id, kind="no_action"))
    make_flag(status="new", evidence=2)  # no verdict yet
    db.session.commit()

    threads = app.extensions[STAFF_THREADS_EXTENSION]()
    assert threads == staff_thread_examples()
    verdicts = sorted((len(t.messages), t.should_flag, t.kind, t.source) for t in threads)
    assert verdicts == [
        (3, False, "staff_false_alarm", "staff"),  # the first post and two attacks
        (4, True, "staff_confirmed", "staff"),
    ]
    texts = [m.text for t in threads for m in t.messages]
    assert all(texts) and all(m.author for t in threads for m in t.messages)
