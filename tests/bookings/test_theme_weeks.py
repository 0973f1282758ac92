"""Theme weeks: only published, running or upcoming ones are listed, soonest first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient

from netpolarna.bookings import service
from netpolarna.bookings.demo import load_demo_theme_weeks


def test_upcoming_published_weeks_soonest_first(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    staff = make_actor("netwalker")
    today = service.local_today()

    def week(title: str, start_offset: int, published: bool = True) -> None:
        start = today + timedelta(days=start_offset)
        response = client.post(
            "/api/v1/theme-weeks",
            json={
                "title": title,
                "starts_on": start.isoformat(),
                "ends_on": (start + timedelta(days=4)).isoformat(),
                "published": published,
            },
            headers=staff.headers,
        )
        assert response.status_code == 201

    week("Later", 30)
    week("Running", -2)
    week("Over", -20)
    week("Draft", 10, published=False)
    titles = [w["title"] for w in client.get("/api/v1/theme-weeks").get_json()["items"]]
    assert titles == ["Running", "Later"]


def test_end_before_start_is_rejected(client: FlaskClient, make_actor: Callable[..., Any]) -> None:
    staff = make_actor("admin")
    response = client.post(
        "/api/v1/theme-weeks",
        json={"title": "X", "starts_on": "2030-01-10", "ends_on": "2030-01-09"},
        headers=staff.headers,
    )
    assert response.status_code == 422
    assert client.get("/api/v1/theme-weeks").get_json()["items"] == []


def test_demo_weeks_are_upcoming(client: FlaskClient) -> None:
    load_demo_theme_weeks()
    load_demo_theme_weeks()
    assert len(client.get("/api/v1/theme-weeks").get_json()["items"]) == 3
