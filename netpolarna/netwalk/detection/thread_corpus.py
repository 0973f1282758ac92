"""Labelled threads for the pile-on model: the generated thread corpus in `classifier/threads/`
(built by `scripts/corpus/build.py`, see `threads/README.md`) and the hand-written threads in
`classifier/threads/written/` (see its README), each in the JSONL interchange format plus
`index.jsonl` ({"source_thread_id", "lang", "kind", "should_flag"}).

The same reader serves the blind thread set (`blind.py`), which is never training data.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import netpolarna.netwalk.classifier as classifier_package
from netpolarna.netwalk.classifier.corpus import LANGUAGES
from netpolarna.netwalk.detection.thread_features import ThreadMessage
from netpolarna.netwalk.detection.thread_model import LabelledThread

# The data stays beside the classifier's other data sets (`classifier/threads/`).
THREADS_DIR = Path(classifier_package.__file__).with_name("threads")
WRITTEN_THREADS_DIR = THREADS_DIR / "written"
GENERATED_THREADS = "corpus"
WRITTEN_THREADS = "written"
# A callable in app.extensions giving staff verdicts on flags as LabelledThreads.
STAFF_THREADS_EXTENSION = "netpolarna.staff_threads"
# Share of the hand-written threads held out of the thread model's training for its
# in-distribution figures (the generated threads are all trained on: their held-out figures
# would only say the templates are learnable).
THREAD_HELD_OUT_FRACTION = 0.2


def read_jsonl_rows(path: Path) -> list[dict[str, Any]]:
    """Objects of a JSONL file; broken lines are skipped (a report should not stop on one)."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(row, dict):
                rows.append(row)
    return rows


def parse_time(value: Any) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return datetime(2000, 1, 1, tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def load_threads(directory: Path = THREADS_DIR, *, source: str = "corpus") -> list[LabelledThread]:
    """`index.jsonl` joined with the messages in `{lang}.jsonl`, each thread in time order."""
    index_path = directory / "index.jsonl"
    if not index_path.exists():
        return []
    messages: dict[str, list[ThreadMessage]] = defaultdict(list)
    for lang in LANGUAGES:
        path = directory / f"{lang}.jsonl"
        if not path.exists():
            continue
        for row in read_jsonl_rows(path):
            text = row.get("text")
            thread_id = row.get("source_thread_id")
            if not isinstance(text, str) or not text.strip() or thread_id is None:
                continue
            parent = row.get("parent_id")
            messages[str(thread_id)].append(
                ThreadMessage(
                    id=str(row.get("message_id")),
                    parent_id=None if parent is None else str(parent),
                    author=str(row.get("author") or "?"),
                    text=text,
                    created_at=parse_time(row.get("created_at")),
                    lang=str(row.get("lang") or lang),
                )
            )
    threads = []
    for row in read_jsonl_rows(index_path):
        thread_id = str(row.get("source_thread_id"))
        if thread_id not in messages:
            continue
        ordered = sorted(messages[thread_id], key=lambda m: m.created_at)
        threads.append(
            LabelledThread(
                messages=tuple(ordered),
                should_flag=bool(row.get("should_flag")),
                kind=str(row.get("kind") or ""),
                lang=str(row.get("lang") or ordered[0].lang),
                source=source,
                thread_id=thread_id,
            )
        )
    return threads


def load_training_threads() -> list[LabelledThread]:
    """The generated and the hand-written thread corpora (staff verdicts are added by the
    caller, which has the database)."""
    return load_threads(THREADS_DIR, source=GENERATED_THREADS) + load_threads(
        WRITTEN_THREADS_DIR, source=WRITTEN_THREADS
    )


def is_held_out_thread(thread: LabelledThread) -> bool:
    """Deterministic per thread id: a hand-written thread always lands on the same side."""
    if thread.source != WRITTEN_THREADS:
        return False
    key = f"{thread.source}\x1f{thread.thread_id}".encode()
    bucket = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") % 10_000
    return bucket < THREAD_HELD_OUT_FRACTION * 10_000


def split_threads(
    threads: Sequence[LabelledThread],
) -> tuple[list[LabelledThread], list[LabelledThread]]:
    """(train, held_out)."""
    train = [t for t in threads if not is_held_out_thread(t)]
    return train, [t for t in threads if is_held_out_thread(t)]
