"""Discourse: latest topics and their post streams, from recorded JSON."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from pytest_httpserver import HTTPServer

from netpolarna.netwalk.connectors.discourse import DiscourseConnector
from netpolarna.netwalk.connectors.http import PoliteClient


@pytest.fixture
def forum(httpserver: HTTPServer, fixture_json: Callable) -> HTTPServer:
    httpserver.expect_oneshot_request("/latest.json").respond_with_json(
        fixture_json("discourse/latest.json")
    )
    httpserver.expect_oneshot_request("/t/8.json").respond_with_json(
        fixture_json("discourse/t_8.json")
    )
    httpserver.expect_oneshot_request("/t/245.json").respond_with_json(
        fixture_json("discourse/t_245.json")
    )
    httpserver.expect_oneshot_request("/t/246.json").respond_with_json(
        fixture_json("discourse/t_246.json")
    )
    httpserver.expect_oneshot_request(
        "/t/246/posts.json",
        query_string="post_ids%5B%5D=2021&post_ids%5B%5D=2022&post_ids%5B%5D=2023",
    ).respond_with_json(fixture_json("discourse/t_246_posts_21_23.json"))
    return httpserver


def test_topics_become_threads_with_reply_structure(
    forum: HTTPServer, http_client: PoliteClient, collect: Callable
) -> None:
    config = {"base_url": forum.url_for("/")}

    messages, state = collect(DiscourseConnector().iter_batches(config, {}, http_client))

    threads = [m.source_thread_id for m in messages]
    assert threads == ["8"] + ["246"] * 23 + ["245"] * 3  # oldest bump first
    by_id = {m.message_id: m for m in messages}
    opening, answer, quote = by_id["1301"], by_id["1302"], by_id["1303"]
    assert opening.parent_id is None
    assert opening.thread_title == "Hatkonto mot elever – vad gör man?"
    assert opening.text == (
        "Det finns ett konto som hänger ut elever på Bergsskolan. Vad gör man?\n\n"
        "Skolan säger att de inte kan göra något & polisen svarar inte."
    )
    assert opening.author == "maja"
    assert opening.created_at == datetime(2024, 3, 12, 17, 2, 11, 120000, tzinfo=UTC)
    assert opening.url == forum.url_for("/t/hatkonto-mot-elever-vad-gor-man/245/1")
    assert answer.parent_id == "1301"  # a reply to the topic points at its first post
    assert answer.text.endswith("Ta skärmdump\nAnmäl")
    assert answer.edited_at == datetime(2024, 3, 12, 17, 25, tzinfo=UTC)
    assert quote.parent_id == "1302"  # reply_to_post_number 2
    assert quote.text.endswith("Og snakk med en voksen du stoler på. :heart:")
    assert "1304" not in by_id  # the "closed" small action is not a message
    assert by_id["2023"].parent_id == "2022"  # from the posts.json chunk
    assert state["topics"]["245"] == {
        "highest_post_number": 4,
        "post_id": 1304,
        "bumped_at": "2024-03-12T18:01:00.000000+00:00",
    }
    assert state["bumped_at"] == "2024-03-12T18:01:00.000000+00:00"


def test_a_later_scan_fetches_only_new_posts(
    forum: HTTPServer, http_client: PoliteClient, collect: Callable, fixture_json: Callable
) -> None:
    config = {"base_url": forum.url_for("/")}
    connector = DiscourseConnector()
    _, state = collect(connector.iter_batches(config, {}, http_client))
    forum.expect_oneshot_request("/latest.json").respond_with_json(
        fixture_json("discourse/latest.json")
    )

    nothing, state = collect(connector.iter_batches(config, state, http_client), state)

    assert nothing == []
    forum.expect_oneshot_request("/latest.json").respond_with_json(
        fixture_json("discourse/latest_later.json")
    )
    forum.expect_oneshot_request("/t/246.json").respond_with_json(
        fixture_json("discourse/t_246_later.json")
    )
    forum.expect_oneshot_request(
        "/t/246/posts.json", query_string="post_ids%5B%5D=2024"
    ).respond_with_json(fixture_json("discourse/t_246_posts_24.json"))
    forum.expect_oneshot_request("/posts/by_number/246/21.json").respond_with_json(
        fixture_json("discourse/post_246_21.json")
    )

    newer, state = collect(connector.iter_batches(config, state, http_client), state)

    assert [(m.source_thread_id, m.message_id) for m in newer] == [("246", "2024")]
    assert newer[0].parent_id == "2021"  # post 21 was stored by the first scan
    assert newer[0].lang is None and newer[0].author == "maja"
    assert state["topics"]["246"]["highest_post_number"] == 24
    forum.check_assertions()
    assert not forum.oneshot_handlers


def test_category_listing_and_page_cap(
    httpserver: HTTPServer, http_client: PoliteClient, collect: Callable, fixture_json: Callable
) -> None:
    httpserver.expect_request("/c/trygghet.json").respond_with_json(
        fixture_json("discourse/latest.json")
    )
    state = {
        "bumped_at": "2020-01-01T00:00:00.000000+00:00",
        "topics": {
            "8": {"highest_post_number": 1, "post_id": 20, "bumped_at": "2023-01-10"},
            "245": {"highest_post_number": 4, "post_id": 1304, "bumped_at": "2024-03-12"},
            "246": {"highest_post_number": 23, "post_id": 2023, "bumped_at": "2024-03-10"},
        },
    }
    config = {"base_url": httpserver.url_for("/"), "category": "trygghet", "max_pages": 2}

    messages, _ = collect(DiscourseConnector().iter_batches(config, state, http_client), state)

    assert messages == []
    pages = [request.args.get("page") for request, _ in httpserver.log]
    assert pages == [None, "1"]  # every topic is newer than the mark, so only the cap stops
