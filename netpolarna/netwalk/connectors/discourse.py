"""Discourse: the latest topics of a forum (or of one category), each with its new posts.

The topic list is read page by page until a topic bumped no later than the previous scan's
watermark (pinned topics aside) or ``max_pages``; the first scan reads one page. A topic whose
``highest_post_number`` grew since the stored one is fetched from ``/t/{id}.json``; posts beyond
the first chunk of its stream come from ``/t/{id}/posts.json?post_ids[]=…`` (only ids above the
highest post id already stored, at most ``max_pages`` chunks of the newest). One batch per topic,
oldest bump first, so each batch's state only covers stored topics.

Message ids are post ids; ``reply_to_post_number`` is mapped to the parent's post id (a reply to
the topic itself points at the first post).

State: ``{"bumped_at": iso, "topics": {topic_id: {"highest_post_number", "post_id",
"bumped_at"}}}``, pruned to the most recently bumped ``TOPICS_KEPT`` topics.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

from .base import Batch, FetchedMessage, max_pages, parse_datetime
from .errors import ConnectorError
from .html_text import html_to_text
from .http import PoliteClient

log = logging.getLogger(__name__)

POST_CHUNK = 20  # Discourse's chunk size for a topic's post stream
TOPICS_KEPT = 1000
VISIBLE_POST_TYPES = frozenset({1, 2})  # regular, moderator action (not small actions, whispers)


class DiscourseConnector:
    kind = "discourse"
    remote = True

    def iter_batches(
        self, config: Mapping[str, Any], state: Mapping[str, Any], http: PoliteClient
    ) -> Iterator[Batch]:
        base_url = config["base_url"].rstrip("/")
        cap = max_pages(config)
        watermark: str | None = state.get("bumped_at")
        topics_state: dict[str, dict[str, Any]] = {
            key: dict(value) for key, value in (state.get("topics") or {}).items()
        }
        listed = self._listing(base_url, config.get("category"), watermark, cap, http)
        changed = [
            topic
            for topic in listed
            if topic.get("highest_post_number", 0)
            > topics_state.get(str(topic["id"]), {}).get("highest_post_number", 0)
        ]
        changed.sort(key=lambda topic: (_bumped(topic), topic["id"]))
        for topic in changed:
            known = topics_state.get(str(topic["id"]), {})
            messages, highest_post_id, highest_number = self._topic(
                base_url, topic["id"], int(known.get("post_id", 0)), cap, http
            )
            topics_state[str(topic["id"])] = {
                "highest_post_number": max(highest_number, topic.get("highest_post_number", 0)),
                "post_id": max(highest_post_id, int(known.get("post_id", 0))),
                "bumped_at": _bumped(topic),
            }
            watermark = max(filter(None, [watermark, _bumped(topic)]))
            yield Batch(messages=messages, state=_state(watermark, topics_state))
        # Every changed topic is stored: the watermark can move to the newest bump listed.
        newest_listed = max((_bumped(topic) for topic in listed), default=None)
        final_watermark = max(filter(None, [watermark, newest_listed]), default=None)
        if final_watermark != watermark:
            yield Batch(messages=[], state=_state(final_watermark, topics_state))

    def _listing(
        self,
        base_url: str,
        category: str | None,
        watermark: str | None,
        cap: int,
        http: PoliteClient,
    ) -> list[dict[str, Any]]:
        path = f"/c/{quote(str(category), safe='/')}.json" if category else "/latest.json"
        topics: dict[int, dict[str, Any]] = {}
        for page in range(cap if watermark else 1):
            data = http.get_json(base_url + path, params={"page": page} if page else None)
            try:
                page_topics = data["topic_list"]["topics"]
            except (KeyError, TypeError) as exc:
                raise ConnectorError(f"unexpected topic list from {base_url}{path}") from exc
            for topic in page_topics:
                topics.setdefault(topic["id"], topic)
            reached_watermark = watermark is not None and any(
                not topic.get("pinned") and _bumped(topic) <= watermark for topic in page_topics
            )
            if (
                not page_topics
                or reached_watermark
                or not data["topic_list"].get("more_topics_url")
            ):
                break
        return list(topics.values())

    def _topic(
        self, base_url: str, topic_id: int, known_post_id: int, cap: int, http: PoliteClient
    ) -> tuple[list[FetchedMessage], int, int]:
        topic = http.get_json(f"{base_url}/t/{int(topic_id)}.json")
        stream_data = topic.get("post_stream") or {}
        posts: list[dict[str, Any]] = list(stream_data.get("posts") or [])
        stream: list[int] = list(stream_data.get("stream") or [p["id"] for p in posts])
        loaded = {post["id"] for post in posts}
        missing = [pid for pid in stream if pid not in loaded and pid > known_post_id]
        missing = missing[-cap * POST_CHUNK :]
        for start in range(0, len(missing), POST_CHUNK):
            chunk = missing[start : start + POST_CHUNK]
            more = http.get_json(
                f"{base_url}/t/{int(topic_id)}/posts.json", params={"post_ids[]": chunk}
            )
            posts.extend((more.get("post_stream") or {}).get("posts") or [])

        posts.sort(key=lambda post: post["post_number"])
        first_post_id = stream[0] if stream else (posts[0]["id"] if posts else None)
        number_to_id = {post["post_number"]: post["id"] for post in posts}
        title = topic.get("title") or None
        slug = topic.get("slug") or "-"
        messages: list[FetchedMessage] = []
        for post in posts:
            if post["id"] <= known_post_id or post.get("post_type", 1) not in VISIBLE_POST_TYPES:
                continue
            text = html_to_text(post.get("cooked"))
            if not text:
                continue
            parent_id = self._parent_id(base_url, topic_id, post, number_to_id, first_post_id, http)
            messages.append(
                FetchedMessage(
                    source_thread_id=str(topic_id),
                    message_id=str(post["id"]),
                    parent_id=str(parent_id) if parent_id is not None else None,
                    author=str(post.get("username") or "unknown"),
                    text=text,
                    created_at=parse_datetime(post["created_at"]),
                    lang=None,
                    url=f"{base_url}/t/{slug}/{int(topic_id)}/{post['post_number']}",
                    thread_title=title,
                    edited_at=(
                        parse_datetime(post["updated_at"])
                        if post.get("version", 1) > 1 and post.get("updated_at")
                        else None
                    ),
                )
            )
        highest_id = max((post["id"] for post in posts), default=0)
        highest_number = max((post["post_number"] for post in posts), default=0)
        return messages, highest_id, highest_number

    def _parent_id(
        self,
        base_url: str,
        topic_id: int,
        post: Mapping[str, Any],
        number_to_id: dict[int, int],
        first_post_id: int | None,
        http: PoliteClient,
    ) -> int | None:
        if post["id"] == first_post_id or post.get("post_number") == 1:
            return None
        number = post.get("reply_to_post_number")
        if not number:
            return first_post_id  # a reply to the topic
        if number not in number_to_id:
            # The parent was stored by an earlier scan; ask for its id once.
            try:
                parent = http.get_json(
                    f"{base_url}/posts/by_number/{int(topic_id)}/{int(number)}.json"
                )
            except ConnectorError as exc:
                if exc.status != 404:
                    raise
                return first_post_id
            number_to_id[number] = parent["id"]
        return number_to_id[number]


def _bumped(topic: Mapping[str, Any]) -> str:
    # Normalised to one ISO 8601 form (UTC, +00:00), which compares chronologically as text.
    value = topic.get("bumped_at") or topic.get("last_posted_at") or topic.get("created_at")
    return parse_datetime(str(value)).isoformat(timespec="microseconds")


def _state(watermark: str | None, topics: dict[str, dict[str, Any]]) -> dict[str, Any]:
    kept = sorted(topics.items(), key=lambda item: str(item[1].get("bumped_at")), reverse=True)
    return {"bumped_at": watermark, "topics": dict(kept[:TOPICS_KEPT])}
