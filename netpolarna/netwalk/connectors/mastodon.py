"""Mastodon: a hashtag, an account or the public/local timeline, each status with its thread.

Paging goes *forward* from the watermark with ``min_id`` (the statuses immediately newer than
the newest one already stored), oldest page first. Each page is one batch whose state moves the
watermark to that page's newest status, so a crash or the ``max_pages`` cap never leaves a gap:
the next scan simply continues. The first scan takes only the newest page.

For every new status the thread context is fetched; the root ancestor's id is the
``source_thread_id`` and ``in_reply_to_id`` the ``parent_id``. Reblogs are resolved to the
original; only public and unlisted statuses are kept.

State: ``{"newest_id": str, "account": {"acct": str, "id": str}}``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from .base import Batch, FetchedMessage, max_pages, normalise_lang, parse_datetime
from .errors import ConnectorError
from .html_text import html_to_text
from .http import PoliteClient

log = logging.getLogger(__name__)

PAGE_SIZE = 40  # the API's maximum for timelines
VISIBLE = frozenset({"public", "unlisted"})


def _id_key(status_id: str) -> tuple[int, str]:
    # Snowflake ids are decimal strings of varying length: compare as numbers.
    return (len(status_id), status_id) if status_id.isdigit() else (0, status_id)


class MastodonConnector:
    kind = "mastodon"
    remote = True

    def iter_batches(
        self, config: Mapping[str, Any], state: Mapping[str, Any], http: PoliteClient
    ) -> Iterator[Batch]:
        base_url = config["base_url"].rstrip("/")
        page_size = int(config.get("page_size") or PAGE_SIZE)
        new_state: dict[str, Any] = dict(state)
        path, params = self._listing(base_url, config, new_state, http)
        newest_id: str | None = state.get("newest_id")
        emitted: set[str] = set()
        yielded = False

        for _page in range(max_pages(config) if newest_id else 1):
            page_params = dict(params, limit=page_size)
            if newest_id:
                page_params["min_id"] = newest_id
            page = http.get_json(base_url + path, params=page_params)
            if not isinstance(page, list):
                raise ConnectorError(f"unexpected timeline response from {base_url}{path}")
            if not page:
                break
            page.sort(key=lambda status: _id_key(str(status["id"])))
            messages: list[FetchedMessage] = []
            for item in page:
                original = item.get("reblog") or item
                if original.get("visibility") not in VISIBLE or str(original["id"]) in emitted:
                    continue
                messages.extend(_thread_messages(base_url, original, http, emitted))
            newest_id = str(page[-1]["id"])
            new_state["newest_id"] = newest_id
            yield Batch(messages=messages, state=dict(new_state))
            yielded = True
            if len(page) < page_size:
                break
        else:
            if state.get("newest_id"):
                log.info("mastodon %s: page cap reached, continuing next scan", base_url)
        if not yielded and new_state != dict(state):
            yield Batch(messages=[], state=new_state)  # keep a freshly looked-up account id

    def _listing(
        self,
        base_url: str,
        config: Mapping[str, Any],
        state: dict[str, Any],
        http: PoliteClient,
    ) -> tuple[str, dict[str, Any]]:
        if config.get("hashtag"):
            tag = config["hashtag"].lstrip("#")
            return f"/api/v1/timelines/tag/{quote(tag, safe='')}", {}
        if config.get("account"):
            acct = config["account"].lstrip("@")
            cached = state.get("account") or {}
            if cached.get("acct") != acct:
                account = http.get_json(f"{base_url}/api/v1/accounts/lookup", params={"acct": acct})
                cached = {"acct": acct, "id": str(account["id"])}
                state["account"] = cached
            return f"/api/v1/accounts/{quote(cached['id'], safe='')}/statuses", {}
        if config.get("timeline") == "local":
            return "/api/v1/timelines/public", {"local": "true"}
        return "/api/v1/timelines/public", {}


def _thread_messages(
    base_url: str, status: Mapping[str, Any], http: PoliteClient, emitted: set[str]
) -> list[FetchedMessage]:
    context_url = f"{base_url}/api/v1/statuses/{quote(str(status['id']), safe='')}/context"
    try:
        context = http.get_json(context_url)
    except ConnectorError as exc:
        if exc.status not in (404, 410):
            raise
        context = {}  # deleted since it was listed: keep what the listing showed
    ancestors = list(context.get("ancestors") or [])
    descendants = list(context.get("descendants") or [])
    chain = [*ancestors, status, *descendants]
    thread_id = str((ancestors[0] if ancestors else status)["id"])
    known_ids = {str(item["id"]) for item in chain}
    host = urlsplit(base_url).hostname or ""
    messages: list[FetchedMessage] = []
    for item in chain:
        item_id = str(item["id"])
        if item_id in emitted or item.get("visibility", "public") not in VISIBLE:
            continue
        emitted.add(item_id)
        parent = item.get("in_reply_to_id")
        parent_id = str(parent) if parent is not None and str(parent) in known_ids else None
        messages.append(
            _message(item, thread_id, parent_id if item_id != thread_id else None, host)
        )
    return messages


def _message(
    status: Mapping[str, Any], thread_id: str, parent_id: str | None, host: str
) -> FetchedMessage:
    acct = str(status.get("account", {}).get("acct") or "unknown")
    if "@" not in acct and host:
        acct = f"{acct}@{host}"  # local accounts are listed without their server
    text = html_to_text(status.get("content"))
    if status.get("spoiler_text"):
        text = f"{status['spoiler_text']}\n\n{text}".strip()
    edited = status.get("edited_at")
    return FetchedMessage(
        source_thread_id=thread_id,
        message_id=str(status["id"]),
        parent_id=parent_id,
        author=acct,
        text=text,
        created_at=parse_datetime(status["created_at"]),
        lang=normalise_lang(status.get("language")),
        url=status.get("url") or status.get("uri"),
        thread_title=None,
        edited_at=parse_datetime(edited) if edited else None,
    )
