"""Fixtures for the console: the Monday scenario and a signed-in browser-like client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from console_support import Monday, csrf_of, monday, sign_in
from flask import Flask
from flask.testing import FlaskClient


@pytest.fixture
def week(make_actor: Callable[..., Any]) -> Monday:
    return monday(make_actor)


class Console:
    """A test client signed in to the console, posting forms with their CSRF token."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, **kwargs)

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        token = csrf_of(self.client, "/console/queue")
        return self.client.post(path, data={"csrf_token": token, **(data or {})}, **kwargs)


@pytest.fixture
def console_for(app: Flask) -> Callable[[str], Console]:
    def build(email: str) -> Console:
        client = app.test_client()
        response = sign_in(client, email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return Console(client)

    return build
