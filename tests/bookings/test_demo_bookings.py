"""Demo bookings: every state, the school demo login sees its own, loading twice adds nothing."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select

from netpolarna.bookings.demo_bookings import load_demo_bookings
from netpolarna.bookings.models import Booking, School, SchoolHoliday, StaffAbsence
from netpolarna.db import db
from netpolarna.demo import DEMO_PASSWORD, load_demo_accounts


def test_demo_has_every_state_and_a_school_login_with_something_to_do(
    client: FlaskClient,
) -> None:
    load_demo_accounts()
    load_demo_bookings()
    load_demo_bookings()
    statuses = set(db.session.scalars(select(Booking.status)))
    assert statuses == {"requested", "confirmed", "declined", "cancelled", "delivered"}
    assert db.session.scalar(select(func.count()).select_from(School)) == 8
    assert db.session.scalar(select(func.count()).select_from(SchoolHoliday)) >= 5
    assert db.session.scalar(select(func.count()).select_from(StaffAbsence)) == 1

    login = client.post(
        "/api/v1/auth/login",
        json={"email": "skola@demo.natpolarna.se", "password": DEMO_PASSWORD},
    )
    assert login.status_code == 200
    headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
    mine = client.get("/api/v1/bookings", headers=headers).get_json()["items"]
    assert mine and {b["school_name"] for b in mine} == {"Demoskolan 7-9"}
    assert any(b["status"] == "delivered" and b["feedback"] for b in mine)
    offerings = client.get("/api/v1/offerings").get_json()["items"]
    assert {o["kind"] for o in offerings} == {
        "theme_week",
        "workshop",
        "lecture",
        "parents_evening",
    }
