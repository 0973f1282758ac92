"""A polite HTTP client for the connectors.

Politeness here means: a descriptive User-Agent with a contact URL, conditional GETs, a minimum
interval between requests to the same host, honouring ``Retry-After`` on 429 and 5xx, bounded
exponential backoff, a size cap on bodies, and no redirects to anything but http(s).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib import metadata
from typing import Any

import httpx

from .errors import ConnectorError
from .outbound import GuardedTransport, OutboundPolicy

log = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"http", "https"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def _package_version() -> str:
    try:
        return metadata.version("netpolarna")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "0"


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A fully read response. ``not_modified`` is a 304: nothing new since the last fetch."""

    url: str
    status_code: int
    headers: httpx.Headers
    content: bytes

    @property
    def not_modified(self) -> bool:
        return self.status_code == 304

    def json(self) -> Any:
        try:
            return json.loads(self.content)
        except ValueError as exc:
            raise ConnectorError("the source's answer is not valid JSON") from exc


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now; it is either delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class PoliteClient:
    """One per scan (or shared by a scheduler's scans: pacing is thread-safe).

    Connections go only where ``outbound`` permits (default: public addresses; see
    `outbound`). Errors say what went wrong in plain words, never which kind of network error
    or what the remote answered, so a scan error cannot be used to probe a network.

    ``clock`` and ``sleep`` are injectable so tests never really wait. ``max_wait`` bounds a
    single wait: a ``Retry-After`` longer than that ends the scan with a ``ConnectorError``
    carrying ``retry_after``, so the scheduler can come back later instead of holding a worker.
    """

    def __init__(
        self,
        contact_url: str,
        *,
        version: str | None = None,
        timeout: float = 20.0,
        min_interval: float = 1.0,
        max_retries: int = 3,
        backoff_base: float = 1.0,
        backoff_max: float = 60.0,
        max_wait: float = 120.0,
        max_bytes: int = 20 * 1024 * 1024,
        max_redirects: int = 5,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        outbound: OutboundPolicy | None = None,
    ) -> None:
        self.user_agent = f"Natpolarna-netwalker/{version or _package_version()} (+{contact_url})"
        self.min_interval = min_interval
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_wait = max_wait
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self._clock = clock
        self._sleep = sleep
        self._next_slot: dict[str, float] = {}
        self._lock = threading.Lock()
        self.requests_made = 0
        self._client_settings: dict[str, Any] = {
            "headers": {"User-Agent": self.user_agent},
            "timeout": httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            "follow_redirects": False,
            "transport": transport,
            # Every connection goes through the address check (`outbound`): no proxy is taken
            # from the environment.
            "trust_env": False,
        }
        self._outbound = outbound or OutboundPolicy()
        self._client: httpx.Client | None = None  # made by the first request (`_http`)

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()

    def _http(self) -> httpx.Client:
        # Made when first needed: its TLS context costs about 50 ms, which scans of local
        # files (JSONL) never need.
        with self._lock:
            if self._client is None:
                settings = dict(self._client_settings)
                settings["transport"] = settings["transport"] or GuardedTransport(self._outbound)
                self._client = httpx.Client(**settings)
            return self._client

    def get_json(self, url: str, *, params: Mapping[str, Any] | None = None) -> Any:
        return self.get(url, params=params, headers={"Accept": "application/json"}).json()

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        validators: MutableMapping[str, str] | None = None,
    ) -> FetchResult:
        """GET with pacing and retries.

        ``validators`` is a dict the caller keeps in its connector state: its ``etag`` and
        ``last_modified`` are sent as If-None-Match / If-Modified-Since and refreshed from a
        200. A 304 comes back as ``FetchResult.not_modified``.
        """
        request_headers = dict(headers or {})
        if validators:
            if validators.get("etag"):
                request_headers["If-None-Match"] = validators["etag"]
            if validators.get("last_modified"):
                request_headers["If-Modified-Since"] = validators["last_modified"]
        current = httpx.URL(url).copy_merge_params(params) if params else httpx.URL(url)
        redirects = 0
        attempt = 0
        while True:
            self._check_scheme(current)
            self._wait_for_host(current)
            retry_after: float | None = None
            try:
                result = self._send(current, request_headers)
            except httpx.TransportError:
                # One wording for refused, reset, timed out or garbled: the kind of network
                # error would tell an open port from a closed one.
                reason = "could not reach the source"
            else:
                status = result.status_code
                if status in REDIRECT_STATUSES and "location" in result.headers:
                    redirects += 1
                    if redirects > self.max_redirects:
                        raise ConnectorError("the source redirected too many times", status=status)
                    current = current.join(result.headers["location"])
                    continue
                if status < 300 or status == 304:
                    if validators is not None and status < 300:
                        _remember_validators(validators, result.headers)
                    return result
                if status not in RETRY_STATUSES:
                    raise ConnectorError(describe_status(status), status=status)
                retry_after = parse_retry_after(result.headers.get("retry-after"))
                reason = describe_status(status)
            attempt += 1
            delay = (
                retry_after
                if retry_after is not None
                else min(self.backoff_max, self.backoff_base * 2 ** (attempt - 1))
            )
            if attempt > self.max_retries or delay > self.max_wait:
                raise ConnectorError(
                    f"{reason}, giving up after {attempt} attempt(s)", retry_after=delay
                )
            log.info("%s; retry %d in %.1fs", reason, attempt, delay)
            self._sleep(delay)

    def _check_scheme(self, url: httpx.URL) -> None:
        if url.scheme not in ALLOWED_SCHEMES:
            raise ConnectorError("refusing to fetch a URL that is not http(s)")

    def _wait_for_host(self, url: httpx.URL) -> None:
        host = f"{url.host}:{url.port or ''}"
        with self._lock:
            now = self._clock()
            start = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = start + self.min_interval
        if start > now:
            self._sleep(start - now)

    def _send(self, url: httpx.URL, headers: Mapping[str, str]) -> FetchResult:
        self.requests_made += 1
        client = self._http()
        request = client.build_request("GET", url, headers=headers)
        response = client.send(request, stream=True)
        try:
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise ConnectorError(
                        f"the source's answer is larger than {self.max_bytes} bytes"
                    )
                chunks.append(chunk)
        finally:
            response.close()
        log.debug("GET %s -> %s", url, response.status_code)
        return FetchResult(str(url), response.status_code, response.headers, b"".join(chunks))


def describe_status(status: int) -> str:
    """An error status in plain words, with its class only (never the remote's body)."""
    kind = f"HTTP {status // 100}xx"
    if status == 429:
        return "the source asks us to slow down (HTTP 429)"
    if status in (401, 403):
        return f"the source refused access ({kind})"
    if status in (404, 410):
        return f"the source was not found ({kind})"
    return f"the source answered with an error ({kind})"


def _remember_validators(validators: MutableMapping[str, str], headers: httpx.Headers) -> None:
    for key, header in (("etag", "etag"), ("last_modified", "last-modified")):
        if headers.get(header):
            validators[key] = headers[header]
        else:
            validators.pop(key, None)
