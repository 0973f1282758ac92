"""Slotted dataclasses pickled as their constructor and field values."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from netpolarna.common.pickling import pickled_by_fields
from netpolarna.netwalk.connectors.base import FetchedMessage
from netpolarna.netwalk.ingestion.preparing import PreparedBatch, PreparedMessage
from netpolarna.netwalk.ingestion.scorer import MessageScores

WHEN = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def round_trip(value: object) -> object:
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def test_batch_messages_survive_the_trip_to_the_preparation_process_and_back() -> None:
    fetched = FetchedMessage("t1", "m1", None, "raw_handle", "Hej", WHEN, lang="sv", url=None)
    scores = MessageScores("offensive", 0.8, 0.1, ["person:x"], "v3")
    prepared = PreparedMessage(
        thread_key="t1", message_id="m2", parent_id="m1", author="a" * 64, text="Hej",
        content_hash="c" * 64, given_lang=None, url="https://example.org/m2", title=None,
        created_at=WHEN, edited_at=WHEN, path_key="000000000abc", lang="sv",
        scores=scores, places=("Karlskoga",),
    )  # fmt: skip
    batch = PreparedBatch(fetched=3, messages=[prepared, prepared], repeats=1)

    assert round_trip(fetched) == fetched
    assert round_trip(scores) == scores
    assert round_trip(batch) == batch
    assert FetchedMessage.__reduce__(fetched)[1][3] == "raw_handle"  # by field, in order


def test_only_dataclasses_built_wholly_by_init_are_accepted() -> None:
    @dataclass(slots=True)
    class Counted:
        name: str
        seen: int = field(default=0, init=False)

    with pytest.raises(TypeError):
        pickled_by_fields(Counted)
