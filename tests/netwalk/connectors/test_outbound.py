"""Outbound requests reach public addresses only: every form of an internal address is refused
before anything is sent, redirects included, and the connection goes to the checked address."""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from netpolarna.netwalk.connectors.errors import ConnectorError
from netpolarna.netwalk.connectors.http import PoliteClient
from netpolarna.netwalk.connectors.outbound import OutboundPolicy, OutboundRefused

INTERNAL_HOSTS = [
    "127.0.0.1",
    "localhost",
    "2130706433",  # 127.0.0.1 as one decimal integer
    "0x7f.1",  # hexadecimal, short form
    "017700000001",  # octal
    "[::1]",
    "[::ffff:127.0.0.1]",  # IPv4-mapped IPv6
    "[::ffff:7f00:1]",
    "10.1.2.3",
    "192.168.0.10",
    "172.16.5.4",
    "100.64.0.1",  # carrier-grade NAT
    "169.254.169.254",  # cloud metadata
    "[::ffff:169.254.169.254]",
    "[fe80::1]",
    "[fd00::2]",
    "224.0.0.1",
    "0.0.0.0",
    "[::]",
    "240.0.0.1",  # reserved
    "[64:ff9b::7f00:1]",  # NAT64 of 127.0.0.1
    "[2002:7f00:1::]",  # 6to4 of 127.0.0.1
]


def fake_resolver(names: dict[str, list[str]]) -> Callable[..., list[Any]]:
    """getaddrinfo for made-up names, as DNS would answer them."""

    def resolve(host: str, port: int, **_kwargs: Any) -> list[Any]:
        if host not in names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        answers = []
        for address in names[host]:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            answers.append((family, socket.SOCK_STREAM, 6, "", (address, port)))
        return answers

    return resolve


@pytest.fixture
def strict_client(make_client: Callable[..., PoliteClient]) -> PoliteClient:
    """A client with the production policy: public addresses only."""
    return make_client(outbound=OutboundPolicy(), max_retries=0)


@pytest.mark.parametrize("host", INTERNAL_HOSTS)
def test_every_form_of_an_internal_address_is_refused(host: str) -> None:
    with pytest.raises(OutboundRefused):
        OutboundPolicy().check_url(f"http://{host}:8080/feed.xml")


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_are_permitted(address: str) -> None:
    assert OutboundPolicy().permits(ipaddress.ip_address(address), "news.example", 443)


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "2130706433", "[::ffff:127.0.0.1]", "[::1]"]
)
def test_the_client_sends_nothing_to_loopback(
    httpserver: HTTPServer, strict_client: PoliteClient, host: str
) -> None:
    httpserver.expect_request("/feed").respond_with_data("internal data")

    with pytest.raises(OutboundRefused):
        strict_client.get(f"http://{host}:{httpserver.port}/feed")

    assert httpserver.log == []


def test_a_name_that_resolves_to_loopback_is_refused(
    httpserver: HTTPServer, make_client: Callable[..., PoliteClient]
) -> None:
    httpserver.expect_request("/feed").respond_with_data("internal data")
    resolver = fake_resolver({"rebound.example": ["127.0.0.1"]})
    client = make_client(outbound=OutboundPolicy(resolver=resolver))

    with pytest.raises(OutboundRefused):
        client.get(f"http://rebound.example:{httpserver.port}/feed")
    assert httpserver.log == []


def test_a_name_with_one_internal_address_among_public_ones_is_refused() -> None:
    resolver = fake_resolver({"mixed.example": ["93.184.216.34", "10.0.0.7"]})
    with pytest.raises(OutboundRefused):
        OutboundPolicy(resolver=resolver).resolve("mixed.example", 443)


def test_the_connection_goes_to_the_checked_address(
    httpserver: HTTPServer, make_client: Callable[..., PoliteClient]
) -> None:
    """No second lookup between check and connect: the name only exists in our resolver."""
    httpserver.expect_request("/feed").respond_with_data("the feed")
    resolver = fake_resolver({"feed.example": ["127.0.0.1"]})
    client = make_client(outbound=OutboundPolicy(allow_loopback=True, resolver=resolver))

    result = client.get(f"http://feed.example:{httpserver.port}/feed")

    assert result.content == b"the feed"
    request, _ = httpserver.log[0]
    assert request.headers["Host"] == f"feed.example:{httpserver.port}"


@pytest.fixture
def second_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_a_redirect_to_loopback_is_refused(
    httpserver: HTTPServer, second_server: HTTPServer, make_client: Callable[..., PoliteClient]
) -> None:
    # Only the first server is allowed (by the test-only allowance for its port).
    second_server.expect_request("/secret").respond_with_data("internal data")
    httpserver.expect_request("/feed").respond_with_response(
        Response(status=302, headers={"Location": f"http://127.0.0.1:{second_server.port}/secret"})
    )
    httpserver.expect_request("/meta").respond_with_response(
        Response(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    )
    policy = OutboundPolicy(allow_loopback=True, loopback_ports=frozenset({httpserver.port}))
    client = make_client(outbound=policy)

    with pytest.raises(OutboundRefused):
        client.get(f"http://127.0.0.1:{httpserver.port}/feed")
    with pytest.raises(OutboundRefused):
        client.get(f"http://127.0.0.1:{httpserver.port}/meta")

    assert len(httpserver.log) == 2 and second_server.log == []


def test_the_allow_list_opens_private_networks_and_hosts_but_never_loopback_or_metadata() -> None:
    policy = OutboundPolicy.from_allow_list(
        "forum.kommun.internal, 10.20.0.0/16, 127.0.0.0/8, 169.254.0.0/16"
    )
    assert policy.permits(ipaddress.ip_address("10.20.1.5"))
    assert not policy.permits(ipaddress.ip_address("10.21.1.5"))
    assert policy.permits(ipaddress.ip_address("192.168.1.9"), "forum.kommun.internal")
    assert policy.permits(ipaddress.ip_address("192.168.1.9"), "FORUM.kommun.internal.")
    assert not policy.permits(ipaddress.ip_address("127.0.0.1"), "forum.kommun.internal")
    assert not policy.permits(ipaddress.ip_address("169.254.169.254"))
    assert not policy.permits(ipaddress.ip_address("::ffff:169.254.169.254"))


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def garbage_port() -> Iterator[int]:
    """A TCP server that answers every connection with something that is not HTTP."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(5)

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.recv(1024)
                conn.sendall(b"-ERR redis says hello\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield int(server.getsockname()[1])
    server.close()
    thread.join(timeout=5)


def test_scan_errors_do_not_tell_closed_ports_from_other_protocols(
    garbage_port: int, make_client: Callable[..., PoliteClient]
) -> None:
    client = make_client(max_retries=0)
    with pytest.raises(ConnectorError) as closed:
        client.get(f"http://127.0.0.1:{_closed_port()}/")
    with pytest.raises(ConnectorError) as garbage:
        client.get(f"http://127.0.0.1:{garbage_port}/")

    assert str(closed.value) == str(garbage.value)
    assert "could not reach the source" in str(closed.value)


def test_error_statuses_are_told_by_class_without_the_body(
    httpserver: HTTPServer, make_client: Callable[..., PoliteClient]
) -> None:
    httpserver.expect_request("/a").respond_with_data("secret-internal-body", status=418)
    httpserver.expect_request("/b").respond_with_data("secret-internal-body", status=503)
    client = make_client(max_retries=0)

    with pytest.raises(ConnectorError) as client_error:
        client.get(httpserver.url_for("/a"))
    with pytest.raises(ConnectorError) as server_error:
        client.get(httpserver.url_for("/b"))

    assert "HTTP 4xx" in str(client_error.value) and "418" not in str(client_error.value)
    assert "HTTP 5xx" in str(server_error.value) and "503" not in str(server_error.value)
    assert "secret" not in str(client_error.value) + str(server_error.value)
