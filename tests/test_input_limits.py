"""Input limits at the edge: hostile input is a 4xx problem on every database, never a 500."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from netpolarna.common.input_limits import INT32_MAX

REPORT = {"category": "bullying", "platform": "snapchat", "description": "hi", "affected": "me"}
PROBLEM = "application/problem+json"


def _problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body: dict[str, Any] = response.get_json()
    if code:
        assert body["code"] == code
    return body


@pytest.mark.parametrize("tip_id", [INT32_MAX + 1, 10**30, 0])
def test_path_ids_out_of_range_are_404(client: FlaskClient, tip_id: int) -> None:
    _problem(client.get(f"/api/v1/tips/{tip_id}"), 404, "not_found")


def test_integers_out_of_range_in_bodies_and_queries_are_422(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    staff = make_actor("netwalker")
    body = {"report_id": INT32_MAX + 1}
    answer = client.post("/api/v1/flags/1/reports", json=body, headers=staff.headers)
    assert _problem(answer, 422)["errors"] == {
        "report_id": [answer.get_json()["errors"]["report_id"][0]]
    }
    answer = client.get(f"/api/v1/reports?assignee_id={INT32_MAX + 1}", headers=staff.headers)
    _problem(answer, 422)


@pytest.mark.parametrize("text", ["a\x00b", "a\udc00"])
def test_nul_and_lone_surrogates_in_json_text_are_422(
    client: FlaskClient, make_actor: Callable[..., Any], text: str
) -> None:
    youth = make_actor("youth")
    raw = json.dumps({**REPORT, "description": text})  # ensure_ascii keeps \\udc00 escaped
    answer = client.post(
        "/api/v1/reports", data=raw, content_type="application/json", headers=youth.headers
    )
    assert _problem(answer, 422, "invalid_text")["errors"] == {"description": [_text_message()]}
    assert client.get("/api/v1/reports", headers=youth.headers).get_json()["items"] == []


def test_nul_in_a_query_string_is_422(client: FlaskClient) -> None:
    _problem(client.get("/api/v1/tips?q=a%00"), 422, "invalid_text")


def test_deep_json_is_400_and_large_json_413(client: FlaskClient) -> None:
    deep = "[" * 1000 + "]" * 1000
    answer = client.post("/api/v1/auth/login", data=deep, content_type="application/json")
    assert "nested" in _problem(answer, 400, "invalid_json")["detail"]
    deeper = '{"a":' * 100_000 + "1" + "}" * 100_000
    answer = client.post("/api/v1/auth/login", data=deeper, content_type="application/json")
    _problem(answer, 400, "invalid_json")
    huge = json.dumps({"email": "a@example.org", "password": "x" * (2 * 1024 * 1024)})
    answer = client.post("/api/v1/auth/login", data=huge, content_type="application/json")
    _problem(answer, 413)


@pytest.mark.parametrize(
    "values", [["x", "y"], [None, None], [2**70, 1], [{"dt": "not a date"}, 1], ["2020", 1]]
)
def test_crafted_cursors_are_422(
    client: FlaskClient, make_actor: Callable[..., Any], values: list[Any]
) -> None:
    staff = make_actor("netwalker")
    cursor = base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")
    answer = client.get(f"/api/v1/reports?cursor={cursor}", headers=staff.headers)
    assert _problem(answer, 422)["errors"] == {"cursor": ["Not a valid cursor."]}


@pytest.mark.parametrize("danger", ["yes", 1, "true", 0, None])
def test_in_danger_must_be_a_json_boolean(
    client: FlaskClient, make_actor: Callable[..., Any], danger: Any
) -> None:
    youth = make_actor("youth")
    answer = client.post(
        "/api/v1/reports", json={**REPORT, "in_danger": danger}, headers=youth.headers
    )
    assert "in_danger" in _problem(answer, 422)["errors"]


def test_query_booleans_take_true_and_false_only(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    staff = make_actor("netwalker")
    assert client.get("/api/v1/reports?unassigned=true", headers=staff.headers).status_code == 200
    _problem(client.get("/api/v1/reports?unassigned=yes", headers=staff.headers), 422)


@pytest.mark.parametrize("blank", [" ", "\n\t  "])
def test_whitespace_only_descriptions_are_refused(
    client: FlaskClient, make_actor: Callable[..., Any], blank: str
) -> None:
    youth = make_actor("youth")
    answer = client.post(
        "/api/v1/reports", json={**REPORT, "description": blank}, headers=youth.headers
    )
    assert _problem(answer, 422)["errors"] == {"description": ["Must not be blank."]}
    ok = client.post(
        "/api/v1/reports", json={**REPORT, "description": " hi "}, headers=youth.headers
    )
    assert ok.status_code == 201


def test_limits_are_in_the_openapi_document(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    tip = spec["paths"]["/api/v1/tips/{tip_id}"]["parameters"][0]["schema"]
    assert (tip["minimum"], tip["maximum"]) == (1, INT32_MAX)
    link = spec["components"]["schemas"]["FlagReportLinkCreate"]["properties"]["report_id"]
    assert (link["minimum"], link["maximum"]) == (1, INT32_MAX)


def _text_message() -> str:
    from netpolarna.common.input_limits import TEXT_MESSAGE

    return TEXT_MESSAGE
