"""Through real ingestion: scan a JSONL source, the hook scores it, staff see the flag."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from triage_support import CIVIL_DEBATE, PILE_ON, T0, Line, tiny_model

from netpolarna.netwalk import sources
from netpolarna.netwalk.ingestion import scanning


def _write(path: Path, thread: str, lines: list[Line], *, start: int = 0) -> None:
    with path.open("a", encoding="utf-8") as handle:
        for n, line in enumerate(lines, start=start):
            record = {
                "source_thread_id": thread,
                "message_id": f"{thread}-{n}",
                "parent_id": f"{thread}-{line.parent}" if line.parent is not None else None,
                "author": line.author,
                "text": line.text,
                "lang": line.lang,
                "created_at": (T0 + timedelta(minutes=line.minute)).isoformat(),
                "url": f"https://forum.example/{thread}/{n}",
                "thread_title": thread,
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def test_scan_scores_and_flags_the_pile_on_only(
    app: Flask, client: FlaskClient, walker: Any, tmp_path: Path
) -> None:
    tiny_model(app.instance_path)
    feed = tmp_path / "feed.jsonl"
    _write(feed, "elin", PILE_ON[:3])
    _write(feed, "bibliotek", CIVIL_DEBATE)
    source = sources.create_source(name="Forum", kind="jsonl", config={"path": str(feed)})
    scanning.scan_source(source.id, trigger="cli")
    # Two attackers so far: no pile-on yet, and never a flag for the library debate.
    first = client.get("/api/v1/flags", headers=walker.headers).json["items"]
    assert all(f["severity"] != "critical" for f in first)
    _write(feed, "elin", PILE_ON[3:], start=3)
    scanning.scan_source(source.id, trigger="cli")
    items = client.get("/api/v1/flags", headers=walker.headers).json["items"]
    assert len(items) == 1 and items[0]["severity"] in {"high", "critical"}
    detail = client.get(f"/api/v1/flags/{items[0]['id']}", headers=walker.headers).json
    assert detail["thread"]["title"] == "elin"
    assert detail["reasons"][0]["code"] == "pile_on"
    assert all(m["label"] in {"offensive", "hateful"} for m in detail["messages"])
