"""The queue over the API: order, filters, cursor pages, breaches, detail with evidence."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from triage_support import CIVIL_DEBATE, PILE_ON, build, extra_attackers, make_flag

from netpolarna.db import db
from netpolarna.netwalk.triage.models import Flag


def _ids(client: FlaskClient, headers: dict[str, str], query: str = "") -> list[int]:
    response = client.get(f"/api/v1/flags{query}", headers=headers)
    assert response.status_code == 200, response.json
    return [item["id"] for item in response.json["items"]]


def test_danger_first_then_severity_then_oldest(client: FlaskClient, walker: Any) -> None:
    old_medium = make_flag(severity="medium", minutes_ago=300)
    new_critical = make_flag(severity="critical", minutes_ago=5)
    old_critical = make_flag(severity="critical", minutes_ago=50)
    danger_low = make_flag(severity="low", minutes_ago=1, danger=True)
    make_flag(severity="high", status="closed")
    expected = [danger_low.id, old_critical.id, new_critical.id, old_medium.id]
    assert _ids(client, walker.headers) == expected
    # The same order page by page.
    first = client.get("/api/v1/flags?limit=3", headers=walker.headers).json
    assert [i["id"] for i in first["items"]] == expected[:3]
    second = client.get(
        f"/api/v1/flags?limit=3&cursor={first['next_cursor']}", headers=walker.headers
    ).json
    assert [i["id"] for i in second["items"]] == expected[3:]
    assert second["next_cursor"] is None


def test_filters(client: FlaskClient, walker: Any) -> None:
    mine = make_flag(severity="high", assignee_id=walker.user.id)
    late = make_flag(severity="medium", due_in_minutes=-5)
    closed = make_flag(severity="low", status="closed")
    fresh = make_flag(severity="low")
    h = walker.headers
    assert _ids(client, h, f"?assignee_id={walker.user.id}") == [mine.id]
    assert set(_ids(client, h, "?unassigned=true")) == {late.id, fresh.id}
    assert _ids(client, h, "?severity=medium&severity=high") == [mine.id, late.id]
    assert _ids(client, h, "?status=closed") == [closed.id]
    assert _ids(client, h, "?breached=true") == [late.id]
    assert late.id not in _ids(client, h, "?breached=false")
    listed = client.get("/api/v1/flags?breached=true", headers=h).json["items"][0]
    assert listed["response_target_breached"] is True
    assert client.get("/api/v1/flags?cursor=nonsense", headers=h).status_code == 422


def test_detail_has_reasons_top_messages_and_etag(client: FlaskClient, walker: Any) -> None:
    built = build(PILE_ON, "elin")
    flag = client.get("/api/v1/flags", headers=walker.headers).json["items"][0]
    assert flag["thread_id"] == built.thread.id
    response = client.get(f"/api/v1/flags/{flag['id']}", headers=walker.headers)
    body = response.json
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert body["reasons"][0]["code"] == "pile_on"
    assert {"en", "sv"} <= set(body["reasons"][0])
    assert body["reasons"][0]["text"] == body["reasons"][0]["en"]  # no Accept-Language: English
    for locale, words in (("da", "forskellige konti angriber"), ("nb", "forskjellige kontoer")):
        headers = {**walker.headers, "Accept-Language": locale}
        read = client.get(f"/api/v1/flags/{flag['id']}", headers=headers).json
        assert words in read["reasons"][0]["text"]
    assert body["thread"]["id"] == built.thread.id
    texts = [m["text"] for m in body["messages"]]
    assert len(texts) == 7 and "Grattis" not in " ".join(texts)
    assert all(len(m["author_pseudonym"]) == 10 for m in body["messages"])
    assert body["reports"] == [] and body["actions"] == [] and body["notes"] == []
    assert client.get("/api/v1/flags/999999", headers=walker.headers).status_code == 404


def test_priority_response_targets_follow_severity(app: Any) -> None:
    built = build([*CIVIL_DEBATE[:1], *extra_attackers(6, 0, 1)], "storm")
    raised = db.session.scalar(select(Flag).where(Flag.thread_id == built.thread.id))
    assert raised is not None and raised.severity == "critical" and raised.priority == 1
    minutes = (raised.response_due_at - raised.first_seen_at).total_seconds() / 60
    assert round(minutes) == app.config["FLAG_RESPONSE_TARGET_MINUTES"][1]
