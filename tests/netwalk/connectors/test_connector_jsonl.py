"""JSONL interchange files: incremental, streaming, tolerant of bad lines."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from netpolarna.netwalk.connectors.errors import ConnectorError
from netpolarna.netwalk.connectors.jsonl import JsonlConnector

SV = {
    "source_thread_id": "skolforum-17",
    "message_id": "m1",
    "parent_id": None,
    "author": "elev_a",
    "text": "Varför hänger ni ut henne? Det är inte okej.",
    "created_at": "2024-03-12T17:02:11Z",
    "lang": "sv",
    "url": "https://skolforum.example/t/17#m1",
    "thread_title": "Bilden från idrotten",
}


def line(**overrides: Any) -> str:
    return json.dumps({**SV, **overrides}, ensure_ascii=False) + "\n"


def scan(path: Path, state: dict[str, Any], collect: Callable, **config: Any) -> tuple:
    return collect(JsonlConnector().iter_batches({"path": str(path), **config}, state, None), state)


def test_reads_the_interchange_format(tmp_path: Path, collect: Callable) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text(
        line()
        + line(message_id="m2", parent_id="m1", author="elev_b", lang="da-DK",
               text="Enig, slet billedet.", created_at="2024-03-12T18:30:00+01:00",
               url=None, thread_title=None)
        + line(message_id=3, source_thread_id=17, parent_id=None, lang=None),
        encoding="utf-8",
    )  # fmt: skip

    messages, state = scan(path, {}, collect)

    first, second, third = messages
    assert first.message_id == "m1" and first.parent_id is None and first.lang == "sv"
    assert first.created_at == datetime(2024, 3, 12, 17, 2, 11, tzinfo=UTC)
    assert first.thread_title == "Bilden från idrotten"
    assert second.parent_id == "m1" and second.lang == "da" and second.url is None
    assert second.created_at == datetime(2024, 3, 12, 17, 30, tzinfo=UTC)
    assert (third.message_id, third.source_thread_id) == ("3", "17")
    assert state["files"][str(path.resolve())]["offset"] == path.stat().st_size


def test_appended_lines_only_and_partial_last_line_held_back(
    tmp_path: Path, collect: Callable
) -> None:
    path = tmp_path / "live.jsonl"
    path.write_text(line(), encoding="utf-8")
    _, state = scan(path, {}, collect)

    nothing, state = scan(path, state, collect)
    assert nothing == []

    with path.open("a", encoding="utf-8") as handle:
        handle.write(line(message_id="m2"))
        handle.write(line(message_id="m3").rstrip("\n"))  # still being written
    appended, state = scan(path, state, collect)
    assert [m.message_id for m in appended] == ["m2"]

    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n")
    finished, state = scan(path, state, collect)
    assert [m.message_id for m in finished] == ["m3"]


def test_invalid_lines_are_counted_with_reasons_but_not_their_text(
    tmp_path: Path, collect: Callable
) -> None:
    path = tmp_path / "mixed.jsonl"
    secret = "hemligt namn"
    path.write_text(
        line()
        + "{not json " + secret + "\n"
        + "\n"
        + line(message_id="m2", created_at="igår")
        + json.dumps({"message_id": "m3", "text": secret}) + "\n"
        + "[1, 2]\n"
        + line(message_id="m4", parent_id="m4")
        + line(message_id="m5"),
        encoding="utf-8",
    )  # fmt: skip

    batches = list(JsonlConnector().iter_batches({"path": str(path)}, {}, None))

    assert [m.message_id for b in batches for m in b.messages] == ["m1", "m5"]
    assert sum(b.failed for b in batches) == 5
    reasons = [reason for b in batches for reason in b.errors]
    assert reasons == [
        "mixed.jsonl:2: not valid JSON",
        "mixed.jsonl:4: created_at or edited_at is not ISO 8601",
        "mixed.jsonl:5: missing or empty source_thread_id",
        "mixed.jsonl:6: not a JSON object",
        "mixed.jsonl:7: parent_id is the message itself",
    ]
    assert all(secret not in reason for reason in reasons)


def test_lines_are_read_as_the_standard_library_reads_json(
    tmp_path: Path, collect: Callable
) -> None:
    """orjson is only the fast path: what it refuses or reads otherwise is read by the rule."""
    path = tmp_path / "edge.jsonl"
    huge = 2**70 + 1  # beyond 64 bits: orjson would read a float
    path.write_bytes(
        b"\xef\xbb\xbf" + line().encode()  # a byte order mark before the first line
        + line(message_id=huge).encode()
        + line(message_id="m3").encode().replace(b"}", b', "likes": NaN}')
        + line(message_id="m4", text="caf\udce9").encode("utf-8", "surrogateescape")
    )  # fmt: skip

    batches = list(JsonlConnector().iter_batches({"path": str(path)}, {}, None))

    assert [m.message_id for b in batches for m in b.messages] == ["m1", str(huge), "m3"]
    assert [reason for b in batches for reason in b.errors] == ["edge.jsonl:4: not UTF-8"]


def test_a_truncated_or_replaced_file_is_read_again(tmp_path: Path, collect: Callable) -> None:
    path = tmp_path / "rotating.jsonl"
    path.write_text(line() + line(message_id="m2"), encoding="utf-8")
    _, state = scan(path, {}, collect)

    path.write_text(line(message_id="n1"), encoding="utf-8")  # truncated and rewritten
    truncated, state = scan(path, state, collect)
    assert [m.message_id for m in truncated] == ["n1"]

    replacement = tmp_path / "new.tmp"
    replacement.write_text(line(message_id="r1") + line(message_id="r2"), encoding="utf-8")
    os.replace(replacement, path)  # same name, new file (a new inode)
    replaced, state = scan(path, state, collect)
    assert [m.message_id for m in replaced] == ["r1", "r2"]


def test_same_size_rewrite_is_detected_by_the_head(tmp_path: Path, collect: Callable) -> None:
    path = tmp_path / "same.jsonl"
    path.write_text(line(message_id="a1"), encoding="utf-8")
    _, state = scan(path, {}, collect)

    with path.open("r+", encoding="utf-8") as handle:  # same inode, same size, new content
        handle.write(line(message_id="b1"))
    again, _ = scan(path, state, collect)

    assert [m.message_id for m in again] == ["b1"]


def test_a_folder_is_read_file_by_file_in_name_order(tmp_path: Path, collect: Callable) -> None:
    (tmp_path / "2024-03-02.jsonl").write_text(line(message_id="b"), encoding="utf-8")
    (tmp_path / "2024-03-01.jsonl").write_text(line(message_id="a"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a message file\n", encoding="utf-8")
    messages, state = scan(tmp_path, {}, collect)
    assert [m.message_id for m in messages] == ["a", "b"]

    (tmp_path / "2024-03-03.jsonl").write_text(line(message_id="c"), encoding="utf-8")
    (tmp_path / "2024-03-01.jsonl").unlink()
    messages, state = scan(tmp_path, state, collect)

    assert [m.message_id for m in messages] == ["c"]
    assert sorted(Path(key).name for key in state["files"]) == [
        "2024-03-02.jsonl",
        "2024-03-03.jsonl",
    ]


def test_batches_are_bounded_and_each_carries_a_resumable_state(
    tmp_path: Path, collect: Callable
) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text("".join(line(message_id=f"m{i}") for i in range(25)), encoding="utf-8")

    batches = list(JsonlConnector().iter_batches({"path": str(path), "batch_size": 10}, {}, None))

    assert [len(b.messages) for b in batches] == [10, 10, 5]
    # A scan that crashed after storing the first batch resumes right after it.
    resumed, _ = scan(path, batches[0].state, collect, batch_size=10)
    assert [m.message_id for m in resumed] == [f"m{i}" for i in range(10, 25)]


def test_a_missing_path_is_a_connector_error(tmp_path: Path) -> None:
    with pytest.raises(ConnectorError):
        list(JsonlConnector().iter_batches({"path": str(tmp_path / "nope")}, {}, None))


def test_oversized_lines_are_skipped_without_being_held_in_memory(
    tmp_path: Path, collect: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("netpolarna.netwalk.connectors.jsonl.MAX_LINE_BYTES", 400)
    path = tmp_path / "long.jsonl"
    path.write_text(line(text="x" * 1000) + line(message_id="m2"), encoding="utf-8")

    batches = list(JsonlConnector().iter_batches({"path": str(path)}, {}, None))

    assert [m.message_id for b in batches for m in b.messages] == ["m2"]
    assert [reason for b in batches for reason in b.errors] == [
        "long.jsonl:1: line longer than 400 bytes"
    ]
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line(message_id="m3", text="y" * 1000).rstrip("\n"))  # unfinished
    held, state = scan(path, batches[-1].state, collect)
    assert held == []
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n")
    _, state = scan(path, state, collect)
    assert state["files"][str(path.resolve())]["offset"] == path.stat().st_size
