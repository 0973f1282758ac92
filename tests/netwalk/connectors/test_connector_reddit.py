"""Reddit: subreddit listings and comment trees, from recorded JSON."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from pytest_httpserver import HTTPServer

from netpolarna.netwalk.connectors.errors import ConnectorError
from netpolarna.netwalk.connectors.http import PoliteClient
from netpolarna.netwalk.connectors.reddit import RedditConnector

NEW = "/r/Karlskoga/new.json"
MORE = "/api/morechildren.json"
CONTINUED = "/r/Karlskoga/comments/1b8x2qa/_/kvm6f5g.json"
POST, LINK_POST, LATER_POST = "t3_1b8x2qa", "t3_1b8y7kd", "t3_1b9a1zz"


def comments_path(post_id: str) -> str:
    return f"/r/Karlskoga/comments/{post_id}.json"


@pytest.fixture
def reddit(httpserver: HTTPServer, fixture_json: Callable) -> HTTPServer:
    for post_id in ("1b8x2qa", "1b8y7kd", "1b9a1zz"):
        httpserver.expect_request(comments_path(post_id)).respond_with_json(
            fixture_json(f"reddit/comments_{post_id}.json")
        )
    httpserver.expect_request(
        MORE,
        query_string={
            "api_type": "json",
            "link_id": POST,
            "children": "kvm5e4f,kvm6f5g",
            "sort": "old",
            "raw_json": "1",
        },
    ).respond_with_json(fixture_json("reddit/morechildren_1b8x2qa.json"))
    httpserver.expect_request(CONTINUED).respond_with_json(
        fixture_json("reddit/continue_1b8x2qa_kvm6f5g.json")
    )
    return httpserver


def config(server: HTTPServer, **extra: object) -> dict[str, object]:
    return {"base_url": server.url_for("/").rstrip("/"), "subreddit": "Karlskoga", **extra}


def test_posts_and_nested_comments_become_threads(
    reddit: HTTPServer, http_client: PoliteClient, collect: Callable, fixture_json: Callable
) -> None:
    reddit.expect_request(NEW).respond_with_json(fixture_json("reddit/new.json"))

    messages, state = collect(RedditConnector().iter_batches(config(reddit), {}, http_client))

    by_id = {m.message_id: m for m in messages}
    assert [m.message_id for m in messages] == [
        *(POST, "t1_kvm1a0b", "t1_kvm2b1c", "t1_kvm3c2d", "t1_kvm4d3e"),
        *("t1_kvm5e4f", "t1_kvm6f5g", "t1_kvm7g6h"),  # behind a "more" stub, then continued
        LINK_POST,
    ]
    post = by_id[POST]
    assert post.source_thread_id == POST and post.parent_id is None
    assert post.thread_title == "Hatkonto mot elever på Möckelngymnasiet"
    assert post.text.startswith("Hatkonto mot elever på Möckelngymnasiet\n\nNågon har gjort")
    assert post.text.endswith("Skolan säger att de inte kan göra något.")
    assert post.created_at == datetime(2024, 3, 12, 17, 0, tzinfo=UTC)
    assert post.url == reddit.url_for(
        "/r/Karlskoga/comments/1b8x2qa/hatkonto_mot_elever_på_möckelngymnasiet/"
    )
    danish = by_id["t1_kvm1a0b"]
    assert danish.parent_id == POST and danish.source_thread_id == POST
    assert danish.text.startswith("Anmeld det til politiet & skriv ned alle links.")
    norwegian = by_id["t1_kvm2b1c"]
    assert norwegian.parent_id == "t1_kvm1a0b"  # a nested reply
    assert norwegian.edited_at == datetime.fromtimestamp(1710265000, tz=UTC)
    assert by_id["t1_kvm3c2d"].author == "[deleted]" and by_id["t1_kvm3c2d"].text == "[removed]"
    assert by_id[LINK_POST].author == "[deleted]"
    assert by_id[LINK_POST].text == "Temavecka om näthat nästa vecka"
    assert by_id["t1_kvm6f5g"].parent_id == "t1_kvm5e4f"
    assert by_id["t1_kvm7g6h"].parent_id == "t1_kvm6f5g"
    assert by_id["t1_kvm7g6h"].text == "Bra, säg till om du vill ha sällskap dit."
    assert state["newest"] == {"name": LINK_POST, "created_utc": 1710270000.0}
    assert state["recent"] == {POST: 4, LINK_POST: 0}


def test_incremental_scans_fetch_only_new_posts(
    reddit: HTTPServer, http_client: PoliteClient, collect: Callable, fixture_json: Callable
) -> None:
    connector = RedditConnector()
    reddit.expect_oneshot_request(NEW).respond_with_json(fixture_json("reddit/new.json"))
    reddit.expect_oneshot_request(NEW).respond_with_json(fixture_json("reddit/new.json"))
    reddit.expect_oneshot_request(NEW).respond_with_json(fixture_json("reddit/new_with_newer.json"))
    _, state = collect(connector.iter_batches(config(reddit), {}, http_client))
    fetched_before = len(reddit.log)

    again, state = collect(connector.iter_batches(config(reddit), state, http_client), state)

    assert again == []
    assert len(reddit.log) == fetched_before + 1  # the listing only, no comment trees

    newer, state = collect(connector.iter_batches(config(reddit), state, http_client), state)

    assert [m.message_id for m in newer] == [LATER_POST]
    assert newer[0].thread_title == "Tack till Nätpolarna"
    assert state["newest"]["name"] == LATER_POST
    reddit.check_assertions()


def test_a_post_with_more_comments_is_fetched_again(
    reddit: HTTPServer, http_client: PoliteClient, collect: Callable, fixture_json: Callable
) -> None:
    reddit.expect_request(NEW).respond_with_json(fixture_json("reddit/new.json"))
    state = {
        "newest": {"name": LINK_POST, "created_utc": 1710270000.0},
        "recent": {POST: 2, LINK_POST: 0},
    }

    messages, state = collect(
        RedditConnector().iter_batches(config(reddit), state, http_client), state
    )

    assert {m.source_thread_id for m in messages} == {POST}
    assert state["recent"][POST] == 4


def test_listing_pages_stop_at_the_cap(
    reddit: HTTPServer, http_client: PoliteClient, collect: Callable, fixture_json: Callable
) -> None:
    page = fixture_json("reddit/new_with_newer.json")  # always says there is a next page
    reddit.expect_request(NEW).respond_with_json(page)

    collect(
        RedditConnector().iter_batches(
            config(reddit, max_pages=3),
            {"newest": {"name": "t3_0", "created_utc": 1.0}},
            http_client,
        )
    )

    listings = [request for request, _ in reddit.log if request.path == NEW]
    assert len(listings) == 3
    assert listings[1].args["after"] == POST
    trees = [request.path for request, _ in reddit.log if request.path != NEW]
    assert sorted(trees) == sorted(set(trees))  # a post seen on several pages is fetched once


def test_more_stubs_are_expanded_up_to_the_cap_and_the_rest_left_for_later(
    reddit: HTTPServer,
    http_client: PoliteClient,
    collect: Callable,
    fixture_json: Callable,
    caplog: pytest.LogCaptureFixture,
) -> None:
    reddit.expect_request(NEW).respond_with_json(fixture_json("reddit/new.json"))

    with caplog.at_level("INFO", logger="netpolarna.netwalk.connectors.reddit"):
        messages, _ = collect(
            RedditConnector().iter_batches(config(reddit, max_pages=1), {}, http_client)
        )

    ids = [m.message_id for m in messages]
    assert "t1_kvm6f5g" in ids and "t1_kvm7g6h" not in ids  # one expansion, no continuation
    assert [request.path for request, _ in reddit.log].count(MORE) == 1
    assert CONTINUED not in [request.path for request, _ in reddit.log]
    assert "comments left behind 'more' stubs" in caplog.text


def test_a_long_more_stub_is_asked_for_in_requests_of_100_ids(
    httpserver: HTTPServer, http_client: PoliteClient, collect: Callable, fixture_json: Callable
) -> None:
    tree = fixture_json("reddit/comments_1b8x2qa.json")
    stub = tree[1]["data"]["children"][-1]["data"]
    stub["children"] = [f"k{n:04d}" for n in range(150)]
    stub["count"] = 150
    httpserver.expect_request(NEW).respond_with_json(fixture_json("reddit/new.json"))
    httpserver.expect_request(comments_path("1b8x2qa")).respond_with_json(tree)
    httpserver.expect_request(comments_path("1b8y7kd")).respond_with_json(
        fixture_json("reddit/comments_1b8y7kd.json")
    )
    httpserver.expect_request(MORE).respond_with_json(
        {"json": {"errors": [], "data": {"things": []}}}
    )

    collect(RedditConnector().iter_batches(config(httpserver), {}, http_client))

    asked = [request.args["children"].split(",") for request, _ in httpserver.log
             if request.path == MORE]  # fmt: skip
    assert [len(ids) for ids in asked] == [100, 50]
    assert [i for ids in asked for i in ids] == stub["children"]


def test_a_morechildren_error_fails_the_post_rather_than_storing_part_of_it(
    httpserver: HTTPServer, http_client: PoliteClient, fixture_json: Callable
) -> None:
    httpserver.expect_request(NEW).respond_with_json(fixture_json("reddit/new.json"))
    httpserver.expect_request(comments_path("1b8x2qa")).respond_with_json(
        fixture_json("reddit/comments_1b8x2qa.json")
    )
    httpserver.expect_request(MORE).respond_with_json(
        {"json": {"errors": [["RATELIMIT", "you are doing that too much", "ratelimit"]]}}
    )

    batches = RedditConnector().iter_batches(config(httpserver), {}, http_client)

    with pytest.raises(ConnectorError, match="morechildren"):
        next(batches)
