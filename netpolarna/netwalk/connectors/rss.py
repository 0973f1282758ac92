"""RSS 2.0 and Atom feeds: each entry is a thread of one message.

The feed is fetched through ``PoliteClient`` (conditional GET) and parsed by feedparser. State:
``{"http": {etag, last_modified}, "seen": {entry_id: updated-or-published marker}}``; ``seen``
only holds the entries in the latest feed document, so it stays as small as the feed. An entry
whose ``updated`` marker changed is emitted again with ``edited_at``.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import feedparser

from .base import Batch, FetchedMessage, normalise_lang
from .errors import ConnectorError
from .html_text import html_to_text
from .http import PoliteClient

log = logging.getLogger(__name__)

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)


class RssConnector:
    kind = "rss"
    remote = True

    def iter_batches(
        self, config: Mapping[str, Any], state: Mapping[str, Any], http: PoliteClient
    ) -> Iterator[Batch]:
        url = config["url"]
        validators: dict[str, str] = dict(state.get("http") or {})
        result = http.get(url, headers={"Accept": ACCEPT}, validators=validators)
        if result.not_modified:
            return
        parsed = feedparser.parse(
            result.content,
            response_headers={
                "content-type": result.headers.get("content-type", "application/xml"),
                "content-location": result.url,
            },
        )
        if parsed.bozo and not parsed.entries and not parsed.feed:
            raise ConnectorError(f"{url} is not a readable RSS or Atom feed")

        feed = parsed.feed
        feed_title = html_to_text(feed.get("title")) or None
        feed_lang = normalise_lang(feed.get("language") or result.headers.get("content-language"))
        fetched_at = datetime.now(UTC)
        previous: Mapping[str, str] = state.get("seen") or {}
        seen: dict[str, str] = {}
        messages: list[FetchedMessage] = []
        for entry in parsed.entries:
            entry_id = _entry_id(entry)
            marker = str(_raw(entry, "updated") or entry.get("published") or "")
            seen[entry_id] = marker
            if previous.get(entry_id) == marker:
                continue
            messages.append(_message(entry, entry_id, feed_title, feed_lang, fetched_at))
        # Oldest first, like every other connector.
        messages.sort(key=lambda message: message.created_at)
        log.info("feed %s: %d entries, %d new or updated", url, len(parsed.entries), len(messages))
        yield Batch(messages=messages, state={"http": validators, "seen": seen})


def _entry_id(entry: Mapping[str, Any]) -> str:
    explicit = entry.get("id") or entry.get("link")
    if explicit:
        return str(explicit)
    fallback = f"{entry.get('title', '')}|{entry.get('published') or _raw(entry, 'updated')}"
    return "sha1:" + hashlib.sha1(fallback.encode()).hexdigest()


def _raw(entry: Any, key: str) -> Any:
    # FeedParserDict maps a missing ``updated`` to ``published`` with a DeprecationWarning.
    return dict.get(entry, key) or ""


def _as_utc(value: time.struct_time | None) -> datetime | None:
    # feedparser normalises every date it understands to a UTC struct_time.
    return datetime(*value[:6], tzinfo=UTC) if value else None


def _message(
    entry: Mapping[str, Any],
    entry_id: str,
    feed_title: str | None,
    feed_lang: str | None,
    fetched_at: datetime,
) -> FetchedMessage:
    published = _as_utc(entry.get("published_parsed"))
    updated = _as_utc(_raw(entry, "updated_parsed"))
    created_at = published or updated or fetched_at
    edited_at = updated if published and updated and updated > published else None

    title = html_to_text(entry.get("title")) or None
    body, body_lang = _body(entry)
    author_detail = entry.get("author_detail") or {}
    author = author_detail.get("name") or entry.get("author") or feed_title or "unknown"
    return FetchedMessage(
        source_thread_id=entry_id,
        message_id=entry_id,
        parent_id=None,
        author=str(author),
        text=body or title or "",
        created_at=created_at,
        lang=body_lang or feed_lang,
        url=entry.get("link"),
        thread_title=title,
        edited_at=edited_at,
    )


def _body(entry: Mapping[str, Any]) -> tuple[str, str | None]:
    """The fullest text of an entry (content over summary) and its declared language."""
    candidates: list[Mapping[str, Any]] = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        candidates.append(entry["summary_detail"])
    for candidate in candidates:
        value = candidate.get("value") or ""
        text = html_to_text(value) if "html" in (candidate.get("type") or "html") else value
        if text.strip():
            return text.strip(), normalise_lang(candidate.get("language"))
    return "", None
