"""Logs carry request ids and route patterns, never e-mails, tokens, ids in paths or bodies."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from netpolarna.logging_setup import RequestIdFilter


@pytest.fixture
def records() -> Iterator[list[logging.LogRecord]]:
    """What the app logs during the test, with request ids; the handler goes with the test."""
    kept: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            kept.append(record)

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("netpolarna")
    logger.addHandler(handler)
    try:
        yield kept
    finally:
        logger.removeHandler(handler)


def test_no_personal_data_in_logs(
    app: Flask, make_actor: Callable[..., Any], records: list[logging.LogRecord]
) -> None:
    client = app.test_client()
    secret_email = "private.person@example.org"
    client.post("/api/v1/auth/login", json={"email": secret_email, "password": "guess-guess"})
    admin = make_actor("admin")
    client.get(f"/api/v1/users/{admin.user.id}?q={secret_email}", headers=admin.headers)
    text = "\n".join(r.getMessage() for r in records)
    assert "/api/v1/users/<int:user_id>" in text
    assert secret_email not in text and admin.access_token not in text
    assert f"/api/v1/users/{admin.user.id}" not in text
    assert all(getattr(r, "request_id", "-") != "-" for r in records if "api" in r.getMessage())


@pytest.mark.parametrize("app_config", [{"LOG_FORMAT": "json"}])
def test_json_log_lines(new_app: Callable[..., Flask], capsys: pytest.CaptureFixture[str]) -> None:
    app = new_app(LOG_FORMAT="json")
    app.test_client().get("/healthz", headers={"X-Request-ID": "req-12345678"})
    err = capsys.readouterr().err.strip().splitlines()
    line = json.loads([entry for entry in err if "healthz" in entry][-1])
    assert line["request_id"] == "req-12345678" and line["level"] == "INFO"
