"""Batches prepared in the preparation process: the store ends as if prepared in the scan's own."""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from netwalk_support import line, write_lines
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent / "triage"))

from triage_support import PILE_ON, tiny_model

from netpolarna.db import db
from netpolarna.netwalk import sources
from netpolarna.netwalk.connectors import CONNECTORS
from netpolarna.netwalk.ingestion import prepare_worker, scanning
from netpolarna.netwalk.models import Message, Source
from netpolarna.netwalk.triage.models import Flag


@pytest.fixture
def worker(app: Flask) -> Iterator[None]:
    prepare_worker.start(app.instance_path)
    assert prepare_worker.wait_until_ready()
    yield
    prepare_worker.stop()


def _pile_on_source(folder: Path, name: str) -> Source:
    """The pile-on as a JSONL source, in batches of three (so the read-ahead has work)."""
    records = [
        line("pile", f"pile-{k}", parent=None if k == 0 else f"pile-{x.parent or 0}",
             author=x.author, text=x.text, minutes=int(x.minute), lang=x.lang)
        for k, x in enumerate(PILE_ON)
    ]  # fmt: skip
    path = folder / f"{name}.jsonl"
    write_lines(path, records)
    return sources.create_source(
        name=name, kind="jsonl", config={"path": str(path), "batch_size": 3}
    )


def _stored(source: Source) -> list[tuple[Any, ...]]:
    rows = db.session.scalars(select(Message).where(Message.source_id == source.id))
    return sorted(
        (m.message_id, m.author_pseudonym, m.text, m.lang, m.label, m.score, m.threat,
         m.targets, m.model_version, m.depth, m.reply_path)
        for m in rows
    )  # fmt: skip


def _scan(source: Source) -> None:
    run = scanning.scan_source(source.id, trigger="cli")
    assert run is not None and run.status == "succeeded", run and run.error
    assert run.new == len(PILE_ON)


def test_a_scan_prepared_in_the_worker_stores_what_one_prepared_here_stores(
    app: Flask, worker: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = tiny_model(app.instance_path)
    folder = Path(app.instance_path)
    in_worker, here = _pile_on_source(folder, "worker"), _pile_on_source(folder, "here")

    def not_here(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a batch was prepared in the scan's process")

    app.config["NETWALK_PREPARE_PROCESS"] = "on"
    with monkeypatch.context() as patch:
        patch.setattr(scanning, "prepare_batch", not_here)
        _scan(in_worker)
    app.config["NETWALK_PREPARE_PROCESS"] = "off"
    _scan(here)

    assert _stored(in_worker) == _stored(here)
    assert {row[8] for row in _stored(in_worker)} == {version}  # classified by the worker
    flagged = db.session.scalars(select(Flag.thread_id)).all()
    assert len(flagged) == 2  # the pile-on, in each source


def test_a_worker_that_dies_is_replaced_and_no_batch_is_lost(app: Flask, worker: None) -> None:
    tiny_model(app.instance_path)
    app.config["NETWALK_PREPARE_PROCESS"] = "on"
    first = prepare_worker.pid()
    assert first is not None
    os.kill(first, signal.SIGKILL)
    source = _pile_on_source(Path(app.instance_path), "killed")
    _scan(source)  # prepared here while a new worker starts

    assert all(row[4] is not None for row in _stored(source))
    assert prepare_worker.wait_until_ready()
    assert prepare_worker.pid() not in (None, first)


def test_the_scheduler_starts_the_worker_on_postgresql_or_when_told(app: Flask) -> None:
    threshold = gc.get_threshold()
    try:
        for setting, expected in (("auto", db.engine.dialect.name == "postgresql"), ("off", False)):
            app.config["NETWALK_PREPARE_PROCESS"] = setting
            scanning.prepare_scanning_process()
            assert (prepare_worker.pid() is not None) == expected
            prepare_worker.stop()
    finally:
        prepare_worker.stop()
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_a_scan_reads_ahead_when_it_would_wait_for_the_worker_or_the_network(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    depths: list[int] = []
    real_read_ahead = scanning.read_ahead

    def recorded(items: Any, prepare: Any, *, depth: int) -> Any:
        depths.append(depth)
        return real_read_ahead(items, prepare, depth=depth)

    monkeypatch.setattr(scanning, "read_ahead", recorded)
    folder = Path(app.instance_path)
    app.config["NETWALK_PREPARE_PROCESS"] = "off"
    _scan(_pile_on_source(folder, "here"))
    app.config["NETWALK_PREPARE_PROCESS"] = "on"
    prepare_worker.start(app.instance_path)
    try:
        assert prepare_worker.wait_until_ready()
        _scan(_pile_on_source(folder, "worker"))
    finally:
        prepare_worker.stop()

    assert depths == [0, 1]  # local files: ahead only while the worker prepares them
    for kind in ("rss", "mastodon", "reddit", "discourse"):
        assert scanning.read_ahead_depth(CONNECTORS[kind].connector, to_worker=False) == 1
