"""Calendar feeds parsed with icalendar, and e-mails read from a real local SMTP server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import TYPE_CHECKING, Any

import icalendar
import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers_bookings import at, build_world, free_weekday, iso, request_booking
from sqlalchemy import select

from netpolarna.bookings import mail
from netpolarna.bookings.models import OutboxMail
from netpolarna.db import db

if TYPE_CHECKING:  # the fixture's type; importing conftest at run time may find another one
    from conftest import Inbox


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _feed(client: FlaskClient, url: str) -> list[Any]:
    response = client.get(_path(url))
    assert response.status_code == 200, response.data
    assert response.mimetype == "text/calendar"
    return list(icalendar.Calendar.from_ical(response.data).walk("VEVENT"))


@pytest.fixture
def app_config(smtp_server: Inbox) -> dict[str, Any]:
    return {"BOOKINGS_SMTP_URL": smtp_server.url}


def test_feeds_keep_the_uid_and_raise_sequence_on_reschedule_and_cancel(
    client: FlaskClient, make_actor: Callable[..., Any], smtp_server: Inbox
) -> None:
    world = build_world(make_actor, staff_count=1)
    staff = world.staff[0]
    day = free_weekday(6)
    booking = request_booking(client, world, [iso(day, "09:00")]).get_json()
    client.post(
        f"/api/v1/bookings/{booking['id']}/confirm",
        json={"start": iso(day, "09:00")},
        headers=staff.headers,
    )
    school_url = client.get(
        f"/api/v1/schools/{world.school.id}/calendar", headers=world.contact.headers
    ).get_json()["url"]
    staff_url = client.get(
        f"/api/v1/staff/{staff.user.id}/calendar", headers=staff.headers
    ).get_json()["url"]

    sequences = []
    for step in ("confirmed", "rescheduled", "cancelled"):
        if step == "rescheduled":
            client.post(
                f"/api/v1/bookings/{booking['id']}/reschedule",
                json={"start": iso(day + timedelta(days=1), "13:00")},
                headers=staff.headers,
            )
        if step == "cancelled":
            client.post(
                f"/api/v1/bookings/{booking['id']}/cancel",
                json={"reason": "Exam week"},
                headers=world.contact.headers,
            )
        for url in (school_url, staff_url):
            (event,) = _feed(client, url)
            assert str(event["UID"]) == f"booking-{booking['id']}@netpolarna"
            assert event["DTSTAMP"].dt.tzinfo is not None
            assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
        sequences.append((int(event["SEQUENCE"]), str(event["STATUS"]), event["DTSTART"].dt))
    assert [s[0] for s in sequences] == [0, 1, 2]
    assert [s[1] for s in sequences] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert sequences[0][2] == at(day, "09:00")
    assert sequences[1][2] == at(day + timedelta(days=1), "13:00")

    # The school contact got REQUEST on confirm and reschedule, CANCEL on cancel.
    received = smtp_server.to("rektor@bergskolan.example")
    methods = []
    for message in received:
        (attachment,) = [
            p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"
        ]
        calendar = icalendar.Calendar.from_ical(attachment.get_content())
        methods.append(str(calendar["METHOD"]))
        (event,) = calendar.walk("VEVENT")
        assert str(event["UID"]) == f"booking-{booking['id']}@netpolarna"
    assert methods == ["REQUEST", "REQUEST", "CANCEL"]
    # Staff heard of the request when it arrived.
    assert any("Ny bokningsförfrågan" in m["Subject"] for m in smtp_server.to("anna@staff.example"))


def test_rotated_feed_url_answers_404(client: FlaskClient, make_actor: Callable[..., Any]) -> None:
    world = build_world(make_actor, staff_count=1)
    staff = world.staff[0]
    old = client.get(f"/api/v1/staff/{staff.user.id}/calendar", headers=staff.headers).get_json()
    new = client.post(f"/api/v1/staff/{staff.user.id}/calendar", headers=staff.headers).get_json()
    assert old["url"] != new["url"]
    assert client.get(_path(old["url"])).status_code == 404
    assert client.get(_path(old["url"])).get_json()["code"] == "calendar_not_found"
    assert client.get(_path(new["url"])).status_code == 200

    school_old = client.get(
        f"/api/v1/schools/{world.school.id}/calendar", headers=world.contact.headers
    ).get_json()["url"]
    client.post(f"/api/v1/schools/{world.school.id}/calendar", headers=world.contact.headers)
    assert client.get(_path(school_old)).status_code == 404
    # Another staff member cannot read or rotate someone else's feed.
    other = make_actor("netwalker")
    assert (
        client.post(f"/api/v1/staff/{staff.user.id}/calendar", headers=other.headers).status_code
        == 403
    )


def test_a_failed_send_never_blocks_or_loses_the_booking(
    app: Flask, client: FlaskClient, make_actor: Callable[..., Any], smtp_server: Inbox
) -> None:
    world = build_world(make_actor, staff_count=1)
    day = free_weekday(6)
    booking = request_booking(client, world, [iso(day, "09:00")]).get_json()
    # The mail server goes away: the confirmation still succeeds and the mail waits.
    app.config["BOOKINGS_SMTP_URL"] = "smtp://127.0.0.1:9"
    response = client.post(
        f"/api/v1/bookings/{booking['id']}/confirm",
        json={"start": iso(day, "09:00")},
        headers=world.staff[0].headers,
    )
    assert response.status_code == 200
    waiting = db.session.scalar(
        select(OutboxMail).where(OutboxMail.recipient == "rektor@bergskolan.example")
    )
    assert waiting is not None and waiting.status == "pending" and waiting.attempts == 1
    assert waiting.last_error

    # Back again, and the retry is due: the periodic job sends it.
    app.config["BOOKINGS_SMTP_URL"] = smtp_server.url
    db.session.execute(OutboxMail.__table__.update().values(next_attempt_at=waiting.created_at))
    db.session.commit()
    mail.deliver_job()
    db.session.expire_all()
    assert db.session.get(OutboxMail, waiting.id).status == "sent"  # type: ignore[union-attr]
    subjects = [m["Subject"] for m in smtp_server.to("rektor@bergskolan.example")]
    assert len(subjects) == 1 and subjects[0].startswith("Bekräftad")


def test_without_smtp_mails_are_eml_files_in_the_instance_outbox(
    app: Flask, client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    app.config["BOOKINGS_SMTP_URL"] = ""
    world = build_world(make_actor, staff_count=1)
    day = free_weekday(6)
    request_booking(client, world, [iso(day, "09:00")])
    files = sorted((Path(app.instance_path) / "outbox").glob("*.eml"))
    subjects = [message_from_bytes(f.read_bytes(), policy=policy.default)["Subject"] for f in files]
    assert set(subjects) == {"Ny bokningsförfrågan: Workshop: Schyst på nätet (Bergskolan)"}
