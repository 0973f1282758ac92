"""Cached availability answers: every kind of write shows at once, in this process and in
another one (a second app on the same database), and time passing only removes slots."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from helpers_bookings import at, build_world, free_weekday, iso, request_booking

from netpolarna.bookings.availability_cache import AvailabilityCache


def _starts(client: FlaskClient, world: Any, day: Any) -> list[str]:
    response = client.get(
        f"/api/v1/offerings/{world.workshop.id}/availability",
        query_string={"from": iso(day, "00:00"), "to": iso(day + timedelta(days=1), "00:00")},
        headers=world.contact.headers,
    )
    assert response.status_code == 200, response.get_json()
    items = response.get_json()["items"]
    for item in items:
        assert set(item) == {"start", "end", "staff_ids"}
    return [datetime.fromisoformat(item["start"]).astimezone(UTC).isoformat() for item in items]


def _utc(day: Any, hhmm: str) -> str:
    return at(day, hhmm).astimezone(UTC).isoformat()


def test_every_write_changes_the_cached_answer_in_both_processes(
    app: Flask,
    client: FlaskClient,
    new_app: Callable[..., Flask],
    make_actor: Callable[..., Any],
) -> None:
    world = build_world(make_actor, staff_count=1)
    other = new_app().test_client()  # another process: its own cache
    day = free_weekday(6)
    staff_id = world.staff[0].user.id
    nine = _utc(day, "09:00")

    first = _starts(client, world, day)
    assert nine in first
    assert _starts(other, world, day) == first
    assert _starts(client, world, day) == first  # served from the cache
    assert len(app.extensions["bookings_availability"]._entries) == 1

    # Confirm (in this process): the morning is gone in both.
    booking = request_booking(client, world, [iso(day, "09:00")]).get_json()
    confirmed = client.post(
        f"/api/v1/bookings/{booking['id']}/confirm",
        json={"start": iso(day, "09:00")},
        headers=world.staff[0].headers,
    )
    assert confirmed.status_code == 200, confirmed.get_json()
    for reader in (client, other):
        assert nine not in _starts(reader, world, day)

    # Cancel: back in both.
    cancelled = client.post(
        f"/api/v1/bookings/{booking['id']}/cancel",
        json={"reason": "Exam week"},
        headers=world.contact.headers,
    )
    assert cancelled.status_code == 200, cancelled.get_json()
    for reader in (client, other):
        assert _starts(reader, world, day) == first

    # An absence added in the other process empties the day here, and its removal refills it.
    absence = other.post(
        f"/api/v1/staff/{staff_id}/absences",
        json={"starts_at": iso(day, "00:00"), "ends_at": iso(day, "23:59"), "reason": "course"},
        headers=world.staff[0].headers,
    )
    assert absence.status_code == 201, absence.get_json()
    for reader in (client, other):
        assert _starts(reader, world, day) == []
    removed = other.delete(
        f"/api/v1/staff/{staff_id}/absences/{absence.get_json()['id']}",
        headers=world.staff[0].headers,
    )
    assert removed.status_code == 204
    for reader in (client, other):
        assert _starts(reader, world, day) == first

    # Working hours: a later start in the morning.
    hours = {str(d): ["10:00", "16:00"] for d in range(5)}
    changed = other.put(
        f"/api/v1/staff/{staff_id}/availability",
        json={"weekly_hours": hours},
        headers=world.admin.headers,
    )
    assert changed.status_code == 200, changed.get_json()
    for reader in (client, other):
        later = _starts(reader, world, day)
        assert later and nine not in later

    # A school holiday over the day, added in the other process.
    holiday = other.post(
        "/api/v1/school-holidays",
        json={
            "name": "Studiedag",
            "kind": "other",
            "starts_on": day.isoformat(),
            "ends_on": day.isoformat(),
        },
        headers=world.admin.headers,
    )
    assert holiday.status_code == 201, holiday.get_json()
    for reader in (client, other):
        assert _starts(reader, world, day) == []


def _slots(now: datetime, hours: list[int]) -> list[dict[str, Any]]:
    return [{"start": now + timedelta(hours=h), "end": now, "staff_ids": [1]} for h in hours]


def test_time_only_removes_slots_and_a_cut_answer_is_searched_again() -> None:
    cache = AvailabilityCache(size=2)
    now = datetime(2030, 1, 7, 8, tzinfo=UTC)
    searches: list[datetime] = []

    def compute(at: datetime, hours: list[int]) -> Callable[[], list[dict[str, Any]]]:
        def run() -> list[dict[str, Any]]:
            searches.append(at)
            return _slots(now, [h for h in hours if now + timedelta(hours=h) > at])

        return run

    notice = timedelta(0)
    # A complete answer (fewer than the limit): later, the passed slot is just left out.
    first = cache.get_or_compute("a", now=now, notice=notice, limit=5, compute=compute(now, [1, 2]))
    assert len(first) == 2 and len(searches) == 1
    later = now + timedelta(minutes=90)
    kept = cache.get_or_compute("a", now=later, notice=notice, limit=5, compute=compute(later, []))
    assert kept == first[1:] and len(searches) == 1
    # A cut answer (as many as the limit) whose first slot passed: searched again.
    cut = cache.get_or_compute("b", now=now, notice=notice, limit=2, compute=compute(now, [1, 2]))
    assert len(cut) == 2 and len(searches) == 2
    again = cache.get_or_compute(
        "b", now=later, notice=notice, limit=2, compute=compute(later, [2, 3])
    )
    assert len(again) == 2 and searches[-1] == later
    assert again[0]["start"] == first[1]["start"]
    # The notice counts as the search counts it.
    cache.get_or_compute(
        "b", now=later, notice=timedelta(hours=1), limit=2, compute=compute(later, [3])
    )
    assert len(searches) == 4
    # Bounded: the least recently used answer goes.
    cache.get_or_compute("c", now=now, notice=notice, limit=5, compute=compute(now, [1]))
    assert set(cache._entries) == {"b", "c"}
