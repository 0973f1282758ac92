"""Test data with factory-boy: sources, threads, messages, flags and youth reports.

Rows go into the test's session and are flushed (ids assigned), not committed: the test or its
helper commits when the data is complete.

    thread = ThreadFactory(title="Tråd", url="https://forum.example/t/1")
    MessageFactory(thread=thread, text="...", label="hateful")
    FlagFactory(thread=thread, severity="high")
    report_id = ReportFactory(links=["https://forum.example/t/1"])
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import factory
from factory.alchemy import SQLAlchemyModelFactory

from netpolarna.accounts import service as accounts
from netpolarna.db import db, utcnow
from netpolarna.netwalk.models import Message, Source, Thread
from netpolarna.netwalk.triage.models import Flag
from netpolarna.reports import service as reports

T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
SEVERITIES = ("none", "low", "medium", "high", "critical")


def pseudonym(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


class _Factory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731  (the app's session)
        sqlalchemy_session_persistence = "flush"


class SourceFactory(_Factory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Forum {n}")
    kind = "jsonl"
    config = factory.LazyFunction(lambda: {"path": "/dev/null"})


class ThreadFactory(_Factory):
    class Meta:
        model = Thread

    class Params:
        source = factory.SubFactory(SourceFactory)

    source_id = factory.LazyAttribute(lambda o: o.source.id)
    title = factory.Sequence(lambda n: f"Tråd {n}")
    source_thread_id = factory.LazyAttribute(lambda o: o.title)
    url = None


class MessageFactory(_Factory):
    """A stored message; `parent` (a Message) makes it a reply, `author` a name to pseudonymise."""

    class Meta:
        model = Message

    class Params:
        thread = factory.SubFactory(ThreadFactory)
        parent = None
        author = "someone"
        minute = 0.0
        n = factory.Sequence(int)

    source_id = factory.LazyAttribute(lambda o: o.thread.source_id)
    thread_id = factory.LazyAttribute(lambda o: o.thread.id)
    message_id = factory.LazyAttribute(lambda o: f"{o.thread.source_thread_id}-{o.n}")
    parent_id = factory.LazyAttribute(lambda o: o.parent.message_id if o.parent else None)
    parent_message_id = factory.LazyAttribute(lambda o: o.parent.id if o.parent else None)
    depth = factory.LazyAttribute(lambda o: o.parent.depth + 1 if o.parent else 0)
    reply_path = factory.LazyAttribute(lambda o: f"{o.n:06d}")
    author_pseudonym = factory.LazyAttribute(lambda o: pseudonym(o.author))
    text = "Hej allihop"
    content_hash = factory.LazyAttribute(
        lambda o: hashlib.sha256(f"{o.n}{o.text}".encode()).hexdigest()
    )
    lang = "sv"
    url = None
    created_at = factory.LazyAttribute(lambda o: T0 + timedelta(minutes=o.minute))
    label = None
    score = None
    threat = None
    targets = None


class FlagFactory(_Factory):
    """A flag as the detector would leave it, `minutes_ago` first seen, due in `due_in_minutes`."""

    class Meta:
        model = Flag

    class Params:
        thread = factory.SubFactory(ThreadFactory)
        minutes_ago = 10.0
        due_in_minutes = 60.0
        now = factory.LazyFunction(utcnow)

    thread_id = factory.LazyAttribute(lambda o: o.thread.id)
    status = "new"
    severity = "medium"
    severity_rank = factory.LazyAttribute(lambda o: SEVERITIES.index(o.severity))
    score = factory.LazyAttribute(lambda o: 0.2 * o.severity_rank)
    priority = factory.LazyAttribute(lambda o: 5 - o.severity_rank)
    danger = False
    reasons = factory.LazyFunction(list)
    evidence_message_ids = factory.LazyFunction(list)
    assignee_id = None
    first_seen_at = factory.LazyAttribute(lambda o: o.now - timedelta(minutes=o.minutes_ago))
    last_escalated_at = factory.LazyAttribute(lambda o: o.first_seen_at)
    response_due_at = factory.LazyAttribute(lambda o: o.now + timedelta(minutes=o.due_in_minutes))


class ReportFactory(factory.Factory):
    """A youth report filed through the reports service by a new device, as the app files one;
    creating one gives its id."""

    class Meta:
        model = dict

    locale = "sv"
    category = "bullying"
    platform = "instagram"
    description = "De hänger ut henne"
    affected = "friend"
    links = factory.LazyFunction(list)
    in_danger = False

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        youth = accounts.register_device(locale=kwargs["locale"], platform=None).user
        return int(reports.create_report(youth, **kwargs).report.id)
