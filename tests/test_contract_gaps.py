"""Small contract rules: chunked bodies are type-checked, a 204 has no content type."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
from flask.testing import FlaskClient


def test_a_chunked_body_gets_the_content_type_check(
    live_server: str, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")

    def body() -> Iterator[bytes]:
        yield b"category=bullying&"
        yield b"description=hi"

    answer = httpx.post(
        f"{live_server}/api/v1/reports",
        content=body(),  # an iterator: httpx sends it chunked, without Content-Length
        headers={**youth.headers, "Content-Type": "text/plain"},
    )
    assert answer.request.headers.get("Transfer-Encoding") == "chunked"
    assert answer.status_code == 415
    assert answer.json()["code"] == "unsupported_media_type"


def test_204_answers_carry_no_content_type(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    answer = client.delete("/api/v1/me", headers=youth.headers)
    assert answer.status_code == 204
    assert answer.data == b""
    assert "Content-Type" not in answer.headers
