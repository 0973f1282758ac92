"""Youth reports linked to flags by link or by hand; staff labels; model versions."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from triage_support import PILE_ON, build, make_flag, tiny_model, youth_report

from netpolarna.audit.models import AuditEvent
from netpolarna.db import db
from netpolarna.netwalk.classifier import registry
from netpolarna.netwalk.classifier.corpus import STAFF_SOURCE
from netpolarna.netwalk.triage.flagging import link_flags_for_report
from netpolarna.netwalk.triage.labels import staff_label_examples
from netpolarna.netwalk.triage.models import Flag, FlagReportLink
from netpolarna.reports.models import Report


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_report_first_then_flag_links_by_url_and_danger_goes_first(
    client: FlaskClient, walker: Any
) -> None:
    calm = make_flag(severity="critical", minutes_ago=500)
    report_id = youth_report(["https://WWW.forum.example/t/elin?utm_source=share"], in_danger=True)
    built = build(PILE_ON, "elin", url="https://forum.example/t/elin/")
    flag = db.session.scalar(select(Flag).where(Flag.thread_id == built.thread.id))
    assert flag is not None and flag.danger and flag.priority == 1
    items = client.get("/api/v1/flags", headers=walker.headers).json["items"]
    assert [i["id"] for i in items] == [flag.id, calm.id]
    detail = client.get(f"/api/v1/flags/{flag.id}", headers=walker.headers).json
    assert [(r["report_id"], r["matched_by"], r["in_danger"]) for r in detail["reports"]] == [
        (report_id, "url", True)
    ]
    assert "flag.report_linked" in _actions() and "flag.reports_read" in _actions()


def test_flag_first_then_report_links_through_the_reports_hook(app: Flask) -> None:
    # Mastodon-style links: the stored one carries a pseudonym token, the youth pastes the handle.
    built = build(PILE_ON, "elin", url_base="https://social.example/@anon-0123456789")
    other = youth_report(["https://elsewhere.example/post/1"])
    report_id = youth_report(["https://social.example/@real_handle/3"])  # linked as it is created
    assert link_flags_for_report(db.session.get(Report, other)) == 0
    assert link_flags_for_report(db.session.get(Report, report_id)) == 0  # once only
    db.session.commit()
    link = db.session.scalar(select(FlagReportLink))
    flag = db.session.scalar(select(Flag).where(Flag.thread_id == built.thread.id))
    assert link is not None and flag is not None
    assert (link.flag_id, link.report_id, link.matched_by) == (flag.id, report_id, "url")
    assert not flag.danger


def test_manual_link(client: FlaskClient, walker: Any) -> None:
    flag = make_flag()
    report_id = youth_report([])
    url = f"/api/v1/flags/{flag.id}/reports"
    first = client.post(url, json={"report_id": report_id}, headers=walker.headers)
    assert first.status_code == 201 and first.json["matched_by"] == "manual"
    again = client.post(url, json={"report_id": report_id}, headers=walker.headers)
    assert again.status_code == 200 and again.json["id"] == first.json["id"]
    missing = client.post(url, json={"report_id": 999999}, headers=walker.headers)
    assert missing.status_code == 422
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "flag.report_linked"))
    assert event is not None and event.actor_id == walker.user.id


def test_label_endpoint_feeds_staff_label_examples(client: FlaskClient, walker: Any) -> None:
    built = build(PILE_ON, "elin")
    attack, post = built.messages[2], built.messages[0]
    url = f"/api/v1/messages/{attack.id}/label"
    first = client.post(url, json={"label": "offensive"}, headers=walker.headers)
    assert first.status_code == 201 and first.json["source"] == "staff"
    newer = client.post(
        url,
        json={"label": "hateful", "threat": False, "targets": ["gender", "individual"]},
        headers=walker.headers,
    )
    assert newer.status_code == 201
    client.post(f"/api/v1/messages/{post.id}/label", json={"label": "neutral"},
                headers=walker.headers)  # fmt: skip
    bad = client.post(url, json={"label": "rude", "targets": ["cats"]}, headers=walker.headers)
    assert bad.status_code == 422 and {"label", "targets"} <= set(bad.json["errors"])
    assert client.post("/api/v1/messages/999999/label", json={"label": "neutral"},
                       headers=walker.headers).status_code == 404  # fmt: skip
    examples = staff_label_examples()
    assert [(e.text, e.label, e.targets, e.source) for e in examples] == [
        (attack.text, "hateful", ("gender", "individual"), STAFF_SOURCE),
        (post.text, "neutral", (), STAFF_SOURCE),
    ]
    assert examples[0].lang == "sv" and examples[0].detailed
    labelled = db.session.scalars(
        select(AuditEvent.subject_id).where(AuditEvent.action == "message.labelled")
    )
    assert list(labelled) == [str(attack.id)] * 2 + [str(post.id)]


def test_models_list_activate_and_rollback(app: Flask, client: FlaskClient, admin: Any) -> None:
    assert client.get("/api/v1/models", headers=admin.headers).json == {"items": []}
    old = tiny_model(app.instance_path, "20260101T0000Z-old00001")
    new = tiny_model(app.instance_path, "20260201T0000Z-new00002")
    folder = registry.models_dir(app.instance_path) / new
    (folder / "metrics.json").write_text(json.dumps({"version": new, "macro_f1": 0.81}))
    listed = client.get("/api/v1/models", headers=admin.headers).json["items"]
    assert [(m["version"], m["active"]) for m in listed] == [(new, True), (old, False)]
    assert listed[0]["metrics"] == {"macro_f1": 0.81}
    back = client.post("/api/v1/models/rollback", headers=admin.headers)
    assert back.status_code == 200 and back.json["version"] == old
    assert registry.active_version(app.instance_path) == old
    forward = client.post(f"/api/v1/models/{new}/activate", headers=admin.headers)
    assert forward.status_code == 200 and forward.json["active"] is True
    unknown = client.post("/api/v1/models/nope/activate", headers=admin.headers)
    assert unknown.status_code == 404 and unknown.json["code"] == "model_not_found"
    actions = [a for a in _actions() if a.startswith("model.")]
    assert actions == ["model.rolled_back", "model.activated"]


def test_rollback_without_history_is_409(app: Flask, client: FlaskClient, admin: Any) -> None:
    tiny_model(app.instance_path)
    response = client.post("/api/v1/models/rollback", headers=admin.headers)
    assert response.status_code == 409 and response.json["code"] == "no_previous_model"
