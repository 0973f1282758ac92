"""Claim, assign, If-Match, status, actions, notes, bulk close and the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from triage_support import make_flag

from netpolarna.audit.models import AuditEvent
from netpolarna.db import db, utcnow
from netpolarna.netwalk.triage.models import Flag, MessageLabel


def _audit(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _fresh(flag_id: int) -> Flag:
    db.session.expire_all()
    flag = db.session.get(Flag, flag_id)
    assert flag is not None
    return flag


def test_claim_is_yours_or_409(
    client: FlaskClient, walker: Any, make_actor: Callable[..., Any]
) -> None:
    flag = make_flag(severity="high")
    response = client.post(f"/api/v1/flags/{flag.id}/claim", headers=walker.headers)
    assert response.status_code == 200
    assert response.json["assignee_id"] == walker.user.id
    assert response.json["status"] == "in_review" and response.json["responded_at"]
    assert response.headers["ETag"] == '"2"'
    other = make_actor("netwalker")
    taken = client.post(f"/api/v1/flags/{flag.id}/claim", headers=other.headers)
    assert taken.status_code == 409 and taken.json["code"] == "flag_already_claimed"
    again = client.post(f"/api/v1/flags/{flag.id}/claim", headers=walker.headers)
    assert again.status_code == 200  # claiming your own flag again is harmless
    assert [e.actor_id for e in _audit("flag.claimed")] == [walker.user.id, walker.user.id]


def test_auto_assign_picks_the_least_loaded_on_duty(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    now = utcnow()
    busy, idle, away = (make_actor("netwalker") for _ in range(3))
    busy.user.last_login_at = now - timedelta(hours=1)
    idle.user.last_login_at = now - timedelta(hours=2)
    away.user.last_login_at = now - timedelta(days=3)  # not on duty, and has no flags
    db.session.commit()
    make_flag(assignee_id=busy.user.id)
    make_flag(assignee_id=busy.user.id, status="closed")
    make_flag(assignee_id=idle.user.id, status="closed")  # closed flags are no load
    target = make_flag(severity="high")
    response = client.post(f"/api/v1/flags/{target.id}/assign", json={}, headers=busy.headers)
    assert response.status_code == 200, response.json
    assert response.json["assignee_id"] == idle.user.id
    second = make_flag(severity="high")
    client.post(f"/api/v1/flags/{second.id}/assign", json={}, headers=busy.headers)
    # Now both on-duty walkers carry one open flag; the tie goes to whoever got one longest ago.
    assert _fresh(second.id).assignee_id == busy.user.id
    event = _audit("flag.assigned")[0]
    assert event.detail["how"] == "auto" and event.detail["assignee_id"] == idle.user.id


def test_explicit_reassign_and_bad_assignee(
    client: FlaskClient, walker: Any, make_actor: Callable[..., Any]
) -> None:
    flag = make_flag(assignee_id=walker.user.id)
    colleague = make_actor("netwalker")
    school = make_actor("school")
    ok = client.post(
        f"/api/v1/flags/{flag.id}/assign",
        json={"assignee_id": colleague.user.id},
        headers={**walker.headers, "If-Match": '"1"'},
    )
    assert ok.status_code == 200 and ok.json["assignee_id"] == colleague.user.id
    stale = client.post(
        f"/api/v1/flags/{flag.id}/assign",
        json={"assignee_id": walker.user.id},
        headers={**walker.headers, "If-Match": '"1"'},
    )
    assert stale.status_code == 412
    bad = client.post(
        f"/api/v1/flags/{flag.id}/assign",
        json={"assignee_id": school.user.id},
        headers=walker.headers,
    )
    assert bad.status_code == 422


def test_patch_needs_if_match(client: FlaskClient, walker: Any) -> None:
    flag = make_flag()
    url = f"/api/v1/flags/{flag.id}"
    missing = client.patch(url, json={"status": "in_review"}, headers=walker.headers)
    assert missing.status_code == 428 and missing.json["code"] == "precondition_required"
    stale = client.patch(
        url, json={"status": "in_review"}, headers={**walker.headers, "If-Match": '"7"'}
    )
    assert stale.status_code == 412 and stale.json["code"] == "precondition_failed"
    assert _fresh(flag.id).status == "new"
    ok = client.patch(
        url, json={"status": "in_review"}, headers={**walker.headers, "If-Match": '"1"'}
    )
    assert ok.status_code == 200 and ok.headers["ETag"] == '"2"'
    # A second writer holding the old ETag loses instead of overwriting.
    lost = client.patch(
        url, json={"status": "closed"}, headers={**walker.headers, "If-Match": '"1"'}
    )
    assert lost.status_code == 412
    closed = client.patch(
        url, json={"status": "closed"}, headers={**walker.headers, "If-Match": 'W/"2"'}
    )
    assert closed.status_code == 200 and closed.json["closed_level"] == "medium"
    assert [e.detail["status"] for e in _audit("flag.updated")] == [
        ["new", "in_review"],
        ["in_review", "closed"],
    ]


def test_false_alarm_labels_the_evidence_neutral(client: FlaskClient, walker: Any) -> None:
    flag = make_flag(evidence=3)
    evidence = list(flag.evidence_message_ids)
    client.post(
        f"/api/v1/messages/{evidence[0]}/label",
        json={"label": "hateful", "targets": ["individual"]},
        headers=walker.headers,
    )
    response = client.patch(
        f"/api/v1/flags/{flag.id}",
        json={"status": "false_alarm"},
        headers={**walker.headers, "If-Match": '"1"'},
    )
    assert response.status_code == 200
    labels = list(db.session.scalars(select(MessageLabel).order_by(MessageLabel.id)))
    # The explicit staff label stands; the other two become neutral training examples.
    assert [(lbl.message_id, lbl.label, lbl.source) for lbl in labels] == [
        (evidence[0], "hateful", "staff"),
        (evidence[1], "neutral", "false_alarm"),
        (evidence[2], "neutral", "false_alarm"),
    ]
    assert _audit("flag.false_alarm_labelled")[0].detail["message_ids"] == evidence[1:]


def test_actions_and_notes(client: FlaskClient, walker: Any) -> None:
    flag = make_flag(due_in_minutes=-30)  # already late
    url = f"/api/v1/flags/{flag.id}"
    action = client.post(
        f"{url}/actions",
        json={"kind": "contacted_school", "note": "Rektorn informerad"},
        headers=walker.headers,
    )
    assert action.status_code == 201 and action.json["by_id"] == walker.user.id
    bad = client.post(f"{url}/actions", json={"kind": "shouted"}, headers=walker.headers)
    assert bad.status_code == 422
    note = client.post(f"{url}/notes", json={"body": "Följ upp fredag"}, headers=walker.headers)
    assert note.status_code == 201
    detail = client.get(url, headers=walker.headers).json
    assert detail["status"] == "action_taken"
    assert [a["kind"] for a in detail["actions"]] == ["contacted_school"]
    assert [n["body"] for n in detail["notes"]] == ["Följ upp fredag"]
    assert detail["response_target_breached"] is True  # answered, but after the target
    assert _audit("flag.action_recorded")[0].detail == {"kind": "contacted_school"}
    assert "body" not in _audit("flag.note_added")[0].detail  # audit names, never content


def test_bulk_close(client: FlaskClient, walker: Any) -> None:
    a, b = make_flag(), make_flag()
    done = make_flag(status="closed")
    response = client.post(
        "/api/v1/flags/bulk-close",
        json={"flag_ids": [a.id, b.id, done.id, 999999]},
        headers=walker.headers,
    )
    assert response.status_code == 200
    assert response.json == {"closed": [a.id, b.id], "skipped": [done.id, 999999]}
    assert {_fresh(a.id).status, _fresh(b.id).status} == {"closed"}
    assert all(e.detail["bulk"] for e in _audit("flag.updated"))
    assert len(_audit("flag.updated")) == 2
    assert client.get("/api/v1/flags", headers=walker.headers).json["items"] == []
