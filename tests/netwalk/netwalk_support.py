"""Helpers for the net-walker store tests: JSONL lines and a staff client."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

BASE_TIME = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)


def line(
    thread: str,
    message: str,
    *,
    parent: str | None = None,
    author: str = "someone_handle",
    text: str | None = None,
    minutes: int = 0,
    **extra: Any,
) -> dict[str, Any]:
    record = {
        "source_thread_id": thread,
        "message_id": message,
        "parent_id": parent,
        "author": author,
        "text": text if text is not None else f"Message {message} in thread {thread}.",
        "created_at": (BASE_TIME + timedelta(minutes=minutes)).isoformat(),
    }
    record.update(extra)
    return record


def write_lines(path: Path, records: Iterable[dict[str, Any]], *, append: bool = False) -> None:
    with path.open("a" if append else "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def conversation(thread: str, count: int, *, prefix: str = "") -> list[dict[str, Any]]:
    """`count` messages: a root, then replies alternating between the root and the last reply."""
    root = f"{prefix}{thread}-0"
    records = [line(thread, root, author=f"author_{thread}_0", thread_title=thread)]
    for i in range(1, count):
        parent = f"{prefix}{thread}-0" if i % 2 else f"{prefix}{thread}-{i - 1}"
        records.append(
            line(
                thread,
                f"{prefix}{thread}-{i}",
                parent=parent,
                author=f"author_{thread}_{i % 5}",
                minutes=i,
                text=f"Reply number {i} in {thread}, written by person {i % 5}.",
            )
        )
    return records


# Periodic jobs for the scheduler tests (the scheduler imports them by "module:function").
TICKS: list[tuple[float, str]] = []


def record_tick() -> None:
    """Note when, and on which scheduler's executor ("ThreadPoolExecutor-N_k"), the job ran."""
    import threading
    import time

    executor = threading.current_thread().name.rsplit("_", 1)[0]
    TICKS.append((time.monotonic(), executor))


def explode() -> None:
    raise RuntimeError("this periodic job always fails")


RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Lokalnytt</title><language>sv</language>
<item><guid>n1</guid><title>Skolan stänger</title><link>https://news.example/1</link>
<description>Kommunen har beslutat att stänga skolan i höst.</description>
<pubDate>Sat, 01 Mar 2025 10:00:00 GMT</pubDate></item>
<item><guid>n2</guid><title>Ny fritidsgård</title><link>https://news.example/2</link>
<description>En ny fritidsgård öppnar i centrum nästa månad.</description>
<pubDate>Sat, 01 Mar 2025 11:00:00 GMT</pubDate></item>
</channel></rss>
"""
