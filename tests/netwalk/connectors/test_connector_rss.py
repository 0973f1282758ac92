"""RSS 2.0 and Atom through the real client and feedparser."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from pytest_httpserver import HTTPServer

from netpolarna.netwalk.connectors.http import PoliteClient
from netpolarna.netwalk.connectors.rss import RssConnector

RSS_TYPE = "application/rss+xml; charset=UTF-8"


def test_rss2_entries_become_one_message_threads(
    httpserver: HTTPServer, http_client: PoliteClient, fixture_bytes: Callable, collect: Callable
) -> None:
    httpserver.expect_request("/feed/").respond_with_data(
        fixture_bytes("feeds/rss2_sv.xml"), content_type=RSS_TYPE
    )

    messages, state = collect(
        RssConnector().iter_batches({"url": httpserver.url_for("/feed/")}, {}, http_client)
    )

    assert [m.message_id for m in messages] == [
        "https://lokalnytt.example/?p=48190",
        "https://lokalnytt.example/?p=48211",
    ]  # oldest first
    letter, news = messages
    assert news.source_thread_id == news.message_id and news.parent_id is None
    assert news.thread_title == "Kommunen startar Nätpolarna – vuxna som går på nätet"
    assert news.author == "Karin Berg"
    assert news.text.startswith("Tre fältarbetare ska följa konflikter på nätet och stötta")
    assert "”Vi vill finnas där ungdomarna är”" in news.text  # content:encoded wins
    assert "trackPageview" not in news.text
    assert news.created_at == datetime(2024, 3, 12, 16, 45, tzinfo=UTC)
    assert news.lang == "sv"
    assert news.url == "https://lokalnytt.example/2024/03/12/natpolarna/"
    assert letter.author == "Karlskoga Lokalnytt"  # no author: the feed's title
    assert letter.text == "Det räcker nu. Kritik mot beslut är en sak,\ndrev mot enskilda en annan."
    assert set(state["seen"]) == {m.message_id for m in messages}


def test_atom_entries_with_language_author_and_edits(
    httpserver: HTTPServer, http_client: PoliteClient, fixture_bytes: Callable, collect: Callable
) -> None:
    httpserver.expect_request("/atom.xml").respond_with_data(
        fixture_bytes("feeds/atom_da.xml"), content_type="application/atom+xml"
    )

    messages, _ = collect(
        RssConnector().iter_batches({"url": httpserver.url_for("/atom.xml")}, {}, http_client)
    )

    by_id = {m.message_id: m for m in messages}
    workshop = by_id["tag:aalborg.example,2024:nyhed-1187"]
    assert workshop.thread_title == "Unge og voksne mødes om hadefulde kommentarer"
    assert workshop.author == "Mette Sørensen"
    assert workshop.lang == "da"
    assert workshop.text == (
        "Over 200 elever deltog i workshoppen.\n\n"
        'Næste skridt er et netværk af "digitale gadeplansmedarbejdere".'
    )
    assert workshop.created_at == datetime(2024, 3, 11, 7, 0, tzinfo=UTC)
    assert workshop.edited_at == datetime(2024, 3, 12, 12, 0, tzinfo=UTC)
    meeting = by_id["tag:aalborg.example,2024:news-1190"]
    assert meeting.lang == "en"
    assert meeting.author == "Aalborg Kommune – Tryg digital by"
    assert meeting.created_at == datetime(2024, 3, 12, 9, 30, tzinfo=UTC)
    assert meeting.edited_at is None


def test_incremental_scans_use_conditional_get_and_yield_only_new_entries(
    httpserver: HTTPServer,
    http_client: PoliteClient,
    fixture_bytes: Callable,
    collect: Callable,
) -> None:
    url = httpserver.url_for("/feed/")
    connector = RssConnector()
    httpserver.expect_ordered_request("/feed/").respond_with_data(
        fixture_bytes("feeds/rss2_sv.xml"), content_type=RSS_TYPE, headers={"ETag": '"v1"'}
    )
    httpserver.expect_ordered_request(
        "/feed/", headers={"If-None-Match": '"v1"'}
    ).respond_with_data("", status=304)
    httpserver.expect_ordered_request(
        "/feed/", headers={"If-None-Match": '"v1"'}
    ).respond_with_data(
        fixture_bytes("feeds/rss2_sv.xml"), content_type=RSS_TYPE, headers={"ETag": '"v1b"'}
    )
    httpserver.expect_ordered_request(
        "/feed/", headers={"If-None-Match": '"v1b"'}
    ).respond_with_data(
        fixture_bytes("feeds/rss2_sv_updated.xml"), content_type=RSS_TYPE, headers={"ETag": '"v2"'}
    )

    first, state = collect(connector.iter_batches({"url": url}, {}, http_client))
    assert len(first) == 2 and state["http"] == {"etag": '"v1"'}
    not_modified, state = collect(connector.iter_batches({"url": url}, state, http_client), state)
    assert not_modified == []
    same_again, state = collect(connector.iter_batches({"url": url}, state, http_client), state)
    assert same_again == []  # a changed ETag but the same entries
    newer, state = collect(connector.iter_batches({"url": url}, state, http_client), state)

    assert [m.thread_title for m in newer] == ["Temavecka om näthat på Bergsskolan"]
    assert state["http"] == {"etag": '"v2"'}
    assert len(state["seen"]) == 3
    httpserver.check_assertions()
