"""Where the connectors may connect: public internet addresses only, unless allowed.

A source URL is chosen by a staff account, so without a check the server would fetch whatever
it is given: itself, Redis, a cloud metadata service (169.254.169.254). Every connection the
connectors make goes through `GuardedTransport`: it resolves the host itself, checks *every*
address the name resolves to, and connects to one of those checked addresses, so a DNS answer
that changes between the check and the connection (rebinding) cannot slip past. Redirects are
new requests, so each hop is checked the same way.

The system resolver does the parsing, so every spelling of an address is seen as what it
really is (``2130706433``, ``0x7f.1``, ``017700000001`` are 127.0.0.1); IPv6 addresses that
embed an IPv4 one (``::ffff:127.0.0.1``, NAT64, 6to4) are judged by the embedded address.

`OutboundPolicy.allow` (``NETPOLARNA_OUTBOUND_ALLOW``: hosts and CIDRs, comma-separated) lets a
municipality reach its own intranet forum on a private address. Loopback, link-local,
multicast and unspecified addresses stay refused even then; only the test-only
``allow_loopback`` (never in production) opens loopback, for the suite's local servers.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from .errors import ConnectorError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
REFUSED_DETAIL = (
    "the source's address is not a public internet address; only public addresses (and those "
    "in NETPOLARNA_OUTBOUND_ALLOW) may be fetched"
)


class OutboundRefused(ConnectorError):
    """The host resolves to an address the policy refuses. Never retried."""

    def __init__(self) -> None:
        super().__init__(REFUSED_DETAIL)


def effective_address(address: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv4-mapped, NAT64 or 6to4 IPv6 address; else the address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def _never_reachable(address: IPAddress) -> bool:
    # The host itself, its link (cloud metadata), groups and "any": no allow-list opens these.
    return (
        address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_unspecified
    )


@dataclass(frozen=True)
class OutboundPolicy:
    """Which addresses outbound requests may connect to (default: public ones only)."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()
    allow_loopback: bool = False  # tests only: their peers listen on 127.0.0.1
    loopback_ports: frozenset[int] = frozenset()  # with allow_loopback: only these (empty: any)
    resolver: Any = field(default=socket.getaddrinfo, compare=False, repr=False)

    @classmethod
    def from_allow_list(cls, entries: str | Iterable[str], **kwargs: Any) -> OutboundPolicy:
        """``"forum.kommun.local, 10.20.0.0/16"`` -> a policy allowing those too."""
        items = entries.split(",") if isinstance(entries, str) else list(entries)
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for item in (part.strip() for part in items):
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                hosts.add(_normal_host(item))
        return cls(hosts=frozenset(hosts), networks=tuple(networks), **kwargs)

    def permits(self, address: IPAddress, host: str = "", port: int | None = None) -> bool:
        """Whether a connection to ``address`` (resolved from ``host``) may be made."""
        inner = effective_address(address)
        if inner.is_loopback or address.is_loopback:
            return self.allow_loopback and (not self.loopback_ports or port in self.loopback_ports)
        if _never_reachable(inner) or _never_reachable(address):
            return False
        if _normal_host(host) in self.hosts:
            return True
        if any(inner in net or address in net for net in self.networks):
            return True
        return inner.is_global and not inner.is_reserved

    def resolve(self, host: str, port: int) -> list[IPAddress]:
        """Every address of ``host``, checked; `OutboundRefused` if any one is refused.

        Refusing the whole name when one of its addresses is internal keeps a name from
        mixing a public address with an internal one and hoping for the second.
        """
        try:
            infos = self.resolver(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError("name resolution failed") from exc
        addresses: list[IPAddress] = []
        for _family, _type, _proto, _name, sockaddr in infos:
            address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
            if not self.permits(address, host, port):
                raise OutboundRefused()
            if address not in addresses:
                addresses.append(address)
        if not addresses:
            raise httpcore.ConnectError("name resolution gave no address")
        return addresses

    def check_url(self, url: str) -> None:
        """Raise `OutboundRefused` when ``url``'s host resolves to a refused address now.

        A name that does not resolve at all passes: it is checked again on every connection.
        """
        parsed = httpx.URL(url)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            self.resolve(parsed.host, port)
        except httpcore.ConnectError:
            return


def _normal_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def policy_from_config(config: Mapping[str, Any]) -> OutboundPolicy:
    """The app's policy: ``OUTBOUND_ALLOW``, plus the test-only ``OUTBOUND_ALLOW_LOOPBACK``."""
    return OutboundPolicy.from_allow_list(
        config.get("OUTBOUND_ALLOW") or "",
        allow_loopback=bool(config.get("OUTBOUND_ALLOW_LOOPBACK")),
    )


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves and checks the host, then connects to a checked address (never re-resolves)."""

    def __init__(self, policy: OutboundPolicy) -> None:
        self.policy = policy
        self.inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        last_error: Exception | None = None
        for address in self.policy.resolve(host, port):
            try:
                return self.inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise OutboundRefused()

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport, connecting only where ``policy`` permits; no proxies.

    TLS still verifies the certificate against the host name: only the TCP connection is made
    to the checked address.
    """

    def __init__(self, policy: OutboundPolicy) -> None:
        ssl_context = httpx.create_ssl_context(trust_env=False)  # one: it costs ~50 ms
        super().__init__(verify=ssl_context, trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            network_backend=_GuardedBackend(policy),
            max_connections=100,  # httpx's defaults
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
        )
