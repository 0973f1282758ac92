"""Racing confirmations over real HTTP: exactly one wins, the database holds one booking.

PostgreSQL: the exclusion constraint decides; SQLite: the write lock serialises the check and
the write. The same test runs on both (CI runs the suite on each).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from helpers_bookings import SE, at, build_world, free_weekday
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from netpolarna.bookings import slots
from netpolarna.bookings.locking import is_double_booking
from netpolarna.bookings.models import Booking, StaffAssignment, StaffProfile
from netpolarna.db import db

RACERS = 24


def _requested(world: Any, count: int, start: Any) -> list[int]:
    ids = []
    for _ in range(count):
        booking = Booking(
            offering_id=world.workshop.id,
            school_id=world.school.id,
            status="requested",
            preferred_slots=[start.isoformat()],
            grade=8,
            participants=20,
        )
        db.session.add(booking)
        db.session.flush()
        ids.append(booking.id)
    db.session.commit()
    return ids


def test_concurrent_confirmations_of_one_staff_member_never_double_book(
    live_server: str, make_actor: Callable[..., Any]
) -> None:
    world = build_world(make_actor)
    day = free_weekday(7)
    staff = world.staff[0]
    staff_id, headers = staff.user.id, {**staff.headers, "Accept-Language": "en"}
    ids = _requested(world, RACERS, at(day, "09:00"))
    barrier = threading.Barrier(RACERS)
    results: list[tuple[int, dict[str, Any]]] = []
    lock = threading.Lock()

    def confirm(index: int, booking_id: int) -> None:
        # Overlapping, not identical, slots: 09:00, 09:05, ... all within one 90-minute visit.
        start = at(day, "09:00") + timedelta(minutes=5 * (index % 6))
        with httpx.Client(base_url=live_server, timeout=60) as client:
            barrier.wait()
            response = client.post(
                f"/api/v1/bookings/{booking_id}/confirm",
                json={"start": start.isoformat(), "staff_ids": [staff_id]},
                headers=headers,
            )
        with lock:
            results.append((response.status_code, response.json()))

    threads = [threading.Thread(target=confirm, args=(i, b)) for i, b in enumerate(ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [409] * (RACERS - 1), statuses
    for status, body in results:
        if status == 409:
            assert body["code"] == "booking_conflict"
            assert any(
                c["code"] == "staff_booked" and c["staff_id"] == staff_id for c in body["conflicts"]
            )
    db.session.expire_all()
    confirmed = db.session.scalar(
        select(func.count()).select_from(Booking).where(Booking.status == "confirmed")
    )
    assert confirmed == 1
    blocked = db.session.scalar(
        select(func.count())
        .select_from(StaffAssignment)
        .where(StaffAssignment.staff_id == staff_id)
    )
    assert blocked == 1


def test_the_database_itself_refuses_overlapping_staff_time(
    app: Any, make_actor: Callable[..., Any]
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only; SQLite serialises")
    world = build_world(make_actor)
    day = free_weekday(7)
    first, second = _requested(world, 2, at(day, "09:00"))
    staff_id = world.staff[0].user.id

    def block(booking_id: int, hhmm: str) -> None:
        start = at(day, hhmm)
        db.session.add(
            StaffAssignment(
                booking_id=booking_id,
                staff_id=staff_id,
                session_starts_at=start,
                session_ends_at=start + timedelta(minutes=90),
                blocked_from=start - timedelta(minutes=30),
                blocked_until=start + timedelta(minutes=120),
            )
        )
        db.session.commit()

    block(first, "09:00")
    with pytest.raises(IntegrityError) as refused:
        block(second, "11:00")  # its travel buffer starts 10:30, before the first ends
    assert is_double_booking(refused.value)
    db.session.rollback()
    block(second, "11:30")  # back to back with the buffers touching is fine


def _whole_free_week(weeks_ahead: int) -> Any:
    """The Monday of a week `weeks_ahead` on whose five weekdays nothing is closed."""
    monday = free_weekday(weeks_ahead, weekday=0)
    while any(monday + timedelta(days=d) in SE for d in range(-1, 6)):
        monday += timedelta(weeks=1)
    return monday


def test_concurrent_confirmations_on_different_days_keep_the_weekly_cap(
    live_server: str, make_actor: Callable[..., Any]
) -> None:
    # The days do not overlap, so the exclusion constraint cannot help: only serialising the
    # confirmations of one staff member keeps a cap of one school day a week.
    world = build_world(make_actor, staff_count=1)
    staff = world.staff[0]
    staff_id, headers = staff.user.id, {**staff.headers, "Accept-Language": "en"}
    db.session.add(
        StaffProfile(
            user_id=staff_id,
            weekly_hours={str(d): ["08:00", "17:00"] for d in range(5)},
            max_school_days_per_week=1,
            feed_token="t-race-cap",
        )
    )
    db.session.commit()
    monday = _whole_free_week(7)
    days = [monday + timedelta(days=d) for d in range(5)] * 2
    ids = [_requested(world, 1, at(day, "09:00"))[0] for day in days]
    barrier = threading.Barrier(len(ids))
    results: list[tuple[int, dict[str, Any]]] = []
    lock = threading.Lock()

    def confirm(booking_id: int, day: Any, hhmm: str) -> None:
        with httpx.Client(base_url=live_server, timeout=60) as client:
            barrier.wait()
            response = client.post(
                f"/api/v1/bookings/{booking_id}/confirm",
                json={"start": at(day, hhmm).isoformat(), "staff_ids": [staff_id]},
                headers=headers,
            )
        with lock:
            results.append((response.status_code, response.json()))

    # Each day twice, morning and afternoon, so the same day is never refused for the cap.
    threads = [
        threading.Thread(target=confirm, args=(b, d, "09:00" if i < 5 else "13:00"))
        for i, (b, d) in enumerate(zip(ids, days, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    won = [body for status, body in results if status == 200]
    assert {status for status, _ in results} <= {200, 409}, results
    # Both visits of the winning day may be confirmed; no second day.
    won_days = {body["start"][:10] for body in won}
    assert len(won_days) == 1, won_days
    for status, body in results:
        if status == 409:
            assert body["code"] == "booking_conflict"
    db.session.expire_all()
    starts = db.session.scalars(
        select(StaffAssignment.session_starts_at).where(StaffAssignment.staff_id == staff_id)
    ).all()
    assert len({slots.local_date(s) for s in starts}) == 1, starts
