"""`netpolarna demo load` gives a new user a scanned multi-language source at once."""

from __future__ import annotations

from collections import Counter

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from netpolarna.db import db
from netpolarna.netwalk.demo import DEMO_SOURCE_NAME
from netpolarna.netwalk.models import Message, ScanRun, Source, Thread


def test_demo_load_creates_and_scans_the_sample_once(runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert DEMO_SOURCE_NAME in first.output and "succeeded" in first.output

    source = db.session.scalar(select(Source).where(Source.name == DEMO_SOURCE_NAME))
    assert source is not None and source.kind == "jsonl"
    messages = db.session.scalar(select(func.count(Message.id)))
    assert messages is not None and messages >= 250
    langs = Counter(db.session.scalars(select(Message.lang)))
    assert {"sv", "da", "nb", "en"} <= set(langs) and langs["sv"] > langs["other"]
    threads = {t.source_thread_id: t for t in db.session.scalars(select(Thread))}
    pile_on = threads["tiktok-elin"]
    assert pile_on.message_count >= 45 and pile_on.author_count >= 15

    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0
    assert db.session.scalar(select(func.count(ScanRun.id))) == 1
    assert db.session.scalar(select(func.count(Message.id))) == messages
