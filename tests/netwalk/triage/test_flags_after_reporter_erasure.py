"""A reporter erases their data: flags linked to their reports keep the link, lose its URL and
the notes written once the report was linked; notes from before stay."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from triage_support import PILE_ON, build

from netpolarna.db import db
from netpolarna.netwalk.triage.models import Flag, FlagNote, FlagReportLink
from netpolarna.reports.lifecycle import ERASED_NOTE

URL = "https://forum.example/t/elin/"


def _report(client: FlaskClient, youth: Any) -> int:
    body = {
        "category": "bullying",
        "platform": "other",
        "description": "Det är jag, Elin i 8B, de skriver om mig",
        "affected": "me",
        "links": [URL],
        "in_danger": False,
    }
    response = client.post("/api/v1/reports", json=body, headers=youth.headers)
    assert response.status_code == 201, response.get_json()
    report_id: int = response.get_json()["id"]
    return report_id


def test_erasure_blanks_what_the_flag_learnt_from_the_report(
    client: FlaskClient, walker: Any, make_actor: Callable[..., Any]
) -> None:
    built = build(PILE_ON, "elin", url=URL)
    flag = db.session.scalar(select(Flag).where(Flag.thread_id == built.thread.id))
    assert flag is not None
    notes = f"/api/v1/flags/{flag.id}/notes"
    before = client.post(notes, json={"body": "Tråden sprids på skolan"}, headers=walker.headers)
    assert before.status_code == 201

    leaving, staying = make_actor("youth"), make_actor("youth")
    erased_report, kept_report = _report(client, leaving), _report(client, staying)
    after = client.post(notes, json={"body": "Elin i 8B skrev att"}, headers=walker.headers)
    assert after.status_code == 201

    assert client.delete("/api/v1/me", headers=leaving.headers).status_code == 204

    db.session.expire_all()
    bodies = dict(db.session.execute(select(FlagNote.id, FlagNote.body)).tuples().all())
    assert bodies == {
        before.get_json()["id"]: "Tråden sprids på skolan",
        after.get_json()["id"]: ERASED_NOTE,
    }
    links = dict(
        db.session.execute(select(FlagReportLink.report_id, FlagReportLink.url)).tuples().all()
    )
    assert links == {erased_report: None, kept_report: URL}  # the link stays, its URL goes
