"""Reddit: a subreddit's new posts, each with its comment tree.

``/r/{sub}/new.json`` is read from the newest post backwards until the watermark (the newest post
already stored) or ``max_pages``; the first scan reads one page. Posts are then processed oldest
first, one batch per post, so the watermark in each batch's state only covers stored posts.

Comments arrive after a post does, so the state also remembers ``num_comments`` of the posts on
the listing; a post whose count grew has its comment tree fetched again (ingestion deduplicates
the comments it already has).

Big trees come with ``more`` stubs in place of some comments. They are expanded breadth first:
a stub that lists comment ids through ``/api/morechildren.json`` (up to 100 ids a request), a
"continue this thread" stub (no ids) by fetching the tree below its parent comment. A scan
makes at most ``max_pages`` such requests in all; stubs beyond that wait for a later scan that
fetches the tree again (when the post's comment count grows), and are logged.

Message ids are Reddit fullnames (``t3_…`` posts, ``t1_…`` comments), so ``parent_id`` is the
comment's own ``parent_id`` and the thread id is the post's fullname.

State: ``{"newest": {"name": str, "created_utc": float}, "recent": {fullname: num_comments}}``.
"""

from __future__ import annotations

import html
import logging
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .base import Batch, FetchedMessage, max_pages, utc_from_timestamp
from .errors import ConnectorError
from .html_text import html_to_text
from .http import PoliteClient

log = logging.getLogger(__name__)

PAGE_SIZE = 25  # the first scan fetches one comment tree per post on the first page
MORE_CHILDREN_PER_REQUEST = 100  # Reddit's limit for /api/morechildren


@dataclass
class _Expansions:
    """The requests a scan may still make to expand ``more`` stubs."""

    left: int


class RedditConnector:
    kind = "reddit"
    remote = True

    def iter_batches(
        self, config: Mapping[str, Any], state: Mapping[str, Any], http: PoliteClient
    ) -> Iterator[Batch]:
        base_url = config.get("base_url", "https://www.reddit.com").rstrip("/")
        subreddit = quote(config["subreddit"], safe="")
        page_size = int(config.get("page_size") or PAGE_SIZE)
        newest: dict[str, Any] = dict(state.get("newest") or {})
        old_recent: Mapping[str, int] = state.get("recent") or {}
        watermark = float(newest.get("created_utc", 0))

        posts = self._listing(base_url, subreddit, page_size, watermark, config, http)
        new_posts = [
            post
            for post in posts
            if post["name"] not in old_recent and post["created_utc"] >= watermark
        ]
        grown = [
            post
            for post in posts
            if post["name"] in old_recent and _comment_count(post) > old_recent[post["name"]]
        ]
        grown_names = {post["name"] for post in grown}
        # Counts for the posts still on the listing; a grown post keeps its old count until
        # its comments are stored, so a scan that dies before that fetches them next time.
        recent = {
            post["name"]: old_recent[post["name"]]
            if post["name"] in grown_names
            else _comment_count(post)
            for post in posts
            if post["name"] in old_recent
        }

        def oldest_first(post: Mapping[str, Any]) -> tuple[float, str]:
            return (post["created_utc"], post["name"])

        pending = sorted(grown, key=oldest_first) + sorted(new_posts, key=oldest_first)
        expansions = _Expansions(left=max_pages(config))
        for post in pending:
            messages = self._thread(base_url, subreddit, post, http, expansions)
            recent[post["name"]] = _comment_count(post)
            if post["name"] not in grown_names:
                newest = {"name": post["name"], "created_utc": post["created_utc"]}
            yield Batch(messages=messages, state={"newest": dict(newest), "recent": dict(recent)})
        if not pending and recent != dict(old_recent):
            yield Batch(messages=[], state={"newest": newest, "recent": recent})

    def _listing(
        self,
        base_url: str,
        subreddit: str,
        page_size: int,
        watermark: float,
        config: Mapping[str, Any],
        http: PoliteClient,
    ) -> list[dict[str, Any]]:
        posts: list[dict[str, Any]] = []
        seen: set[str] = set()
        after: str | None = None
        for _page in range(max_pages(config) if watermark else 1):
            params: dict[str, Any] = {"limit": page_size, "raw_json": 1}
            if after:
                params["after"] = after
            listing = http.get_json(f"{base_url}/r/{subreddit}/new.json", params=params)
            data = _listing_data(listing, base_url)
            page = [child["data"] for child in data.get("children", []) if child["kind"] == "t3"]
            # New posts shift the listing while we page, so a post can show up twice.
            posts.extend(post for post in page if post["name"] not in seen)
            seen.update(post["name"] for post in page)
            after = data.get("after")
            if not after or not page or min(p["created_utc"] for p in page) <= watermark:
                break
        else:
            if watermark:
                log.info("reddit r/%s: page cap reached before the watermark", subreddit)
        return posts

    def _thread(
        self,
        base_url: str,
        subreddit: str,
        post: Mapping[str, Any],
        http: PoliteClient,
        expansions: _Expansions,
    ) -> list[FetchedMessage]:
        post_id = quote(post["id"], safe="")
        post_listing, comments = _tree(http, f"{base_url}/r/{subreddit}/comments/{post_id}.json")
        fresh_post = post_listing[0]["data"] if post_listing else post
        tree = _Tree(base_url, fresh_post)
        tree.add(comments)
        while tree.stubs and expansions.left > 0:
            stub = tree.stubs.popleft()
            ids = [str(i) for i in stub.get("children") or []]
            parent = str(stub.get("parent_id") or "")
            if ids:
                expansions.left -= 1
                if len(ids) > MORE_CHILDREN_PER_REQUEST:  # the rest waits its turn
                    tree.stubs.append({**stub, "children": ids[MORE_CHILDREN_PER_REQUEST:]})
                ids = ids[:MORE_CHILDREN_PER_REQUEST]
                tree.add(_more_children(http, base_url, tree.thread_id, ids))
            elif parent.startswith("t1_"):  # "continue this thread": the tree below a comment
                expansions.left -= 1
                below = quote(parent.removeprefix("t1_"), safe="")
                tree.add(
                    _tree(http, f"{base_url}/r/{subreddit}/comments/{post_id}/_/{below}.json")[1]
                )
        if tree.stubs:
            left = sum(max(1, int(stub.get("count") or 0)) for stub in tree.stubs)
            log.info("reddit %s: about %d comments left behind 'more' stubs", post["name"], left)
        return tree.messages


class _Tree:
    """A post's messages, gathered from its comment listings; ``more`` stubs set aside."""

    def __init__(self, base_url: str, post: Mapping[str, Any]) -> None:
        self.base_url = base_url
        self.thread_id: str = post["name"]
        self.title = post.get("title") or None
        body = _text(post, "selftext")
        text = f"{self.title}\n\n{body}".strip()
        self.messages = [_message(base_url, post, self.thread_id, None, self.title, text)]
        self.seen = {self.thread_id}
        self.stubs: deque[dict[str, Any]] = deque()

    def add(self, children: Sequence[Any]) -> None:
        """Comments (with their nested replies) in reply order, each message once."""
        stack = list(reversed(children))
        while stack:
            child = stack.pop()
            if not isinstance(child, dict):
                continue
            if child.get("kind") == "more":
                self.stubs.append(dict(child.get("data") or {}))
                continue
            if child.get("kind") != "t1":
                continue
            comment = child["data"]
            if comment["name"] not in self.seen:  # a continued thread repeats its parent
                self.seen.add(comment["name"])
                self.messages.append(
                    _message(
                        self.base_url,
                        comment,
                        self.thread_id,
                        comment.get("parent_id"),
                        self.title,
                        _text(comment, "body"),
                    )
                )
            replies = comment.get("replies")
            if isinstance(replies, dict):
                stack.extend(reversed(replies.get("data", {}).get("children") or []))


def _tree(http: PoliteClient, url: str) -> tuple[list[Any], list[Any]]:
    """A comments page: the post's listing children and the comment listing's children."""
    response = http.get_json(url, params={"raw_json": 1, "limit": 500, "sort": "old"})
    if not isinstance(response, list) or len(response) < 2:
        raise ConnectorError(f"unexpected comments response from {url}")
    post_listing = _listing_data(response[0], url).get("children") or []
    return list(post_listing), list(_listing_data(response[1], url).get("children") or [])


def _more_children(
    http: PoliteClient, base_url: str, thread_id: str, ids: Sequence[str]
) -> list[Any]:
    """The comments behind a ``more`` stub: a flat list, each naming its parent."""
    response = http.get_json(
        f"{base_url}/api/morechildren.json",
        params={
            "api_type": "json",
            "link_id": thread_id,
            "children": ",".join(ids),
            "sort": "old",
            "raw_json": 1,
        },
    )
    body = response.get("json") if isinstance(response, dict) else None
    if not isinstance(body, dict) or body.get("errors"):
        raise ConnectorError(f"unexpected morechildren response for {thread_id}")
    things = (body.get("data") or {}).get("things")
    if not isinstance(things, list):
        raise ConnectorError(f"unexpected morechildren response for {thread_id}")
    return things


def _comment_count(post: Mapping[str, Any]) -> int:
    return int(post.get("num_comments") or 0)


def _listing_data(listing: Any, base_url: str) -> Mapping[str, Any]:
    if not isinstance(listing, dict) or listing.get("kind") != "Listing":
        raise ConnectorError(f"unexpected listing from {base_url}")
    data: Mapping[str, Any] = listing.get("data") or {}
    return data


def _text(thing: Mapping[str, Any], field: str) -> str:
    rendered = thing.get(f"{field}_html")
    if rendered:
        # Without raw_json=1 Reddit escapes the HTML once more.
        if rendered.lstrip().startswith("&lt;"):
            rendered = html.unescape(rendered)
        return html_to_text(rendered)
    return str(thing.get(field) or "").strip()


def _message(
    base_url: str,
    thing: Mapping[str, Any],
    thread_id: str,
    parent_id: str | None,
    title: str | None,
    text: str,
) -> FetchedMessage:
    edited = thing.get("edited")
    permalink = thing.get("permalink")
    return FetchedMessage(
        source_thread_id=thread_id,
        message_id=thing["name"],
        parent_id=parent_id,
        author=str(thing.get("author") or "[deleted]"),
        text=text,
        created_at=utc_from_timestamp(thing["created_utc"]),
        lang=None,
        url=f"{base_url}{permalink}" if permalink else None,
        thread_title=title,
        # ``edited`` is false or the edit's epoch seconds.
        edited_at=utc_from_timestamp(edited) if edited and edited is not True else None,
    )
