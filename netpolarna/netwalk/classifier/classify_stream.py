"""`netpolarna classify`: JSON lines in, one JSON line out per input, in order, in batches."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from netpolarna.netwalk.classifier.model import Classifier

DEFAULT_BATCH_SIZE = 512


def _parse(line: str) -> tuple[Any, str | None, str | None, str | None]:
    """(id, text, lang, error) for one input line."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, None, None, f"invalid JSON: {exc.msg}"
    if not isinstance(item, dict):
        return None, None, None, "each line must be a JSON object"
    item_id = item.get("id")
    text = item.get("text")
    if not isinstance(text, str):
        return item_id, None, None, "text must be a string"
    lang = item.get("lang")
    if lang is not None and not isinstance(lang, str):
        return item_id, None, None, "lang must be a string or null"
    return item_id, text, lang, None


def _batches(in_stream: IO[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for line in in_stream:
        if not line.strip():
            continue  # blank lines are not inputs
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def classify_lines(
    in_stream: IO[str],
    out_stream: IO[str],
    classifier: Classifier,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> tuple[int, int]:
    """Classify every line; return (classified, errors). Memory stays one batch large."""
    classified = errors = 0
    for batch in _batches(in_stream, max(1, batch_size)):
        parsed = [_parse(line) for line in batch]
        valid = [i for i, (_, _, _, error) in enumerate(parsed) if error is None]
        predictions = classifier.predict(
            [parsed[i][1] or "" for i in valid], [parsed[i][2] for i in valid]
        )
        by_index = dict(zip(valid, predictions, strict=True))
        for i, (item_id, _, _, error) in enumerate(parsed):
            if error is not None:
                record: dict[str, Any] = {"id": item_id, "error": error}
                errors += 1
            else:
                record = {"id": item_id, **by_index[i].to_dict()}
                classified += 1
            out_stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        out_stream.flush()
    return classified, errors
