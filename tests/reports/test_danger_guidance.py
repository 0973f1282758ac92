"""Danger handling: priority, crisis contacts per locale, staff hours, bystander advice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient
from helpers_reports import report_body

from netpolarna.reports import guidance
from netpolarna.reports.schemas import guidance_view
from netpolarna.reports.service import priority_for
from netpolarna.tips import service as tips

STOCKHOLM = ZoneInfo("Europe/Stockholm")
HOURS = guidance.parse_staff_hours("mon-fri 08:00-17:00")


def test_danger_threat_and_self_harm_are_urgent() -> None:
    assert priority_for("other", True) == 1
    assert priority_for("threat", False) == 1
    assert priority_for("self_harm_concern", False) == 1
    assert priority_for("hate", False) == 2
    assert priority_for("exclusion", False) == 3


@pytest.mark.parametrize(
    ("lang", "helpline"),
    [
        ("sv", "BRIS"),
        ("da", "Børnetelefonen"),
        ("nb", "Alarmtelefonen for barn og unge"),
        ("no", "Alarmtelefonen for barn og unge"),
    ],
)
def test_crisis_contacts_follow_the_locale(
    client: FlaskClient, make_actor: Callable[..., Any], lang: str, helpline: str
) -> None:
    youth = make_actor("youth")
    response = client.post(
        "/api/v1/reports",
        json=report_body(in_danger=True),
        headers={**youth.headers, "Accept-Language": lang},
    )
    answer = response.get_json()["guidance"]
    assert answer["urgent"] is True
    assert [(c["name"], c["phone"]) for c in answer["crisis_contacts"]] == [
        ("112", "112"),
        (helpline, "116 111"),
    ]
    assert "112" in answer["danger_text"]


def test_english_falls_back_to_the_home_country_in_english(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    response = client.post(
        "/api/v1/reports",
        json=report_body(category="threat"),
        headers={**youth.headers, "Accept-Language": "fr, en;q=0.5"},
    )
    answer = response.get_json()["guidance"]
    assert [c["name"] for c in answer["crisis_contacts"]] == ["112", "BRIS"]
    assert answer["danger_text"].startswith("If you are in danger now")


def test_no_crisis_block_for_an_ordinary_report(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    answer = client.post("/api/v1/reports", json=report_body(), headers=youth.headers)
    assert answer.get_json()["guidance"]["crisis_contacts"] == []


def test_staff_hours_parse_and_reject_nonsense() -> None:
    assert set(HOURS) == {0, 1, 2, 3, 4}
    split = guidance.parse_staff_hours("mon-thu 08:00-16:00; fri 08:00-12:00; sun 18:00-20:00")
    assert split[4][0][1].hour == 12 and 6 in split
    for bad in ("monday 8-17", "mon 17:00-08:00", "xyz 08:00-09:00"):
        with pytest.raises(ValueError):
            guidance.parse_staff_hours(bad)


@pytest.mark.parametrize(
    ("now", "staffed", "text"),
    [
        # Wednesday 10:00 in Stockholm (09:00 UTC): someone is working.
        (datetime(2026, 11, 18, 9, 0, tzinfo=UTC), True, "arbetar nu"),
        # Wednesday 20:00: tomorrow at eight.
        (datetime(2026, 11, 18, 19, 0, tzinfo=UTC), False, "i morgon kl. 08.00"),
        # Wednesday 06:30: later today.
        (datetime(2026, 11, 18, 5, 30, tzinfo=UTC), False, "i dag kl. 08.00"),
        # Friday 18:00: on Monday.
        (datetime(2026, 11, 20, 17, 0, tzinfo=UTC), False, "på måndag kl. 08.00"),
    ],
)
def test_outside_staff_hours_the_answer_says_when_a_person_reads_it(
    app: Any, now: datetime, staffed: bool, text: str
) -> None:
    facts = guidance.build_guidance(
        urgent=True,
        for_friend=False,
        locale="sv",
        now=now,
        staff_hours=HOURS,
        zone=STOCKHOLM,
        home_country="SE",
        friend_tips=[],
    )
    answer = guidance_view(facts)
    assert facts.staffed_now is answer["staffed_now"] is staffed
    assert text in answer["availability"]


def test_english_weekday_phrase(app: Any) -> None:
    friday_evening = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
    _staffed, next_at = guidance.next_staffed(friday_evening, HOURS, STOCKHOLM)
    assert next_at is not None
    assert guidance.describe_when(next_at, friday_evening, "en") == "on Monday at 08:00"


def test_a_report_for_a_friend_gets_support_advice_from_the_tips(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    tips.create_tip(
        None,
        slug="support",
        topic="supporting_a_friend",
        status="published",
        translations=[
            {"lang": "en", "title": "Support a friend", "summary": "Listen first.", "body": "b"},
            {"lang": "da", "title": "Støt en ven", "summary": "Lyt først.", "body": "b"},
        ],
    )
    tips.create_tip(
        None,
        slug="draft",
        topic="supporting_a_friend",
        translations=[{"lang": "en", "title": "Draft", "summary": "s", "body": "b"}],
    )
    youth = make_actor("youth")
    answer = client.post(
        "/api/v1/reports",
        json=report_body(affected="friend"),
        headers={**youth.headers, "Accept-Language": "da"},
    ).get_json()["guidance"]
    assert answer["bystander_text"].startswith("Tak fordi du passer på din ven")
    assert [t["title"] for t in answer["bystander_tips"]] == ["Støt en ven"]
    own = client.post("/api/v1/reports", json=report_body(), headers=youth.headers)
    assert own.get_json()["guidance"]["bystander_tips"] == []
