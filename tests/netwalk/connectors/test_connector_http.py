"""PoliteClient against a real local HTTP server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from netpolarna.netwalk.connectors.errors import ConnectorError
from netpolarna.netwalk.connectors.http import PoliteClient, parse_retry_after

CONTACT_URL = "https://natpolarna.example/om-natvandring"  # as in conftest.py


def test_user_agent_names_the_service_and_a_contact(
    httpserver: HTTPServer, http_client: PoliteClient
) -> None:
    httpserver.expect_request("/feed").respond_with_data("ok")

    http_client.get(httpserver.url_for("/feed"))

    request, _ = httpserver.log[0]
    assert request.headers["User-Agent"] == f"Natpolarna-netwalker/0.1.0 (+{CONTACT_URL})"


def test_conditional_get_sends_validators_and_reports_304(
    httpserver: HTTPServer, http_client: PoliteClient
) -> None:
    validators: dict[str, str] = {}
    httpserver.expect_ordered_request("/feed").respond_with_data(
        "<rss/>",
        headers={"ETag": 'W/"abc"', "Last-Modified": "Tue, 12 Mar 2024 17:00:00 GMT"},
    )
    httpserver.expect_ordered_request(
        "/feed",
        headers={"If-None-Match": 'W/"abc"', "If-Modified-Since": "Tue, 12 Mar 2024 17:00:00 GMT"},
    ).respond_with_data("", status=304)

    first = http_client.get(httpserver.url_for("/feed"), validators=validators)
    second = http_client.get(httpserver.url_for("/feed"), validators=validators)

    assert not first.not_modified and first.content == b"<rss/>"
    assert validators == {"etag": 'W/"abc"', "last_modified": "Tue, 12 Mar 2024 17:00:00 GMT"}
    assert second.not_modified
    httpserver.check_assertions()


def test_429_with_retry_after_is_waited_out_then_succeeds(
    httpserver: HTTPServer, http_client: PoliteClient, fake_time: Any
) -> None:
    httpserver.expect_ordered_request("/api").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request("/api").respond_with_json({"ok": True})

    assert http_client.get_json(httpserver.url_for("/api")) == {"ok": True}
    assert fake_time.sleeps == [7.0]


def test_persistent_500_backs_off_exponentially_then_raises(
    httpserver: HTTPServer, make_client: Callable[..., PoliteClient], fake_time: Any
) -> None:
    httpserver.expect_request("/api").respond_with_data("boom", status=500)
    client = make_client(max_retries=3, backoff_base=2.0)

    with pytest.raises(ConnectorError) as caught:
        client.get(httpserver.url_for("/api"))

    assert len(httpserver.log) == 4  # the first try and three retries
    assert fake_time.sleeps == [2.0, 4.0, 8.0]
    assert caught.value.retry_after == 16.0


def test_persistent_429_raises_with_the_servers_retry_after(
    httpserver: HTTPServer, make_client: Callable[..., PoliteClient], fake_time: Any
) -> None:
    httpserver.expect_request("/api").respond_with_data(
        "", status=429, headers={"Retry-After": "30"}
    )
    client = make_client(max_retries=2)

    with pytest.raises(ConnectorError) as caught:
        client.get(httpserver.url_for("/api"))

    assert fake_time.sleeps == [30.0, 30.0]
    assert caught.value.retry_after == 30.0


def test_a_retry_after_beyond_max_wait_ends_the_scan_without_waiting(
    httpserver: HTTPServer, make_client: Callable[..., PoliteClient], fake_time: Any
) -> None:
    later = datetime.now(UTC) + timedelta(hours=1)
    httpserver.expect_request("/api").respond_with_data(
        "", status=503, headers={"Retry-After": format_datetime(later, usegmt=True)}
    )
    client = make_client(max_wait=120.0)

    with pytest.raises(ConnectorError) as caught:
        client.get(httpserver.url_for("/api"))

    assert fake_time.sleeps == []
    assert len(httpserver.log) == 1
    assert caught.value.retry_after is not None and 3500 < caught.value.retry_after <= 3600


def test_client_errors_are_not_retried(httpserver: HTTPServer, http_client: PoliteClient) -> None:
    httpserver.expect_request("/gone").respond_with_data("", status=404)

    with pytest.raises(ConnectorError) as caught:
        http_client.get(httpserver.url_for("/gone"))

    assert caught.value.status == 404
    assert len(httpserver.log) == 1


def test_requests_to_one_host_are_paced(
    httpserver: HTTPServer, make_client: Callable[..., PoliteClient], fake_time: Any
) -> None:
    httpserver.expect_request("/a").respond_with_data("a")
    client = make_client(min_interval=2.5)

    for _ in range(3):
        client.get(httpserver.url_for("/a"))

    assert fake_time.sleeps == [2.5, 2.5]


def test_redirects_are_followed_only_to_http(
    httpserver: HTTPServer, http_client: PoliteClient
) -> None:
    httpserver.expect_request("/old").respond_with_response(
        Response(status=301, headers={"Location": "/new"})
    )
    httpserver.expect_request("/new").respond_with_data("moved here")
    httpserver.expect_request("/evil").respond_with_response(
        Response(status=302, headers={"Location": "file:///etc/passwd"})
    )

    assert http_client.get(httpserver.url_for("/old")).content == b"moved here"
    with pytest.raises(ConnectorError, match="refusing"):
        http_client.get(httpserver.url_for("/evil"))
    with pytest.raises(ConnectorError, match="refusing"):
        http_client.get("ftp://example.org/feed.xml")


def test_oversized_bodies_are_refused(
    httpserver: HTTPServer, make_client: Callable[..., PoliteClient]
) -> None:
    httpserver.expect_request("/big").respond_with_data(b"x" * 5000)
    client = make_client(max_bytes=1000)

    with pytest.raises(ConnectorError, match="larger"):
        client.get(httpserver.url_for("/big"))


def test_the_connection_pool_is_made_by_the_first_request_only(
    httpserver: HTTPServer, make_client: Callable[..., PoliteClient], monkeypatch: Any
) -> None:
    made: list[httpx.Client] = []

    class CountedClient(httpx.Client):
        def __init__(self, **settings: Any) -> None:
            super().__init__(**settings)
            made.append(self)

    monkeypatch.setattr(httpx, "Client", CountedClient)
    httpserver.expect_request("/a").respond_with_data("a")
    unused, used = make_client(), make_client()

    unused.close()  # a scan of a local file never asks for a page
    used.get(httpserver.url_for("/a"))
    used.get(httpserver.url_for("/a"))
    used.close()

    assert len(made) == 1 and made[0].is_closed


def test_parse_retry_after_forms() -> None:
    now = datetime(2024, 3, 12, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Tue, 12 Mar 2024 12:01:30 GMT", now=now) == 90.0
    assert parse_retry_after("Tue, 12 Mar 2024 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
