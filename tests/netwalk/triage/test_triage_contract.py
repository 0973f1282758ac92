"""Claiming honours If-Match, and the problems triage answers fit the documented schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsonschema
from flask.testing import FlaskClient
from triage_support import make_flag


def _problem_schema(client: FlaskClient) -> dict[str, Any]:
    spec = client.get("/api/v1/openapi.json").get_json()
    schema: dict[str, Any] = spec["components"]["schemas"]["Problem"]
    return schema


def test_claim_honours_if_match(client: FlaskClient, walker: Any) -> None:
    flag = make_flag()
    url = f"/api/v1/flags/{flag.id}/claim"
    stale = client.post(url, headers={**walker.headers, "If-Match": '"7"'})
    assert stale.status_code == 412 and stale.json["code"] == "precondition_failed"
    ok = client.post(url, headers={**walker.headers, "If-Match": '"1"'})
    assert ok.status_code == 200 and ok.headers["ETag"] == '"2"'


def test_problems_with_extension_members_fit_the_document(
    client: FlaskClient, walker: Any, make_actor: Callable[..., Any]
) -> None:
    schema = _problem_schema(client)
    flag = make_flag()
    missing = client.patch(
        f"/api/v1/flags/{flag.id}", json={"status": "closed"}, headers=walker.headers
    )
    assert missing.status_code == 428 and "etag" in missing.json
    client.post(f"/api/v1/flags/{flag.id}/claim", headers=walker.headers)
    taken = client.post(f"/api/v1/flags/{flag.id}/claim", headers=make_actor("netwalker").headers)
    assert taken.status_code == 409 and taken.json["assignee_id"] == walker.user.id
    for problem in (missing.json, taken.json):
        jsonschema.validate(problem, schema)
        assert set(problem) <= set(schema["properties"])  # each member is documented
