"""Sources may only point at public addresses: a 422 when saved, a scan error when a name later
resolves to an internal address, an allow-list for an intranet forum, and a test-only allowance
that production refuses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pytest_httpserver import HTTPServer

from netpolarna import create_app
from netpolarna.config import ConfigError
from netpolarna.netwalk.connectors.outbound import REFUSED_DETAIL
from netpolarna.netwalk.ingestion import scanning

STRICT = {"OUTBOUND_ALLOW_LOOPBACK": False}

INTERNAL_URLS = [
    "http://127.0.0.1:6379/",
    "http://localhost:5000/api/v1/users",
    "http://2130706433/",
    "http://[::1]/",
    "http://10.0.0.5/feed.xml",
    "http://169.254.169.254/latest/meta-data/",
]


def _post(client: FlaskClient, headers: dict[str, str], kind: str, config: dict[str, Any]) -> Any:
    body = {"name": "Probe", "kind": kind, "config": config}
    return client.post("/api/v1/sources", json=body, headers=headers)


@pytest.mark.parametrize("app_config", [STRICT])
@pytest.mark.parametrize("url", INTERNAL_URLS)
def test_saving_a_source_with_an_internal_address_is_a_422(
    client: FlaskClient, make_actor: Callable[..., Any], url: str
) -> None:
    admin = make_actor("admin")
    for kind, config in (
        ("rss", {"url": url}),
        ("discourse", {"base_url": url}),
        ("reddit", {"base_url": url, "subreddit": "sweden"}),
        ("mastodon", {"base_url": url, "hashtag": "skola"}),
    ):
        response = _post(client, admin.headers, kind, config)
        assert response.status_code == 422, (kind, response.json)
        assert response.json["code"] == "validation_failed"
        assert "public" in response.json["detail"]


@pytest.mark.parametrize("app_config", [STRICT])
def test_updating_a_source_to_an_internal_address_is_a_422(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    admin = make_actor("admin")
    created = _post(client, admin.headers, "rss", {"url": "https://example.org/feed.xml"})
    assert created.status_code == 201
    response = client.patch(
        f"/api/v1/sources/{created.json['id']}",
        json={"config": {"url": "http://169.254.169.254/"}},
        headers=admin.headers,
    )
    assert response.status_code == 422
    assert response.json["errors"]["config"] == {"url": ["Not a public internet address."]}


@pytest.mark.parametrize(
    "app_config", [{**STRICT, "OUTBOUND_ALLOW": "forum.kommun.internal, 10.20.0.0/16"}]
)
def test_the_allow_list_admits_an_intranet_forum_but_not_loopback(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    admin = make_actor("admin")
    intranet = _post(client, admin.headers, "discourse", {"base_url": "http://10.20.3.4/"})
    other_private = _post(client, admin.headers, "discourse", {"base_url": "http://10.30.3.4/"})
    loopback = _post(client, admin.headers, "discourse", {"base_url": "http://127.0.0.1/"})
    assert (intranet.status_code, other_private.status_code, loopback.status_code) == (
        201,
        422,
        422,
    )


def test_a_source_that_later_resolves_internally_fails_its_scan_without_a_request(
    app: Flask, client: FlaskClient, make_actor: Callable[..., Any], httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data("internal data")
    admin = make_actor("admin")
    created = _post(client, admin.headers, "rss", {"url": httpserver.url_for("/feed.xml")})
    assert created.status_code == 201  # saved while the test-only allowance was on

    app.config["OUTBOUND_ALLOW_LOOPBACK"] = False  # as production would see it
    run = scanning.scan_source(created.json["id"], trigger="manual")

    assert run is not None and run.status == "failed"
    assert run.error == REFUSED_DETAIL
    assert httpserver.log == []
    listed = client.get(f"/api/v1/sources/{created.json['id']}", headers=admin.headers).json
    assert listed["last_error"] == REFUSED_DETAIL


def test_production_refuses_the_test_only_allowance(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("NETPOLARNA_ENV", "production")
    monkeypatch.setenv("NETPOLARNA_INSTANCE_PATH", str(tmp_path))
    for name in ("SECRET_KEY", "JWT_SECRET_KEY", "PSEUDONYM_KEY"):
        monkeypatch.setenv(f"NETPOLARNA_{name}", "x" * 40 + name)
    with pytest.raises(ConfigError, match="OUTBOUND_ALLOW_LOOPBACK"):
        create_app({"OUTBOUND_ALLOW_LOOPBACK": True})
