"""Mastodon: tag, account and public timelines with thread context, from recorded API JSON."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from pytest_httpserver import HTTPServer

from netpolarna.netwalk.connectors.http import PoliteClient
from netpolarna.netwalk.connectors.mastodon import MastodonConnector

ROOT, DA_REPLY, NB_REPLY, PRIVATE, EN_ROOT = (f"11208123456789010{n}" for n in (1, 2, 3, 4, 5))
TAG_PATH = "/api/v1/timelines/tag/karlskoga"


def context_path(status_id: str) -> str:
    return f"/api/v1/statuses/{status_id}/context"


@pytest.fixture
def tag_server(httpserver: HTTPServer, fixture_json: Callable) -> HTTPServer:
    httpserver.expect_oneshot_request(TAG_PATH, query_string="limit=40").respond_with_json(
        fixture_json("mastodon/tag_timeline.json")
    )
    httpserver.expect_request(context_path(ROOT)).respond_with_json(
        fixture_json("mastodon/context_root.json")
    )
    httpserver.expect_request(context_path(EN_ROOT)).respond_with_json(
        fixture_json("mastodon/context_empty.json")
    )
    return httpserver


def test_hashtag_scan_builds_threads_from_context(
    tag_server: HTTPServer, http_client: PoliteClient, collect: Callable
) -> None:
    config = {"base_url": tag_server.url_for("/"), "hashtag": "karlskoga"}

    messages, state = collect(MastodonConnector().iter_batches(config, {}, http_client))

    by_id = {m.message_id: m for m in messages}
    assert list(by_id) == [ROOT, DA_REPLY, NB_REPLY, EN_ROOT]  # no private status, no duplicate
    assert {m.source_thread_id for m in messages if m.message_id != EN_ROOT} == {ROOT}
    assert by_id[ROOT].parent_id is None
    assert by_id[DA_REPLY].parent_id == ROOT and by_id[DA_REPLY].lang == "da"
    assert by_id[NB_REPLY].parent_id == DA_REPLY and by_id[NB_REPLY].lang == "nb"
    assert by_id[NB_REPLY].edited_at == datetime(2024, 3, 12, 17, 40, tzinfo=UTC)
    assert (
        by_id[NB_REPLY].text
        == "Helt enig. Vi ser akkurat det samme i Oslo.\nHvem kan vi kontakte? #karlskoga"
    )
    assert by_id[ROOT].text.endswith(
        "Tips på hur man anmäler: https://www.natpolarna.example/anmal"
    )
    assert "säga ifrån & stötta" in by_id[ROOT].text
    # A local account is listed without its server; the source's host makes it unambiguous.
    assert by_id[ROOT].author == f"anna_k@{tag_server.host}"
    assert by_id[DA_REPLY].author == "lars@mastodon.dk"
    assert by_id[ROOT].created_at == datetime(2024, 3, 12, 17, 2, 11, tzinfo=UTC)
    assert by_id[ROOT].url == "https://social.example/@anna_k/112081234567890101"
    assert by_id[EN_ROOT].text.startswith("politics\n\nReminder: critique is not hate.")
    assert state["newest_id"] == EN_ROOT
    # The reply that was already part of the root's context needs no context fetch of its own.
    fetched = [request.path for request, _ in tag_server.log]
    assert context_path(NB_REPLY) not in fetched and context_path(PRIVATE) not in fetched


def test_second_scan_asks_only_for_newer_statuses(
    tag_server: HTTPServer, http_client: PoliteClient, collect: Callable, fixture_json: Callable
) -> None:
    config = {"base_url": tag_server.url_for("/"), "hashtag": "karlskoga"}
    connector = MastodonConnector()
    _, state = collect(connector.iter_batches(config, {}, http_client))
    tag_server.expect_oneshot_request(
        TAG_PATH, query_string=f"limit=40&min_id={EN_ROOT}"
    ).respond_with_json([])

    messages, state_after = collect(connector.iter_batches(config, state, http_client), state)

    assert messages == [] and state_after == state
    newer = fixture_json("mastodon/tag_timeline_newer.json")
    tag_server.expect_oneshot_request(
        TAG_PATH, query_string=f"limit=40&min_id={EN_ROOT}"
    ).respond_with_json(newer)
    tag_server.expect_request(context_path(newer[0]["id"])).respond_with_json(
        fixture_json("mastodon/context_empty.json")
    )

    messages, state = collect(connector.iter_batches(config, state, http_client), state)

    assert [m.message_id for m in messages] == [newer[0]["id"]]
    assert messages[0].author == f"karlskogakommun@{tag_server.host}"
    assert state["newest_id"] == newer[0]["id"]


def test_a_late_reply_is_threaded_under_its_root(
    httpserver: HTTPServer, http_client: PoliteClient, collect: Callable, fixture_json: Callable
) -> None:
    reply = fixture_json("mastodon/tag_timeline_reply.json")
    httpserver.expect_request(TAG_PATH).respond_with_json(reply)
    httpserver.expect_request(context_path(reply[0]["id"])).respond_with_json(
        fixture_json("mastodon/context_late_reply.json")
    )
    config = {"base_url": httpserver.url_for("/"), "hashtag": "karlskoga", "max_pages": 1}

    messages, _ = collect(
        MastodonConnector().iter_batches(config, {"newest_id": EN_ROOT}, http_client)
    )

    late = messages[-1]
    assert late.message_id == reply[0]["id"]
    assert late.source_thread_id == ROOT and late.parent_id == ROOT and late.lang == "en"


def test_account_statuses_resolve_reblogs_and_skip_non_public(
    httpserver: HTTPServer, http_client: PoliteClient, collect: Callable, fixture_json: Callable
) -> None:
    httpserver.expect_oneshot_request(
        "/api/v1/accounts/lookup", query_string="acct=karlskogakommun"
    ).respond_with_json(fixture_json("mastodon/account_lookup.json"))
    httpserver.expect_request("/api/v1/accounts/109312010/statuses").respond_with_json(
        fixture_json("mastodon/account_statuses.json")
    )
    for status_id in ("112079999999990001", "112081234567890160"):
        httpserver.expect_request(context_path(status_id)).respond_with_json(
            fixture_json("mastodon/context_empty.json")
        )
    config = {"base_url": httpserver.url_for("/"), "account": "karlskogakommun"}

    messages, state = collect(MastodonConnector().iter_batches(config, {}, http_client))

    boosted, own = messages
    assert boosted.message_id == "112079999999990001"  # the original, not the reblog wrapper
    assert boosted.author == "ingrid@snabelen.no" and boosted.lang == "nb"
    assert boosted.text == "Ny veileder for foreldre: slik snakker du med ungdommen om netthets."
    assert own.text == "Nätpolarna finns på plats på Kulturhuset i eftermiddag."
    assert state["account"] == {"acct": "karlskogakommun", "id": "109312010"}
    assert state["newest_id"] == "112081234567890170"  # the direct message still moves the mark


def test_local_timeline_and_page_cap(
    httpserver: HTTPServer, http_client: PoliteClient, collect: Callable, fixture_json: Callable
) -> None:
    httpserver.expect_request("/api/v1/timelines/public").respond_with_json(
        fixture_json("mastodon/account_statuses.json")
    )
    for status_id in ("112079999999990001", "112081234567890160"):
        httpserver.expect_request(context_path(status_id)).respond_with_json(
            fixture_json("mastodon/context_empty.json")
        )
    config = {
        "base_url": httpserver.url_for("/"),
        "timeline": "local",
        "max_pages": 2,
        "page_size": 3,  # every page is full, so only the cap stops the scan
    }

    collect(MastodonConnector().iter_batches(config, {"newest_id": "1"}, http_client))

    listings = [r for r, _ in httpserver.log if r.path == "/api/v1/timelines/public"]
    assert len(listings) == 2
    assert all(r.args["local"] == "true" for r in listings)
    assert listings[0].args["min_id"] == "1"
    assert listings[1].args["min_id"] == "112081234567890170"


def test_account_id_is_kept_and_a_deleted_status_needs_no_context(
    httpserver: HTTPServer, http_client: PoliteClient, collect: Callable, fixture_json: Callable
) -> None:
    httpserver.expect_oneshot_request(
        "/api/v1/accounts/lookup", query_string="acct=karlskogakommun"
    ).respond_with_json(fixture_json("mastodon/account_lookup.json"))
    httpserver.expect_oneshot_request(
        "/api/v1/accounts/109312010/statuses", query_string="limit=40&min_id=5"
    ).respond_with_json([])
    config = {"base_url": httpserver.url_for("/"), "account": "karlskogakommun"}
    connector = MastodonConnector()

    nothing, state = collect(connector.iter_batches(config, {"newest_id": "5"}, http_client))

    assert nothing == []
    assert state == {"newest_id": "5", "account": {"acct": "karlskogakommun", "id": "109312010"}}
    statuses = fixture_json("mastodon/account_statuses.json")
    httpserver.expect_oneshot_request(
        "/api/v1/accounts/109312010/statuses", query_string="limit=40&min_id=5"
    ).respond_with_json(statuses)
    httpserver.expect_request(context_path("112079999999990001")).respond_with_data("", status=404)
    httpserver.expect_request(context_path("112081234567890160")).respond_with_json(
        fixture_json("mastodon/context_empty.json")
    )

    messages, state = collect(connector.iter_batches(config, state, http_client), state)

    assert [m.message_id for m in messages] == ["112079999999990001", "112081234567890160"]
    assert messages[0].source_thread_id == "112079999999990001"
    assert not httpserver.oneshot_handlers  # the account was looked up once
