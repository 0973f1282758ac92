"""Rules at the service level (caps, holidays, notice, staff choice), delivery and feedback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient
from helpers_bookings import at, build_world, free_weekday, iso, request_booking

from netpolarna.bookings import lifecycle, slots
from netpolarna.bookings.booking_schemas import conflict_view
from netpolarna.bookings.conflicts import Diary, Request, check_slot
from netpolarna.bookings.models import Booking, StaffProfile
from netpolarna.common.jobs import periodic_jobs
from netpolarna.db import db, utcnow


def _codes(world: Any, start: Any, **kwargs: Any) -> set[str]:
    request = Request(world.workshop, world.school, kwargs.pop("grade", 8), kwargs.pop("n", 20))
    diary = Diary.load(start - timedelta(days=1), start + timedelta(days=3))
    verdict = check_slot(diary, request, start, utcnow(), **kwargs)
    return {c.code for c in verdict.conflicts}


def test_weekly_cap_school_holiday_and_notice(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    world = build_world(make_actor, staff_count=1)
    staff = world.staff[0]
    monday = free_weekday(6, weekday=0)
    # A cap of one school day a week: a second day that week is refused, the same day is not.
    db.session.add(
        StaffProfile(
            user_id=staff.user.id,
            weekly_hours={str(d): ["08:00", "17:00"] for d in range(5)},
            max_school_days_per_week=1,
            feed_token="t-cap",
        )
    )
    db.session.commit()
    first = request_booking(client, world, [iso(monday, "09:00")]).get_json()
    assert (
        client.post(
            f"/api/v1/bookings/{first['id']}/confirm",
            json={"start": iso(monday, "09:00")},
            headers=staff.headers,
        ).status_code
        == 200
    )
    assert _codes(world, at(monday + timedelta(days=2), "09:00")) == {"weekly_cap"}
    assert _codes(world, at(monday, "13:00")) == set()
    assert _codes(world, at(monday + timedelta(days=7), "09:00")) == set()

    response = client.post(
        "/api/v1/school-holidays",
        json={
            "name": "Höstlov",
            "kind": "höstlov",
            "starts_on": (monday + timedelta(days=14)).isoformat(),
            "ends_on": (monday + timedelta(days=18)).isoformat(),
        },
        headers=world.admin.headers,
    )
    assert response.status_code == 201
    in_holiday = at(monday + timedelta(days=15), "09:00")
    assert "school_holiday" in _codes(world, in_holiday)
    # The sentence names the holiday and its whole span, not the visit's hours.
    request = Request(world.workshop, world.school, 8, 20)
    diary = Diary.load(in_holiday - timedelta(days=1), in_holiday + timedelta(days=3))
    verdict = check_slot(diary, request, in_holiday, utcnow())
    holiday = next(c for c in verdict.conflicts if c.code == "school_holiday")
    span = f"{monday + timedelta(days=14)}–{monday + timedelta(days=18)}"
    worded = conflict_view(holiday, "en")
    assert worded["name"] == "Höstlov" and worded["rule"] == "school_holiday"
    assert worded["detail"] == (
        f"{(monday + timedelta(days=15)).isoformat()} falls in the school holiday Höstlov ({span})."
    )

    soon = utcnow() + timedelta(days=2)
    assert "short_notice" in _codes(world, soon)
    assert "in_past" in _codes(world, utcnow() - timedelta(hours=1))


def test_a_theme_week_blocks_five_weekdays_and_the_least_loaded_staff_is_picked(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    world = build_world(make_actor)
    monday = free_weekday(8, weekday=0)
    for staff in world.staff:
        db.session.add(
            StaffProfile(
                user_id=staff.user.id,
                weekly_hours={str(d): ["08:00", "16:00"] for d in range(5)},
                max_school_days_per_week=5,
                feed_token=f"t-{staff.user.id}",
            )
        )
    db.session.commit()
    # Anna has a workshop on Wednesday; the theme week goes to the least-loaded (Bilal).
    workshop = request_booking(client, world, [iso(monday + timedelta(days=2), "09:00")])
    client.post(
        f"/api/v1/bookings/{workshop.get_json()['id']}/confirm",
        json={
            "start": iso(monday + timedelta(days=2), "09:00"),
            "staff_ids": [world.staff[0].user.id],
        },
        headers=world.staff[0].headers,
    )
    week = request_booking(
        client, world, [iso(monday, "10:00")], offering_id=world.theme_week.id, show_publicly=True
    ).get_json()
    confirmed = client.post(
        f"/api/v1/bookings/{week['id']}/confirm",
        json={"start": iso(monday, "10:00")},
        headers=world.staff[0].headers,
    ).get_json()
    assert confirmed["staff_ids"] == [world.staff[1].user.id]
    assert confirmed["end"] is not None
    # Anna cannot take a theme week that week: Wednesday clashes.
    other = request_booking(client, world, [iso(monday, "10:00")], offering_id=world.theme_week.id)
    clash = client.post(
        f"/api/v1/bookings/{other.get_json()['id']}/confirm",
        json={"start": iso(monday, "10:00"), "staff_ids": [world.staff[0].user.id]},
        headers=world.staff[0].headers,
    ).get_json()
    assert {c["code"] for c in clash["conflicts"]} == {"staff_booked"}

    # The public list shows the booked theme week (no school, no contact) beside staff's.
    listed = client.get("/api/v1/theme-weeks").get_json()["items"]
    booked = [w for w in listed if w["source"] == "booking"]
    assert [(w["id"], w["starts_on"], w["ends_on"]) for w in booked] == [
        (week["id"], monday.isoformat(), (monday + timedelta(days=4)).isoformat())
    ]
    assert "Bergskolan" not in str(listed)


def test_delivery_job_invites_feedback_and_the_school_gives_it(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    world = build_world(make_actor, staff_count=1)
    day = free_weekday(6)
    booking = request_booking(client, world, [iso(day, "09:00")]).get_json()
    client.post(
        f"/api/v1/bookings/{booking['id']}/confirm",
        json={"start": iso(day, "09:00")},
        headers=world.staff[0].headers,
    )
    early = client.post(
        f"/api/v1/bookings/{booking['id']}/feedback",
        json={"rating": 5},
        headers=world.contact.headers,
    )
    assert early.status_code == 409 and early.get_json()["code"] == "booking_not_delivered"
    assert "bookings-delivered" in {job.id for job in periodic_jobs()}

    assert lifecycle.mark_delivered(now=at(day, "09:00") + timedelta(hours=1)) == 0
    assert lifecycle.mark_delivered(now=at(day, "12:00")) == 1
    assert db.session.get(Booking, booking["id"]).status == "delivered"  # type: ignore[union-attr]

    given = client.post(
        f"/api/v1/bookings/{booking['id']}/feedback",
        json={"rating": 4, "pupils_reached": 52, "comment": "Bra samtal i 8B."},
        headers=world.contact.headers,
    )
    assert given.status_code == 201, given.get_json()
    assert given.get_json()["feedback"]["rating"] == 4
    again = client.post(
        f"/api/v1/bookings/{booking['id']}/feedback",
        json={"rating": 1},
        headers=world.contact.headers,
    )
    assert again.status_code == 409
    bad = client.post(
        f"/api/v1/bookings/{booking['id']}/feedback",
        json={"rating": 6},
        headers=world.contact.headers,
    )
    assert bad.status_code == 422
    # Staff see every booking; the other school sees none of this one.
    mine = client.get("/api/v1/bookings", headers=world.contact.headers).get_json()["items"]
    assert [b["feedback"]["pupils_reached"] for b in mine] == [52]
    assert (
        client.get("/api/v1/bookings", headers=world.other_contact.headers).get_json()["items"]
        == []
    )
    assert len(client.get("/api/v1/bookings", headers=world.admin.headers).get_json()["items"]) == 1


def test_bookings_never_import_the_net_walker_module() -> None:
    from pathlib import Path

    import netpolarna.bookings as bookings

    for path in Path(bookings.__file__).parent.glob("*.py"):
        assert "netpolarna.netwalk" not in path.read_text(), path.name


def test_listed_free_slots_agree_with_the_full_check(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    """The per-day search and the slot-by-slot check give the same answer for every start."""
    from netpolarna.bookings.availability import _candidate_starts, free_slots

    world = build_world(make_actor)
    monday = free_weekday(6, weekday=0)
    ids = []
    times = [(0, "09:00"), (0, "10:30"), (1, "13:00"), (2, "08:30"), (15, "09:00")]
    for i, (offset, hhmm) in enumerate(times):
        booking = request_booking(client, world, [iso(monday + timedelta(days=offset), hhmm)])
        ids.append(booking.get_json()["id"])
        client.post(
            f"/api/v1/bookings/{booking.get_json()['id']}/confirm",
            json={
                "start": iso(monday + timedelta(days=offset), hhmm),
                "staff_ids": [world.staff[i % 2].user.id],
            },
            headers=world.staff[0].headers,
        )
    client.post(
        f"/api/v1/staff/{world.staff[2].user.id}/absences",
        json={"starts_at": iso(monday, "00:00"), "ends_at": iso(monday, "12:00")},
        headers=world.staff[2].headers,
    )
    # A cap of one day for the first staff member, and a school holiday in the second week.
    db.session.add(
        StaffProfile(
            user_id=world.staff[0].user.id,
            weekly_hours={str(d): ["08:00", "17:00"] for d in range(5)},
            max_school_days_per_week=1,
            feed_token="t-agree",
        )
    )
    db.session.commit()
    holiday = client.post(
        "/api/v1/school-holidays",
        json={
            "name": "Lov",
            "kind": "höstlov",
            "starts_on": (monday + timedelta(days=9)).isoformat(),
            "ends_on": (monday + timedelta(days=10)).isoformat(),
        },
        headers=world.admin.headers,
    )
    assert holiday.status_code == 201, holiday.get_json()
    second = ids[1]
    request = Request(world.workshop, world.school, 8, 20)
    # Three weeks: the search reads two, then the next span.
    start, end = at(monday, "00:00"), at(monday + timedelta(days=21), "00:00")
    now = utcnow()
    listed = free_slots(request, start, end, now=now, limit=500)
    listed_starts = {slot["start"]: slot["staff_ids"] for slot in listed}
    assert [slot["start"] for slot in listed] == sorted(listed_starts)
    diary = Diary.load(start, end + timedelta(days=3))
    for candidate in _candidate_starts(diary, start, end, request):
        verdict = check_slot(diary, request, candidate, now)
        assert verdict.free == (candidate in listed_starts), candidate
        if verdict.free:
            # The same least-loaded staff are proposed, the load counted over the slot's week.
            week = slots.week_bounds(slots.local_date(candidate))
            weekly = Diary.load(week[0], week[1] - timedelta(seconds=1))
            picked = check_slot(weekly, request, candidate, now).staff_ids
            assert listed_starts[candidate] == picked, candidate
    for slot in listed:
        named = check_slot(diary, request, slot["start"], now, staff_ids=slot["staff_ids"])
        assert named.free, named.conflicts
    assert len(listed_starts) > 10
    assert any(s >= at(monday + timedelta(days=14), "00:00") for s in listed_starts)
    assert not any(slots.local_date(s) == monday + timedelta(days=9) for s in listed_starts)
    # A booking being moved does not clash with its own time.
    moved = Request(world.workshop, world.school, 8, 20, booking_id=second)
    own = {s["start"] for s in free_slots(moved, start, end, now=now, limit=500)}
    assert at(monday, "10:30") in own and at(monday, "10:30") not in listed_starts
