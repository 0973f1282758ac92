"""The console's bookings, staff week and overview pages over HTTP (no browser)."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from booking_support import booking_request
from sqlalchemy import select

from netpolarna.analytics import figures, rollups
from netpolarna.analytics.periods import week_of
from netpolarna.bookings import lifecycle
from netpolarna.bookings.booking_schemas import check_view
from netpolarna.bookings.models import Booking, StaffAssignment
from netpolarna.bookings.service import local_today
from netpolarna.bookings.staff import add_absence
from netpolarna.db import db, utcnow


def _confirm_forms(html: str) -> list[tuple[str, list[str]]]:
    """Each confirm form on a booking page: its start and staff ids."""
    found = []
    for form in re.findall(r'<form[^>]*/confirm"[^>]*>(.*?)</form>', html, re.S):
        start = re.search(r'name="start" value="([^"]+)"', form)
        assert start
        found.append((start.group(1), re.findall(r'name="staff_ids" value="(\d+)"', form)))
    return found


def test_requests_show_every_reason_a_time_cannot_be_taken(console_for: Any, week: Any) -> None:
    request = booking_request(week.admin.user)
    console = console_for(week.walker.user.email)
    page = console.get("/console/bookings").get_data(as_text=True)
    assert "Bergskolan" in page and ("Fair online" in page or "Schyst" in page)
    # The free time is marked free, the one two days away carries the notice rule's reason.
    assert "ledig" in page or "free" in page
    assert re.search(r"class=\"reasons\">\s*<li>[^<]+</li>", page)
    detail = console.get(f"/console/bookings/{request['id']}").get_data(as_text=True)
    forms = _confirm_forms(detail)
    assert len(forms) >= 2  # the free preferred time and suggestions
    assert all(staff == [str(week.walker.user.id)] for _start, staff in forms)


def test_confirming_through_the_form_confirms_the_booking(console_for: Any, week: Any) -> None:
    request = booking_request(week.admin.user)
    console = console_for(week.walker.user.email)
    detail = console.get(f"/console/bookings/{request['id']}").get_data(as_text=True)
    suggested = _confirm_forms(detail.split('id="suggestions"', 1)[1])
    start, staff_ids = suggested[0]
    response = console.post(
        f"/console/bookings/{request['id']}/confirm",
        {"start": start, "staff_ids": staff_ids},
        follow_redirects=True,
    )
    assert response.status_code == 200
    db.session.expire_all()
    booking = db.session.get(Booking, request["id"])
    assert booking is not None and booking.status == "confirmed"
    assert booking.starts_at is not None and booking.starts_at.isoformat() == start
    assigned = db.session.scalars(
        select(StaffAssignment.staff_id).where(StaffAssignment.booking_id == booking.id)
    ).all()
    assert assigned == [week.walker.user.id]
    page = response.get_data(as_text=True)
    assert 'id="booking-status">bekräftad' in page or 'id="booking-status">confirmed' in page
    # The staff week of that day shows the session, linked to the booking.
    day = booking.starts_at.astimezone(request["free"].tzinfo).date()
    grid = console.get(f"/console/bookings/week?day={day.isoformat()}").get_data(as_text=True)
    assert f'/console/bookings/{booking.id}"' in grid and "Bergskolan" in grid


def test_a_conflicting_confirm_shows_the_reasons_and_changes_nothing(
    console_for: Any, week: Any
) -> None:
    request = booking_request(week.admin.user)
    console = console_for(week.walker.user.email)
    response = console.post(
        f"/console/bookings/{request['id']}/confirm",
        {"start": request["too_soon"].isoformat()},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    errors = re.findall(r'<p class="flash error">([^<]+)</p>', page)
    assert len(errors) >= 2, page  # the problem and at least one reason
    db.session.expire_all()
    booking = db.session.get(Booking, request["id"])
    assert booking is not None and booking.status == "requested"
    # The reasons are the same list the service gives for that time.
    checks = lifecycle.preferred_checks(week.admin.user, request["id"])
    soon = next(check_view(c, "sv") for c in checks if not c.free)
    assert soon["conflicts"]
    shown = [html.unescape(e) for e in errors]
    for reason in soon["conflicts"]:
        assert reason["detail"] in shown


def test_declining_needs_a_reason_and_records_it(console_for: Any, week: Any) -> None:
    request = booking_request(week.admin.user)
    console = console_for(week.walker.user.email)
    path = f"/console/bookings/{request['id']}/decline"
    console.post(path, {"reason": ""}, follow_redirects=True)
    db.session.expire_all()
    assert db.session.get(Booking, request["id"]).status == "requested"  # type: ignore[union-attr]
    console.post(path, {"reason": "Vi är fullbokade den veckan."}, follow_redirects=True)
    db.session.expire_all()
    booking = db.session.get(Booking, request["id"])
    assert booking is not None and booking.status == "declined"
    assert booking.decline_reason == "Vi är fullbokade den veckan."


def test_week_view_navigates_and_tolerates_bad_input(console_for: Any, week: Any) -> None:
    console = console_for(week.walker.user.email)
    page = console.get("/console/bookings/week?day=2026-12-03").get_data(as_text=True)
    assert "day=2026-11-23" in page and "day=2026-12-07" in page  # previous and next Monday
    assert (week.walker.user.display_name or "#") in page
    assert console.get("/console/bookings/week?day=not-a-date").status_code == 200


def test_week_view_shows_an_absence_on_the_days_it_covers(console_for: Any, week: Any) -> None:
    walker = week.walker.user
    zone = ZoneInfo("Europe/Stockholm")
    # Tuesday 08:00 to Thursday 00:00 local: Tuesday and Wednesday, not Thursday.
    add_absence(
        walker,
        walker.id,
        starts_at=datetime(2026, 12, 1, 8, 0, tzinfo=zone),
        ends_at=datetime(2026, 12, 3, 0, 0, tzinfo=zone),
        reason="kurs i Malmö",
    )
    console = console_for(walker.email)
    page = console.get("/console/bookings/week?day=2026-12-02").get_data(as_text=True)
    row = re.search(r'<th scope="row">.*?</tr>', page, re.S)
    assert row is not None
    cells = re.findall(r"<td>(.*?)</td>", row.group(0), re.S)
    assert ["kurs i Malmö" in cell for cell in cells] == [False, True, True, False, False]


def test_overview_shows_the_analytics_figures_and_hides_small_cells(
    console_for: Any, week: Any
) -> None:
    rollups.rebuild(now=utcnow() + timedelta(hours=1))
    console = console_for(week.walker.user.email)
    response = console.get("/console/overview")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    today = local_today()
    first = week_of(today).start - timedelta(weeks=7)
    table = figures.table("messages", "all", "week", first, today)
    scanned = {row["period"]: row["counts"]["messages"] for row in table["rows"]}
    assert sum(v or 0 for v in scanned.values()) > 0
    for label, count in scanned.items():
        cell = re.search(rf'<th scope="row">{label}</th>\s*<td>(.*?)</td>', page, re.S)
        assert cell, label
        assert cell.group(1).strip() == str(count or 0) or "hidden-cell" in cell.group(1)
    # The Monday's two flags are fewer than k: hidden, with the note, never shown as a count.
    flags = figures.table("flags", "all", "week", first, today)
    assert any(s["metric"] == "raised" for s in flags["suppressed"])
    assert 'class="hidden-cell"' in page and 'id="suppressed-note"' in page
