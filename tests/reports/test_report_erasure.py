"""DELETE /me: the youth's messages and evidence go, their reports stay de-linked."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from helpers_reports import png_bytes, report_body
from sqlalchemy import func, select

from netpolarna.common.idempotency import IdempotencyRecord
from netpolarna.db import db
from netpolarna.reports.lifecycle import ERASED_NOTE
from netpolarna.reports.models import Evidence, InternalNote, Report, ReportMessage

REPORTS = "/api/v1/reports"


def _count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _files(app: Flask) -> list[Path]:
    return [p for p in (Path(app.config["UPLOAD_DIR"]) / "evidence").rglob("*") if p.is_file()]


def test_erasure_removes_messages_and_files_and_delinks_reports(
    app: Flask, client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    leaving, staying, staff = make_actor("youth"), make_actor("youth"), make_actor("netwalker")
    mine = client.post(
        REPORTS,
        json=report_body(description="I am Kim in 8B", links=["https://x.example/kim"]),
        headers={**leaving.headers, "Idempotency-Key": "k"},
    ).get_json()["id"]
    theirs = client.post(REPORTS, json=report_body(), headers=staying.headers).get_json()["id"]
    for actor, report_id, size in ((leaving, mine, (3, 3)), (staying, theirs, (4, 4))):
        client.post(
            f"{REPORTS}/{report_id}/evidence",
            data={"file": (io.BytesIO(png_bytes(size)), "s.png")},
            headers=actor.headers,
            content_type="multipart/form-data",
        )
        client.post(f"{REPORTS}/{report_id}/messages", json={"body": "hi"}, headers=actor.headers)
    client.post(f"{REPORTS}/{mine}/messages", json={"body": "We are on it"}, headers=staff.headers)
    client.post(
        f"{REPORTS}/{mine}/notes", json={"body": "Kim in 8B said: they wait"}, headers=staff.headers
    )
    client.post(f"{REPORTS}/{theirs}/notes", json={"body": "other case"}, headers=staff.headers)
    assert len(_files(app)) == 2

    assert client.delete("/api/v1/me", headers=leaving.headers).status_code == 204

    db.session.expire_all()
    report = db.session.get(Report, mine)
    assert report is not None  # kept for the statistics
    assert report.reporter_id is None and report.reporter_erased_at is not None
    assert report.description == "" and report.links == []
    assert (report.category, report.platform) == ("bullying", "snapchat")
    assert db.session.scalars(select(ReportMessage.report_id)).all() == [theirs]
    assert db.session.scalars(select(Evidence.report_id)).all() == [theirs]
    assert len(_files(app)) == 1  # the other youth's screenshot stays
    # Staff documentation stays as a record, without the text that may quote the young person.
    notes = dict(db.session.execute(select(InternalNote.report_id, InternalNote.body)).all())
    assert notes == {mine: ERASED_NOTE, theirs: "other case"}
    assert _count(IdempotencyRecord) == 0
    assert client.get(f"{REPORTS}/{mine}", headers=leaving.headers).status_code == 401

    staff_view = client.get(f"{REPORTS}/{mine}", headers=staff.headers).get_json()
    assert staff_view["reporter_erased"] is True


def test_a_shared_file_survives_until_its_last_row_goes(
    app: Flask, client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    first, second = make_actor("youth"), make_actor("youth")
    for actor in (first, second):
        report_id = client.post(REPORTS, json=report_body(), headers=actor.headers).get_json()["id"]
        client.post(
            f"{REPORTS}/{report_id}/evidence",
            data={"file": (io.BytesIO(png_bytes()), "same.png")},
            headers=actor.headers,
            content_type="multipart/form-data",
        )
    assert len(_files(app)) == 1  # content-hashed: stored once
    client.delete("/api/v1/me", headers=first.headers)
    assert len(_files(app)) == 1
    client.delete("/api/v1/me", headers=second.headers)
    assert _files(app) == []
