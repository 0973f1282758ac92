"""Fixtures for the console: the Monday scenario and a signed-in browser-like client."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from console_support import PASSWORD, Monday, monday
from flask import Flask
from flask.testing import FlaskClient

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def week(make_actor: Callable[..., Any]) -> Monday:
    return monday(make_actor)


def csrf_of(client: FlaskClient, path: str = "/console/login") -> str:
    page = client.get(path)
    found = TOKEN.search(page.get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    token = csrf_of(client)
    return client.post(
        "/console/login", data={"csrf_token": token, "email": email, "password": password}
    )


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
