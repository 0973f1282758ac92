"""Fixtures for the connector tests: recorded responses and a client that never really waits."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from netpolarna.netwalk.connectors.base import Batch, FetchedMessage
from netpolarna.netwalk.connectors.http import PoliteClient
from netpolarna.netwalk.connectors.outbound import OutboundPolicy

FIXTURES = Path(__file__).parent / "fixtures"
CONTACT_URL = "https://natpolarna.example/om-natvandring"


class FakeTime:
    """A monotonic clock that only moves when something sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_client(fake_time: FakeTime) -> Iterator[Callable[..., PoliteClient]]:
    clients: list[PoliteClient] = []

    def make(**kwargs: Any) -> PoliteClient:
        options: dict[str, Any] = {
            "version": "0.1.0",
            "min_interval": 0.0,
            "timeout": 5.0,
            "clock": fake_time.clock,
            "sleep": fake_time.sleep,
            # The local test servers listen on loopback: the test-only allowance.
            "outbound": OutboundPolicy(allow_loopback=True),
        }
        options.update(kwargs)
        client = PoliteClient(CONTACT_URL, **options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def http_client(make_client: Callable[..., PoliteClient]) -> PoliteClient:
    return make_client()


@pytest.fixture
def fixture_bytes() -> Callable[[str], bytes]:
    return lambda name: (FIXTURES / name).read_bytes()


@pytest.fixture
def fixture_json() -> Callable[[str], Any]:
    return lambda name: json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def collect() -> Callable[[Iterator[Batch]], tuple[list[FetchedMessage], dict[str, Any]]]:
    """Run a scan to the end: all messages, and the state to persist (unchanged if none)."""

    def run(
        batches: Iterator[Batch], state: dict[str, Any] | None = None
    ) -> tuple[list[FetchedMessage], dict[str, Any]]:
        messages: list[FetchedMessage] = []
        state = dict(state or {})
        for batch in batches:
            messages.extend(batch.messages)
            json.dumps(batch.state)  # the state must be storable as JSON
            state = batch.state
        return messages, state

    return run
