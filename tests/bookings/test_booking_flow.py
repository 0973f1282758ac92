"""A school's journey over HTTP: request, conflicts, suggestions, confirm, reschedule, cancel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask.testing import FlaskClient
from helpers_bookings import (
    at,
    build_world,
    free_weekday,
    iso,
    next_weekday_holiday,
    request_booking,
)
from sqlalchemy import func, select

from netpolarna.bookings.models import Booking
from netpolarna.db import db


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Booking)) or 0


def _confirm(client: FlaskClient, world: Any, booking_id: int, start: str, **extra: Any) -> Any:
    return client.post(
        f"/api/v1/bookings/{booking_id}/confirm",
        json={"start": start, **extra},
        headers=world.staff[0].headers,
    )


def test_request_lists_every_reason_then_the_school_takes_a_suggestion(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    world = build_world(make_actor, staff_count=1)
    day = free_weekday(6)
    holiday = next_weekday_holiday()
    # Another school's visit takes the only staff member's morning on `day`.
    other = client.post(
        "/api/v1/bookings",
        json={
            "offering_id": world.workshop.id,
            "school_id": world.other_school.id,
            "preferred_slots": [{"start": iso(day, "09:00")}],
            "grade": 7,
            "participants": 20,
        },
        headers=world.other_contact.headers,
    )
    assert other.status_code == 201, other.get_json()
    assert _confirm(client, world, other.get_json()["id"], iso(day, "09:00")).status_code == 200

    late = day + timedelta(days=1)
    slots = [iso(holiday, "09:00"), iso(day, "10:00"), iso(late, "15:30")]
    response = client.post(
        "/api/v1/bookings",
        json={
            "offering_id": world.workshop.id,
            "school_id": world.school.id,
            "preferred_slots": [{"start": s} for s in slots],
            "grade": 8,
            "participants": 25,
        },
        headers={**world.contact.headers, "Accept-Language": "en"},
    )
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["code"] == "booking_conflict"
    codes = {(c["code"], c["slot"]) for c in problem["conflicts"]}
    assert ("public_holiday", slots[0]) in codes
    assert ("staff_booked", slots[1]) in codes  # 10:00 meets the 09:00 visit's travel buffer
    assert ("outside_working_hours", slots[2]) in codes  # 15:30 + 90 min + 30 min travel
    for conflict in problem["conflicts"]:
        assert conflict["detail"] and conflict["start"] and conflict["end"]
    booked = next(c for c in problem["conflicts"] if c["code"] == "staff_booked")
    assert booked["staff_id"] == world.staff[0].user.id
    assert "already booked" in booked["detail"]
    assert _count() == 1  # nothing was created

    suggestion = problem["suggestions"][0]
    response = request_booking(client, world, [suggestion["start"]])
    assert response.status_code == 201, response.get_json()
    booking = response.get_json()
    assert booking["status"] == "requested"
    assert booking["preferred_slots"][0]["available"] is True

    response = _confirm(
        client, world, booking["id"], suggestion["start"], staff_ids=suggestion["staff_ids"]
    )
    assert response.status_code == 200, response.get_json()
    confirmed = response.get_json()
    assert confirmed["status"] == "confirmed"
    assert confirmed["staff_ids"] == suggestion["staff_ids"]
    assert [h["action"] for h in confirmed["history"]] == ["requested", "confirmed"]
    assert confirmed["history"][1]["actor_id"] == world.staff[0].user.id

    # The school reads its booking; the other school cannot see it.
    assert (
        client.get(f"/api/v1/bookings/{booking['id']}", headers=world.contact.headers).status_code
        == 200
    )
    assert (
        client.get(
            f"/api/v1/bookings/{booking['id']}", headers=world.other_contact.headers
        ).status_code
        == 404
    )


def test_confirm_reports_every_reason_in_the_request_language(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    world = build_world(make_actor, staff_count=1)
    day = free_weekday(6)
    booking = request_booking(client, world, [iso(day, "09:00")]).get_json()
    staff_id = world.staff[0].user.id
    client.post(
        f"/api/v1/staff/{staff_id}/absences",
        json={"starts_at": iso(day, "00:00"), "ends_at": iso(day, "23:59"), "reason": "course"},
        headers=world.staff[0].headers,
    )
    response = client.post(
        f"/api/v1/bookings/{booking['id']}/confirm",
        json={"start": iso(day, "07:00"), "staff_ids": [staff_id]},
        headers={**world.staff[0].headers, "Accept-Language": "sv"},
    )
    assert response.status_code == 409
    conflicts = response.get_json()["conflicts"]
    assert {c["code"] for c in conflicts} == {"staff_absent", "outside_working_hours"}
    assert any("frånvarande" in c["detail"] for c in conflicts)
    # The same refusal asked in English: the same facts, each worded in English.
    english = client.post(
        f"/api/v1/bookings/{booking['id']}/confirm",
        json={"start": iso(day, "07:00"), "staff_ids": [staff_id]},
        headers={**world.staff[0].headers, "Accept-Language": "en"},
    ).get_json()["conflicts"]
    facts = [{k: v for k, v in c.items() if k != "detail"} for c in conflicts]
    assert [{k: v for k, v in c.items() if k != "detail"} for c in english] == facts
    assert any("is away" in c["detail"] for c in english)
    assert not any(c["detail"] in {e["detail"] for e in english} for c in conflicts)
    assert (
        client.get(f"/api/v1/bookings/{booking['id']}", headers=world.contact.headers).get_json()[
            "status"
        ]
        == "requested"
    )


def test_decline_reschedule_cancel_keep_the_history(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    world = build_world(make_actor)
    day = free_weekday(6)
    first = request_booking(client, world, [iso(day, "09:00")]).get_json()
    second = request_booking(client, world, [iso(day, "13:00")]).get_json()

    declined = client.post(
        f"/api/v1/bookings/{second['id']}/decline",
        json={"reason": "We are fully booked that week."},
        headers=world.staff[1].headers,
    ).get_json()
    assert declined["status"] == "declined"
    assert declined["decline_reason"] == "We are fully booked that week."

    assert _confirm(client, world, first["id"], iso(day, "09:00")).status_code == 200
    again = _confirm(client, world, first["id"], iso(day, "09:00"))
    assert again.status_code == 409 and again.get_json()["code"] == "booking_not_requested"

    moved = client.post(
        f"/api/v1/bookings/{first['id']}/reschedule",
        json={"start": iso(day + timedelta(days=1), "10:00")},
        headers=world.staff[0].headers,
    )
    assert moved.status_code == 200, moved.get_json()
    assert datetime.fromisoformat(moved.get_json()["start"]) == at(day + timedelta(days=1), "10:00")
    assert moved.get_json()["sequence"] == 1

    cancelled = client.post(
        f"/api/v1/bookings/{first['id']}/cancel",
        json={"reason": "Exam week"},
        headers=world.contact.headers,
    ).get_json()
    assert cancelled["status"] == "cancelled"
    assert cancelled["sequence"] == 2
    assert [h["action"] for h in cancelled["history"]] == [
        "requested",
        "confirmed",
        "rescheduled",
        "cancelled",
    ]
    # The freed time can be taken again by the same staff member.
    third = request_booking(client, world, [iso(day + timedelta(days=1), "10:00")]).get_json()
    staff_ids = moved.get_json()["staff_ids"]
    assert (
        _confirm(
            client, world, third["id"], iso(day + timedelta(days=1), "10:00"), staff_ids=staff_ids
        ).status_code
        == 200
    )


def test_bad_input_gets_a_clear_problem_and_changes_nothing(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    world = build_world(make_actor)
    day = free_weekday(6)
    unknown = request_booking(client, world, [iso(day, "09:00")], offering_id=999_999)
    assert unknown.status_code == 422 and unknown.get_json()["code"] == "unknown_offering"
    past = request_booking(client, world, [iso(day - timedelta(days=400), "09:00")])
    assert past.status_code == 422 and past.get_json()["code"] == "slot_in_past"
    crowd = request_booking(client, world, [iso(day, "09:00")], participants=200, grade=3)
    assert crowd.status_code == 409
    assert {c["code"] for c in crowd.get_json()["conflicts"]} == {
        "too_many_participants",
        "wrong_grade",
    }
    four = request_booking(client, world, [iso(day, f"0{h}:00") for h in range(8, 10)] * 2)
    assert four.status_code == 422
    naive = request_booking(client, world, ["2030-01-08T09:00:00"])
    assert naive.status_code == 422
    other_school = request_booking(
        client, world, [iso(day, "09:00")], school_id=world.other_school.id
    )
    assert other_school.status_code == 403
    assert _count() == 0

    booking = request_booking(client, world, [iso(day, "09:00")]).get_json()
    wrong_count = _confirm(
        client,
        world,
        booking["id"],
        iso(day, "09:00"),
        staff_ids=[s.user.id for s in world.staff[:2]],
    )
    assert wrong_count.status_code == 422
    assert (
        client.post(
            "/api/v1/bookings/999999/confirm",
            json={"start": iso(day, "09:00")},
            headers=world.staff[0].headers,
        ).status_code
        == 404
    )


def test_idempotency_key_replays_the_request(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    world = build_world(make_actor)
    day = free_weekday(6)
    body = {
        "offering_id": world.workshop.id,
        "school_id": world.school.id,
        "preferred_slots": [{"start": iso(day, "09:00")}],
        "grade": 8,
        "participants": 25,
    }
    headers = {**world.contact.headers, "Idempotency-Key": "booking-1"}
    first = client.post("/api/v1/bookings", json=body, headers=headers)
    second = client.post("/api/v1/bookings", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert first.get_json()["id"] == second.get_json()["id"]
    assert _count() == 1


def test_suggestions_and_availability_are_bookable_as_proposed(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    world = build_world(make_actor)
    day = free_weekday(6)
    booking = request_booking(client, world, [iso(day, "10:00")]).get_json()
    suggestions = client.get(
        f"/api/v1/bookings/{booking['id']}/suggestions", headers=world.contact.headers
    ).get_json()["items"]
    assert suggestions
    assert datetime.fromisoformat(suggestions[0]["start"]) == at(day, "10:00")  # closest first
    distances = [
        abs((at(day, "10:00") - datetime.fromisoformat(s["start"])).total_seconds())
        for s in suggestions
    ]
    assert distances == sorted(distances)

    window = client.get(
        f"/api/v1/offerings/{world.workshop.id}/availability",
        query_string={"from": iso(day, "00:00"), "to": iso(day + timedelta(days=14), "00:00")},
        headers=world.contact.headers,
    )
    assert window.status_code == 200, window.get_json()
    slots = window.get_json()["items"]
    assert slots and all(s["staff_ids"] for s in slots)
    starts = [s["start"] for s in slots]
    assert starts == sorted(starts)
    pick = slots[3]
    response = _confirm(client, world, booking["id"], pick["start"], staff_ids=pick["staff_ids"])
    assert response.status_code == 200, response.get_json()
