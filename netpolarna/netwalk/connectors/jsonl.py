"""JSONL files in the interchange format: one message per line (see PRODUCT.md).

``path`` is a file or a folder of ``*.jsonl`` files (read in name order). Files are streamed from
the stored byte offset, so every line is read once and memory does not grow with the file:

- a last line without its newline is still being written and is left for the next scan;
- a file that shrank, has another inode, or whose already-read head changed was truncated or
  replaced and is read again from the start;
- a line that is not a valid message is counted in ``Batch.failed`` with a short reason
  (file, line number, what is wrong; never the text) and skipped.

State: ``{"files": {absolute path: {"offset", "line", "inode", "head_len", "head"}}}``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import orjson

from .base import Batch, FetchedMessage, normalise_lang, parse_datetime
from .errors import ConnectorError
from .http import PoliteClient

DEFAULT_BATCH_SIZE = 1000
MAX_LINE_BYTES = 1024 * 1024
HEAD_BYTES = 4096
MAX_REASONS_PER_BATCH = 20
REQUIRED_FIELDS = ("source_thread_id", "message_id", "author", "text", "created_at")
OPTIONAL_TEXT_FIELDS = ("lang", "url", "thread_title")
_ID_TYPES = (str, int)  # JSON strings or integers


class InvalidLine(ValueError):
    """A line that is not a message; the message says why without quoting the line."""


class JsonlConnector:
    kind = "jsonl"
    remote = False

    def iter_batches(
        self, config: Mapping[str, Any], state: Mapping[str, Any], http: PoliteClient | None
    ) -> Iterator[Batch]:
        batch_size = int(config.get("batch_size") or DEFAULT_BATCH_SIZE)
        files = _files(Path(config["path"]))
        old_files: Mapping[str, Mapping[str, Any]] = state.get("files") or {}
        # Files that disappeared are forgotten; a file that comes back is read from the start.
        progress: dict[str, dict[str, Any]] = {
            str(path): dict(old_files[str(path)]) for path in files if str(path) in old_files
        }
        for path in files:
            yield from _FileReader(path, progress, batch_size).batches()
        if not set(old_files) <= set(progress):
            yield Batch(messages=[], state={"files": _copy(progress)})


def _files(path: Path) -> list[Path]:
    path = path.expanduser().resolve()
    if path.is_dir():
        return sorted(child for child in path.glob("*.jsonl") if child.is_file())
    if path.is_file():
        return [path]
    raise ConnectorError(f"{path} is neither a file nor a folder")


def _copy(progress: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    return {key: dict(value) for key, value in progress.items()}


def _head_hash(handle: IO[bytes], length: int) -> str:
    position = handle.tell()
    handle.seek(0)
    digest = hashlib.sha256(handle.read(length)).hexdigest()
    handle.seek(position)
    return digest


class _FileReader:
    def __init__(self, path: Path, progress: dict[str, dict[str, Any]], batch_size: int) -> None:
        self.path = path
        self.progress = progress
        self.batch_size = batch_size
        self.messages: list[FetchedMessage] = []
        self.failed = 0
        self.reasons: list[str] = []

    def batches(self) -> Iterator[Batch]:
        key = str(self.path)
        with self.path.open("rb") as handle:
            stat = os.fstat(handle.fileno())
            known = self.progress.get(key)
            restarted = known is None or _was_replaced(handle, stat, known)
            if known is None or restarted:
                known = {"offset": 0, "line": 0, "inode": stat.st_ino, "head_len": 0, "head": ""}
                self.progress[key] = known
            start = known["offset"]
            handle.seek(start)
            while True:
                length, line = _read_line(handle)
                if not length:
                    break  # end of file, or a last line still being written
                known["offset"] += length
                known["line"] += 1
                self._take(line, known["line"])
                if len(self.messages) >= self.batch_size:
                    yield self._checkpoint(handle, known)
            if self.messages or self.failed or known["offset"] != start or restarted:
                yield self._checkpoint(handle, known)

    def _take(self, line: bytes | None, line_number: int) -> None:
        try:
            if line is None:
                raise InvalidLine(f"line longer than {MAX_LINE_BYTES} bytes")
            if not line.strip():
                return
            self.messages.append(_parse_line(line))
        except InvalidLine as exc:
            self.failed += 1
            if len(self.reasons) < MAX_REASONS_PER_BATCH:
                self.reasons.append(f"{self.path.name}:{line_number}: {exc}")

    def _checkpoint(self, handle: IO[bytes], known: dict[str, Any]) -> Batch:
        head_len = min(known["offset"], HEAD_BYTES)
        if head_len != known["head_len"]:
            known["head"] = _head_hash(handle, head_len)
            known["head_len"] = head_len
        batch = Batch(
            messages=self.messages,
            state={"files": _copy(self.progress)},
            failed=self.failed,
            errors=self.reasons,
        )
        self.messages, self.failed, self.reasons = [], 0, []
        return batch


def _was_replaced(handle: IO[bytes], stat: os.stat_result, known: Mapping[str, Any]) -> bool:
    if stat.st_ino != known.get("inode") or stat.st_size < int(known.get("offset", 0)):
        return True
    head_len = int(known.get("head_len", 0))
    return bool(head_len) and _head_hash(handle, head_len) != known.get("head")


def _read_line(handle: IO[bytes]) -> tuple[int, bytes | None]:
    """Bytes consumed by the next complete line, and the line (None if oversized).

    Returns ``(0, None)`` at the end of the file or before an unfinished last line, leaving the
    file position at the start of that line.
    """
    start = handle.tell()
    line = handle.readline(MAX_LINE_BYTES + 1)
    if line.endswith(b"\n"):
        return len(line), line
    if len(line) > MAX_LINE_BYTES:
        # Skip an oversized line chunk by chunk rather than holding it in memory.
        while chunk := handle.readline(MAX_LINE_BYTES):
            if chunk.endswith(b"\n"):
                return handle.tell() - start, None
    handle.seek(start)
    return 0, None


def _parse_line(line: bytes) -> FetchedMessage:
    """The line's message; a line that is none raises `InvalidLine`.

    The standard library's reading is the rule, orjson the fast path (four times faster here):
    where orjson refuses a line (NaN, a byte order mark) or reads it otherwise (an integer
    beyond 64 bits becomes a float, and fails as an id), the line is read again by the rule.
    """
    try:
        return _message(orjson.loads(line))
    except (orjson.JSONDecodeError, InvalidLine):
        pass
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidLine("not UTF-8") from exc
    except ValueError as exc:
        raise InvalidLine("not valid JSON") from exc
    return _message(record)


def _message(record: Any) -> FetchedMessage:
    if not isinstance(record, dict):
        raise InvalidLine("not a JSON object")
    values: dict[str, Any] = {}
    for field in REQUIRED_FIELDS:
        value = record.get(field)
        if isinstance(value, bool) or not isinstance(value, _ID_TYPES) or not str(value).strip():
            raise InvalidLine(f"missing or empty {field}")
        values[field] = str(value)
    parent = record.get("parent_id")
    if parent is not None and (isinstance(parent, bool) or not isinstance(parent, _ID_TYPES)):
        raise InvalidLine("parent_id must be null or an id")
    values["parent_id"] = str(parent) if parent is not None and str(parent) else None
    if values["parent_id"] == values["message_id"]:
        raise InvalidLine("parent_id is the message itself")
    for field in OPTIONAL_TEXT_FIELDS:
        value = record.get(field)
        if value is not None and not isinstance(value, str):
            raise InvalidLine(f"{field} must be a string")
        values[field] = value or None
    try:
        created_at = parse_datetime(values.pop("created_at"))
        edited_at = parse_datetime(record["edited_at"]) if record.get("edited_at") else None
    except (AttributeError, TypeError, ValueError) as exc:
        raise InvalidLine("created_at or edited_at is not ISO 8601") from exc
    values["lang"] = normalise_lang(values["lang"])
    return FetchedMessage(created_at=created_at, edited_at=edited_at, **values)
