"""What every source connector yields, and the small helpers they share.

A connector turns one source (a feed, a Mastodon tag, a subreddit, a Discourse forum, a JSONL
folder) into batches of ``FetchedMessage``. Each ``Batch`` carries the connector state to persist
*after* the batch is stored, so a scan that dies half-way resumes from the last stored batch.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from netpolarna.common.pickling import pickled_by_fields

if TYPE_CHECKING:
    from .http import PoliteClient

DEFAULT_MAX_PAGES = 10


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class FetchedMessage:
    """One public message as the platform shows it.

    ``author`` is the raw handle: ingestion pseudonymises it, and connectors never log it.
    """

    source_thread_id: str
    message_id: str
    parent_id: str | None
    author: str
    text: str
    created_at: datetime
    lang: str | None = None
    url: str | None = None
    thread_title: str | None = None
    edited_at: datetime | None = None


@dataclass(slots=True)
class Batch:
    """Messages to store, then ``state`` to persist once they are stored.

    ``failed`` counts input that could not be turned into a message (invalid JSONL lines, posts
    without a date); ``errors`` gives short reasons for them, never the message text.
    """

    messages: list[FetchedMessage]
    state: dict[str, Any]
    failed: int = 0
    errors: list[str] = field(default_factory=list)


class Connector(Protocol):
    kind: str
    remote: bool  # fetches over the network (False: reads local files)

    def iter_batches(
        self, config: Mapping[str, Any], state: Mapping[str, Any], http: PoliteClient
    ) -> Iterator[Batch]: ...


def utc_from_timestamp(value: float | int | str) -> datetime:
    return datetime.fromtimestamp(float(value), tz=UTC)


def parse_datetime(value: str) -> datetime:
    """ISO 8601 to an aware UTC datetime; a value without offset is taken as UTC."""
    parsed = datetime.fromisoformat(value.strip())
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def normalise_lang(value: object) -> str | None:
    """``sv-SE`` -> ``sv``; anything unusable -> None."""
    if not isinstance(value, str):
        return None
    primary = value.strip().replace("_", "-").split("-", 1)[0].lower()
    if 2 <= len(primary) <= 3 and primary.isalpha():
        return primary
    return None


def max_pages(config: Mapping[str, Any]) -> int:
    value = config.get("max_pages")
    return int(value) if value else DEFAULT_MAX_PAGES
