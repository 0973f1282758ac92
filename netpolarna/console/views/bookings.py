"""Bookings: the schools' requests with every reason a wanted time cannot be taken, confirming
one of the suggested slots or declining with a reason, and the staff's week.

Everything goes through the bookings services, so the console refuses exactly what the API's
409 refuses and explains it with the same list of conflicts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, g, redirect, request, url_for

from netpolarna.bookings import lifecycle
from netpolarna.bookings.booking_schemas import (
    ConfirmSchema,
    DeclineSchema,
    booking_view,
    check_view,
    conflict_view,
)
from netpolarna.bookings.details import details
from netpolarna.bookings.errors import BookingConflict
from netpolarna.bookings.school_schemas import staff_week_view
from netpolarna.bookings.service import local_today
from netpolarna.bookings.staff import list_staff
from netpolarna.bookings.week import staff_week
from netpolarna.console import console_bp
from netpolarna.console.texts import text
from netpolarna.console.web import load_form, problem_message, render, staff
from netpolarna.netwalk.triage.work_queue import staff_names

_CONFIRM = ConfirmSchema()
_DECLINE = DeclineSchema()
SUGGESTIONS = 6
RECENT = 30


def _names() -> dict[int, str]:
    return {user.id: user.display_name or f"#{user.id}" for user, _profile in list_staff()}


@console_bp.route("/bookings")
def bookings() -> Any:
    viewer, locale = staff(), g.console_locale
    requested = [
        {
            **booking_view(details(b), locale),
            "checks": [check_view(v, locale) for v in lifecycle.preferred_checks(viewer, b.id)],
        }
        for b in reversed(lifecycle.list_bookings(viewer, status="requested"))
    ]
    recent = [
        booking_view(details(b), locale)
        for b in lifecycle.list_bookings(viewer, limit=RECENT)
        if b.status != "requested"
    ]
    return render("bookings.html", requested=requested, recent=recent, names=_names())


@console_bp.route("/bookings/<int:booking_id>")
def booking_page(booking_id: int) -> Any:
    viewer, locale = staff(), g.console_locale
    booking = booking_view(details(lifecycle.get_booking(viewer, booking_id)), locale)
    checks = suggestions = None
    if booking["status"] == "requested":
        checks = [check_view(v, locale) for v in lifecycle.preferred_checks(viewer, booking_id)]
        suggestions = lifecycle.booking_suggestions(viewer, booking_id)[:SUGGESTIONS]
    actors = [e["actor_id"] for e in booking["history"] if e["actor_id"]]
    names = {**staff_names(actors), **_names()}
    return render(
        "booking.html", booking=booking, checks=checks, suggestions=suggestions, names=names
    )


@console_bp.route("/bookings/<int:booking_id>/confirm", methods=["POST"])
def confirm_booking(booking_id: int) -> Any:
    staff_ids = [int(s) for s in request.form.getlist("staff_ids") if s.isdigit()]
    data = load_form(
        _CONFIRM, {"start": request.form.get("start", ""), "staff_ids": staff_ids or None}
    )
    page = url_for("console.booking_page", booking_id=booking_id)
    try:
        lifecycle.confirm(staff(), booking_id, data["start"], data["staff_ids"])
    except BookingConflict as conflict:
        # The same reasons the API's 409 lists, one message each.
        flash(problem_message(conflict), "error")
        for reason in conflict.conflicts:
            flash(conflict_view(reason, g.console_locale)["detail"], "error")
        return redirect(page)
    flash(text("booking_confirmed", g.console_locale), "info")
    return redirect(page)


@console_bp.route("/bookings/<int:booking_id>/decline", methods=["POST"])
def decline_booking(booking_id: int) -> Any:
    data = load_form(_DECLINE, {"reason": request.form.get("reason", "")})
    lifecycle.decline(staff(), booking_id, data["reason"])
    flash(text("booking_declined", g.console_locale), "info")
    return redirect(url_for("console.booking_page", booking_id=booking_id))


@console_bp.route("/bookings/week")
def staff_week_page() -> Any:
    wanted = request.args.get("day", "")
    try:
        day = date.fromisoformat(wanted) if wanted else local_today()
    except ValueError:
        day = local_today()
    week = staff_week_view(staff_week(day), g.console_locale)
    return render("week.html", week=week, today=local_today())
