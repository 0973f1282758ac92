"""Reports through the client: submission, isolation, triage, history, conversation, notes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from helpers_reports import report_body
from sqlalchemy import func, select

from netpolarna.audit.models import AuditEvent
from netpolarna.db import db
from netpolarna.reports.codes import check_character, format_code, normalise_case_code
from netpolarna.reports.models import Report

REPORTS = "/api/v1/reports"


def _count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _submit(client: FlaskClient, actor: Any, **overrides: Any) -> dict[str, Any]:
    response = client.post(REPORTS, json=report_body(**overrides), headers=actor.headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_submission_gets_a_valid_case_code_and_received_status(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    body = _submit(
        client, youth, links=["https://www.tiktok.com/@x/video/1"], target_groups=["appearance"]
    )
    assert normalise_case_code(body["case_code"]) == body["case_code"]
    assert body["status"] == "received"
    assert [h["status"] for h in body["status_history"]] == ["received"]
    assert body["priority"] == "normal"
    assert body["links"] == ["https://www.tiktok.com/@x/video/1"]


def test_a_case_code_clash_draws_a_new_code_and_keeps_the_report(
    client: FlaskClient, make_actor: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    youth = make_actor("youth")
    first = _submit(client, youth)
    free = format_code("7K3MQR9" + check_character("7K3MQR9"))
    drawn = iter([first["case_code"], first["case_code"], free])
    monkeypatch.setattr("netpolarna.reports.service.new_case_code", lambda: next(drawn))
    second = _submit(client, youth)
    assert second["case_code"] == free
    assert normalise_case_code(second["case_code"]) == second["case_code"]
    assert db.session.get(Report, second["id"]).case_code == second["case_code"]
    assert _count(Report) == 2


@pytest.mark.parametrize(
    "bad",
    [
        {"category": "spam"},
        {"description": ""},
        {"description": "x" * 5001},
        {"links": ["javascript:alert(1)"]},
        {"links": ["https://a.example/" + "x" * 2050]},
        {"affected": "nobody"},
        {"surprise": "field"},
        {"occurred_at": "2999-01-01T00:00:00Z"},
    ],
)
def test_bad_input_is_a_problem_and_changes_nothing(
    client: FlaskClient, make_actor: Callable[..., Any], bad: dict[str, Any]
) -> None:
    youth = make_actor("youth")
    response = client.post(REPORTS, json=report_body(**bad), headers=youth.headers)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "validation_failed"
    assert _count(Report) == 0


def test_a_youth_sees_only_their_own_reports(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    first, second = make_actor("youth"), make_actor("youth")
    mine = _submit(client, first)
    _submit(client, second)
    listed = client.get(REPORTS, headers=first.headers).get_json()["items"]
    assert [r["id"] for r in listed] == [mine["id"]]
    for path in ("", "/messages", "/evidence"):
        response = client.get(f"{REPORTS}/{mine['id']}{path}", headers=second.headers)
        assert response.status_code == 404, path
    posted = client.post(
        f"{REPORTS}/{mine['id']}/messages", json={"body": "hi"}, headers=second.headers
    )
    assert posted.status_code == 404


def test_staff_triage_orders_by_priority_then_age_and_filters(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth, staff = make_actor("youth"), make_actor("netwalker")
    normal = _submit(client, youth, category="exclusion")
    high = _submit(client, youth, category="hate")
    danger = _submit(client, youth, category="other", in_danger=True)
    self_harm = _submit(client, youth, category="self_harm_concern")
    items = client.get(REPORTS, headers=staff.headers).get_json()["items"]
    assert [r["id"] for r in items] == [danger["id"], self_harm["id"], high["id"], normal["id"]]
    assert items[0]["priority"] == "urgent"

    page = client.get(f"{REPORTS}?limit=2", headers=staff.headers).get_json()
    rest = client.get(f"{REPORTS}?limit=2&cursor={page['next_cursor']}", headers=staff.headers)
    assert [r["id"] for r in page["items"] + rest.get_json()["items"]] == [r["id"] for r in items]
    only_danger = client.get(f"{REPORTS}?danger=true", headers=staff.headers).get_json()
    assert [r["id"] for r in only_danger["items"]] == [danger["id"]]
    by_code = client.get(
        f"{REPORTS}?case_code={high['case_code'].lower().replace('-', ' ')}", headers=staff.headers
    ).get_json()
    assert [r["id"] for r in by_code["items"]] == [high["id"]]


def test_invalid_case_code_is_rejected(client: FlaskClient, make_actor: Callable[..., Any]) -> None:
    staff = make_actor("netwalker")
    response = client.get(f"{REPORTS}?case_code=ABCD-EFGU", headers=staff.headers)
    assert response.status_code == 422
    assert response.get_json()["code"] == "invalid_case_code"


def test_staff_reads_are_audited(client: FlaskClient, make_actor: Callable[..., Any]) -> None:
    youth, staff = make_actor("youth"), make_actor("netwalker")
    report = _submit(client, youth)
    client.get(f"{REPORTS}/{report['id']}", headers=youth.headers)
    assert _count(AuditEvent) == 0  # the reporter reading their own report is not audited
    client.get(f"{REPORTS}/{report['id']}", headers=staff.headers)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "report.read")).one()
    assert (event.actor_id, event.subject_id) == (staff.user.id, str(report["id"]))


def test_status_history_and_outcome_reach_the_reporter_in_plain_words(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth, staff = make_actor("youth"), make_actor("netwalker")
    report = _submit(client, youth)
    url = f"{REPORTS}/{report['id']}"
    client.patch(
        url, json={"status": "in_review", "assignee_id": staff.user.id}, headers=staff.headers
    )
    client.patch(
        url, json={"status": "closed", "outcome": "reported_to_platform"}, headers=staff.headers
    )
    seen = client.get(url, headers={**youth.headers, "Accept-Language": "nb"}).get_json()
    assert [h["status"] for h in seen["status_history"]] == ["received", "in_review", "closed"]
    assert seen["status_history"][-1]["outcome_text"].startswith("Vi har rapportert innholdet")
    assert seen["outcome"] == "reported_to_platform"
    assert seen["closed_at"] is not None
    assert seen["assignee_id"] is None  # staff detail is not shown to the reporter


def test_only_staff_can_be_assigned(client: FlaskClient, make_actor: Callable[..., Any]) -> None:
    youth, staff, school = make_actor("youth"), make_actor("netwalker"), make_actor("school")
    report = _submit(client, youth)
    response = client.patch(
        f"{REPORTS}/{report['id']}", json={"assignee_id": school.user.id}, headers=staff.headers
    )
    assert response.status_code == 422
    assert db.session.get(Report, report["id"]).assignee_id is None


def test_conversation_and_unread_counts_on_both_sides(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth, staff = make_actor("youth"), make_actor("netwalker")
    report = _submit(client, youth)
    url = f"{REPORTS}/{report['id']}"
    client.post(f"{url}/messages", json={"body": "Hi, are you OK?"}, headers=staff.headers)
    client.post(
        f"{url}/messages", json={"body": "Can you send a screenshot?"}, headers=staff.headers
    )
    assert client.get(url, headers=youth.headers).get_json()["unread_messages"] == 2

    thread = client.get(f"{url}/messages", headers=youth.headers).get_json()["items"]
    assert [m["side"] for m in thread] == ["staff", "staff"]
    assert all(m["author_id"] is None for m in thread)  # the team, not a named person
    assert client.get(url, headers=youth.headers).get_json()["unread_messages"] == 0

    client.post(f"{url}/messages", json={"body": "Yes, sending now"}, headers=youth.headers)
    staff_view = client.get(url, headers=staff.headers).get_json()
    assert staff_view["unread_messages"] == 1
    client.get(f"{url}/messages", headers=staff.headers)
    assert client.get(url, headers=staff.headers).get_json()["unread_messages"] == 0


def test_internal_notes_stay_with_staff(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth, staff = make_actor("youth"), make_actor("netwalker")
    report = _submit(client, youth)
    url = f"{REPORTS}/{report['id']}"
    created = client.post(
        f"{url}/notes", json={"body": "Called the school counsellor."}, headers=staff.headers
    )
    assert created.status_code == 201
    assert client.get(f"{url}/notes", headers=youth.headers).status_code == 403
    notes = client.get(f"{url}/notes", headers=staff.headers).get_json()["items"]
    assert [n["body"] for n in notes] == ["Called the school counsellor."]
    youth_text = str(client.get(url, headers=youth.headers).get_json())
    youth_text += str(client.get(f"{url}/messages", headers=youth.headers).get_json())
    assert "counsellor" not in youth_text


def test_message_length_is_capped(client: FlaskClient, make_actor: Callable[..., Any]) -> None:
    youth = make_actor("youth")
    report = _submit(client, youth)
    response = client.post(
        f"{REPORTS}/{report['id']}/messages", json={"body": "x" * 4001}, headers=youth.headers
    )
    assert response.status_code == 422


@pytest.mark.parametrize("app_config", [{"REPORTS_RATE_LIMIT": "2/minute"}])
def test_report_creation_is_rate_limited_per_device(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth, other = make_actor("youth"), make_actor("youth")
    _submit(client, youth)
    _submit(client, youth)
    limited = client.post(REPORTS, json=report_body(), headers=youth.headers)
    assert limited.status_code == 429
    assert limited.mimetype == "application/problem+json"
    assert int(limited.headers["Retry-After"]) > 0
    assert _count(Report) == 2
    _submit(client, other)  # another device has its own budget
