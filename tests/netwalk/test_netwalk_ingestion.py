"""Ingestion rules: pseudonyms only, reply order, resuming after a crash, languages, retention."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from netwalk_support import conversation, line, write_lines
from sqlalchemy import func, select, text, update

from netpolarna.db import db, utcnow
from netpolarna.netwalk import retention, sources
from netpolarna.netwalk.connectors import FetchedMessage
from netpolarna.netwalk.ingestion import bulk, scanning
from netpolarna.netwalk.ingestion import store as ingest
from netpolarna.netwalk.ingestion.gazetteer import app_gazetteer
from netpolarna.netwalk.ingestion.preparing import prepare_batch
from netpolarna.netwalk.ingestion.pseudonyms import Pseudonymiser
from netpolarna.netwalk.ingestion.scorer import MessageScores
from netpolarna.netwalk.models import Message, ScanRun, Source, Thread

RAW_HANDLES = ("kalle_raw_handle_91", "Stina.Raw.Handle", "troll_raw_handle_7")


def _source(path: Path, **config: Any) -> Source:
    return sources.create_source(name="Test", kind="jsonl", config={"path": str(path), **config})


def _all_database_text() -> str:
    """Every value in every table (PostgreSQL), or the raw SQLite file with its WAL."""
    engine = db.engine
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        path = Path(str(engine.url.database))
        blobs = [p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists()]
        return b"".join(blobs).decode("utf-8", errors="replace")
    chunks = []
    with engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            chunks.extend(repr(tuple(row)) for row in conn.execute(table.select()))
    return "\n".join(chunks)


def test_no_raw_author_handle_anywhere_in_the_database(
    app: Flask, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    feed = tmp_path / "handles.jsonl"
    kalle, stina, troll = RAW_HANDLES
    write_lines(
        feed,
        [
            line(
                "t",
                "1",
                author=kalle,
                text="Ni borde läsa det här innan ni dömer henne.",
                url=f"https://social.example/@{kalle}/1",
                thread_title=f"Post by @{kalle}",
            ),
            line("t", "2", parent="1", author=stina, text=f"@{kalle} håller med, bra skrivet!"),
            line(
                "t",
                "3",
                parent="1",
                author=f"@{troll}@social.example",
                text=f"@{stina} och @{kalle} ni är patetiska",
                minutes=2,
            ),
            line("t", "4", parent="3", author=stina, text=f"u/{troll} lägg av nu", minutes=3),
        ],
    )
    source = _source(feed)
    run = scanning.scan_source(source.id, trigger="cli")
    assert run is not None and run.new == 4

    dump = _all_database_text()
    for handle in RAW_HANDLES:
        assert handle not in dump and handle.lower() not in dump.lower(), handle
        assert handle.lower() not in caplog.text.lower()
    messages = {m.message_id: m for m in db.session.scalars(select(Message))}
    assert messages["2"].author_pseudonym == messages["4"].author_pseudonym  # stable pseudonym
    assert len({m.author_pseudonym for m in messages.values()}) == 3
    assert messages["2"].text.startswith("@anon-")  # the mention became a pseudonym token
    assert messages["1"].url is not None and messages["1"].url.startswith(
        "https://social.example/@anon-"
    )
    thread = db.session.scalar(select(Thread))
    assert thread is not None and thread.author_count == 3 and "@anon-" in (thread.title or "")


def test_pseudonyms_depend_on_the_key(app: Flask, tmp_path: Path) -> None:
    feed = tmp_path / "k.jsonl"
    write_lines(feed, [line("t", "1", author="same_person")])
    source = _source(feed)
    scanning.scan_source(source.id, trigger="cli")
    first = db.session.scalar(select(Message.author_pseudonym))
    app.config["PSEUDONYM_KEY"] = "another-key-entirely-0123456789abcdef"
    write_lines(feed, [line("t2", "2", author="same_person")], append=True)
    scanning.scan_source(source.id, trigger="cli")
    pseudonyms = set(db.session.scalars(select(Message.author_pseudonym)))
    assert first in pseudonyms and len(pseudonyms) == 2


def test_thread_pages_in_reply_order_with_late_and_early_replies(
    client: FlaskClient, make_actor: Callable[..., Any], tmp_path: Path
) -> None:
    staff = make_actor("netwalker")
    feed = tmp_path / "order.jsonl"
    records = conversation("a", 6)
    # A reply whose parent has not arrived yet (o-1 comes with the next scan), with its own reply.
    records += [
        line("a", "o-2", parent="o-1", author="p2", minutes=41),
        line("a", "o-3", parent="o-2", author="p3", minutes=42),
    ]
    write_lines(feed, records)
    source = _source(feed)
    scanning.scan_source(source.id, trigger="cli")
    write_lines(
        feed,
        [
            line("a", "a-6", parent="a-1", author="late", minutes=10),
            line("a", "o-1", parent="a-3", author="p1", minutes=40),
        ],
        append=True,
    )
    scanning.scan_source(source.id, trigger="cli")

    thread = db.session.scalar(select(Thread))
    assert thread is not None
    order, cursor = [], None
    while True:
        query = "?limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(f"/api/v1/threads/{thread.id}{query}", headers=staff.headers).json
        order += [(m["message_id"], m["depth"]) for m in body["messages"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert body["message_count"] == 10 and body["source_thread_id"] == "a"
    assert order == [
        ("a-0", 0),
        ("a-1", 1),
        ("a-2", 2),
        ("a-6", 2),
        ("a-3", 1),
        ("a-4", 2),
        ("o-1", 2),
        ("o-2", 3),
        ("o-3", 4),
        ("a-5", 1),
    ]
    o2 = db.session.scalar(select(Message).where(Message.message_id == "o-2"))
    o1 = db.session.scalar(select(Message).where(Message.message_id == "o-1"))
    assert o1 is not None and o2 is not None and o2.parent_message_id == o1.id
    listed = client.get(f"/api/v1/threads?source_id={source.id}", headers=staff.headers).json
    assert [t["id"] for t in listed["items"]] == [thread.id]
    assert client.get("/api/v1/threads/999999", headers=staff.headers).status_code == 404


class Killed(BaseException):
    """The process dies: nothing after this runs, not even the scan's error handling."""


def test_crash_mid_scan_resumes_from_the_watermark_without_duplicates(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = tmp_path / "big.jsonl"
    write_lines(feed, conversation("c", 10))
    source = _source(feed, batch_size=3)
    real = ingest.store_batch
    calls = {"n": 0}

    def dying(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        result = real(*args, **kwargs)
        db.session.flush()
        if calls["n"] == 3:
            raise Killed  # half-way through the third batch, before its commit
        return result

    monkeypatch.setattr(scanning, "store_batch", dying)
    with pytest.raises(Killed):
        scanning.scan_source(source.id, trigger="cli")
    db.session.rollback()
    monkeypatch.setattr(scanning, "store_batch", real)

    assert db.session.scalar(select(func.count(Message.id))) == 6  # two whole batches
    # The dead process's lease runs out; the next scan takes over and resumes.
    db.session.execute(update(Source).values(scan_lease_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    run = scanning.scan_source(source.id, trigger="cli")
    assert run is not None and (run.status, run.new, run.duplicate) == ("succeeded", 4, 0)
    ids = list(db.session.scalars(select(Message.message_id)))
    assert sorted(ids) == sorted(f"c-{i}" for i in range(10))
    dead = db.session.scalar(select(ScanRun).where(ScanRun.id != run.id))
    assert dead is not None and dead.status == "failed" and "interrupted" in (dead.error or "")
    thread = db.session.scalar(select(Thread))
    assert thread is not None and thread.message_count == 10


def test_error_mid_scan_keeps_stored_batches_and_backs_off(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = tmp_path / "err.jsonl"
    write_lines(feed, conversation("e", 7))
    source = _source(feed, batch_size=2)
    real = ingest.store_batch
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(scanning, "store_batch", failing)
    run = scanning.scan_source(source.id, trigger="cli")
    assert run is not None and run.status == "failed" and "disk full" in (run.error or "")
    stored = db.session.get(Source, source.id)
    assert stored is not None and stored.consecutive_failures == 1
    assert stored.next_retry_at is not None and stored.next_retry_at > utcnow()
    assert db.session.scalar(select(func.count(Message.id))) == 2

    monkeypatch.setattr(scanning, "store_batch", real)
    again = scanning.scan_source(source.id, trigger="retry")
    assert again is not None and (again.status, again.new, again.duplicate) == ("succeeded", 5, 0)
    db.session.refresh(stored)
    assert (stored.consecutive_failures, stored.next_retry_at) == (0, None)


def test_languages_detected_or_taken_from_the_source(app: Flask, tmp_path: Path) -> None:
    feed = tmp_path / "lang.jsonl"
    write_lines(
        feed,
        [
            line("l", "sv", text="Jag tycker att skolan borde lyssna mer på eleverna i frågan."),
            line(
                "l", "da", text="Jeg synes ikke, at kommunen har forklaret beslutningen ordentligt."
            ),
            line("l", "en", text="I honestly think the school made the wrong call here."),
            line("l", "nb", text="Dette er helt greit", lang="no"),
            line("l", "x", text="12345 !!!"),
        ],
    )
    source = _source(feed)
    scanning.scan_source(source.id, trigger="cli")
    langs = dict(db.session.execute(select(Message.message_id, Message.lang)).tuples().all())
    assert {k: langs[k] for k in ("sv", "da", "en", "nb")} == {
        "sv": "sv",
        "da": "da",
        "en": "en",
        "nb": "nb",
    }
    thread = db.session.scalar(select(Thread))
    assert thread is not None and sum(thread.lang_counts.values()) == 5


def test_retention_purges_old_unflagged_messages_only(app: Flask, tmp_path: Path) -> None:
    feed = tmp_path / "old.jsonl"
    write_lines(feed, conversation("r", 4) + conversation("kept", 2))
    source = _source(feed)
    scanning.scan_source(source.id, trigger="cli")
    kept = db.session.scalar(select(Thread).where(Thread.source_thread_id == "kept"))
    assert kept is not None
    retention.retain_thread(kept.id)
    long_ago = utcnow() - timedelta(days=int(app.config["NETWALK_RETENTION_DAYS"]) + 1)
    db.session.execute(update(Message).values(ingested_at=long_ago))
    db.session.execute(update(Thread).values(updated_at=long_ago))
    db.session.commit()

    assert retention.purge_expired_messages() == 4
    remaining = set(db.session.scalars(select(Message.message_id)))
    assert remaining == {"kept-0", "kept-1"}
    assert [t.source_thread_id for t in db.session.scalars(select(Thread))] == ["kept"]


def test_pair_lookup_by_joined_list_refuses_values_that_are_not_hex_digests(app: Flask) -> None:
    # The PostgreSQL lookup sends the values as one comma-separated list: a comma would split one.
    for value in ("ab,cd", "not-hex"):
        with pytest.raises(ValueError, match="hex digests"):
            bulk.hex_list([value, "ef"])


def test_a_new_message_reads_back_as_it_was_prepared(app: Flask, tmp_path: Path) -> None:
    """Every column the bulk insert writes (COPY on PostgreSQL), read back from the store."""
    source = _source(tmp_path / "unused.jsonl")
    at_19_in_stockholm = datetime(2026, 3, 2, 19, 0, tzinfo=timezone(timedelta(hours=1)))
    later = datetime(2026, 3, 2, 18, 30, 15, 250000, tzinfo=UTC)
    edited = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    fetched = [
        FetchedMessage("t", "root", None, "a_handle", "Första inlägget", at_19_in_stockholm,
                       lang="sv", url="https://forum.example/t/1", thread_title="Rubrik"),
        FetchedMessage("t", "reply", "root", "b_handle", 'Svar med "citat", tab\toch ny\nrad',
                       later, edited_at=edited),
    ]  # fmt: skip
    prepared = prepare_batch(fetched, Pseudonymiser("k" * 32, "jsonl"))
    scores = MessageScores("offensive", 0.8125, 0.25, ["individual", "religion"], "model-7")
    prepared.messages[1].scores = scores

    counts = ingest.store_batch(source.id, prepared)
    db.session.commit()
    db.session.expire_all()

    assert counts.new == 2
    rows = {m.message_id: m for m in db.session.scalars(select(Message))}
    root, reply = rows["root"], rows["reply"]
    assert root.created_at == datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    assert root.edited_at is None and root.url == "https://forum.example/t/1"
    assert (root.lang, root.label, root.targets, root.retained) == ("sv", None, None, False)
    assert (reply.created_at, reply.edited_at) == (later, edited)
    assert reply.text == 'Svar med "citat", tab\toch ny\nrad'
    assert (reply.label, reply.score, reply.threat) == ("offensive", 0.8125, 0.25)
    assert reply.targets == ["individual", "religion"] and reply.model_version == "model-7"
    assert reply.parent_message_id == root.id and reply.depth == 1
    assert reply.reply_path.startswith(root.reply_path + ".")
    assert reply.author_pseudonym == prepared.messages[1].author != "b_handle"
    assert reply.ingested_at.tzinfo is not None and reply.scored_at == reply.ingested_at


@pytest.mark.parametrize("ahead", [False, True], ids=["by-the-store", "ahead"])
def test_the_places_stored_with_a_message_are_the_gazetteers(
    app: Flask, tmp_path: Path, ahead: bool
) -> None:
    """Decided once on the way in (by a scan's read-ahead or by the store), and again for an
    edit's new text: what analytics counts by place."""
    source = _source(tmp_path / "unused.jsonl")
    names = Pseudonymiser("k" * 32, "jsonl")
    gazetteer = app_gazetteer()
    at = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)

    def store(texts: dict[str, str]) -> ingest.BatchCounts:
        fetched = [FetchedMessage("t", key, None, f"h_{key}", text, at, lang="sv")
                   for key, text in texts.items()]  # fmt: skip
        if ahead:
            prepared = prepare_batch(fetched, names, classify=lambda *_: None, places=gazetteer)
        else:
            prepared = prepare_batch(fetched, names)
        counts = ingest.store_batch(source.id, prepared)
        db.session.commit()
        db.session.expire_all()
        return counts

    def stored() -> dict[str, list[str] | None]:
        return {m.message_id: m.places for m in db.session.scalars(select(Message))}

    texts = {
        "two": "Bråk vid Möckeln igen, sen i Karlskoga centrum",
        "none": "Ingen plats alls här",
        "school": "Vad händer på EKEBYSKOLAN?",
    }
    store(texts)
    assert stored() == {key: list(gazetteer.find(text)) for key, text in texts.items()}
    assert stored() == {
        "two": ["Möckeln", "Karlskoga centrum"],
        "none": [],
        "school": ["Ekebyskolan"],
    }

    edits = {"two": "Nu är det lugnt igen", "none": "Vi ses i Bofors"}
    assert store(edits).updated == 2
    assert stored() == {"two": [], "none": ["Bofors"], "school": ["Ekebyskolan"]}
