"""Thin views: offerings and their free slots, booking requests and decisions, feedback,
and the secret calendar feeds."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Response, current_app, request
from flask_jwt_extended import current_user, verify_jwt_in_request

from netpolarna.accounts.models import User
from netpolarna.accounts.roles import STAFF, Role
from netpolarna.bookings import (
    bookings_blp,
    calendars,
    calendars_blp,
    lifecycle,
    offerings,
    offerings_blp,
)
from netpolarna.bookings.booking_schemas import (
    AvailabilityQuerySchema,
    BookingConflictProblemSchema,
    BookingCreateSchema,
    BookingListSchema,
    BookingQuerySchema,
    BookingSchema,
    CancelSchema,
    ConfirmSchema,
    DeclineSchema,
    FeedbackCreateSchema,
    FreeSlotListSchema,
    booking_view,
    conflict_view,
)
from netpolarna.bookings.details import details
from netpolarna.bookings.errors import BookingConflict
from netpolarna.bookings.school_schemas import (
    OfferingCreateSchema,
    OfferingListSchema,
    OfferingQuerySchema,
    OfferingSchema,
    OfferingUpdateSchema,
    offering_view,
)
from netpolarna.common.i18n import request_locale
from netpolarna.common.idempotency import idempotent
from netpolarna.db import utcnow
from netpolarna.errors import PROBLEM_MIMETYPE
from netpolarna.problem_handlers import problem

BOOKERS = (*STAFF, Role.SCHOOL)


def _locale() -> str:
    user = _viewer()
    return request_locale(default=(user.locale if user else None) or "sv")


def _viewer() -> User | None:
    """The signed-in caller on a public view, if a token came with the request."""
    if "Authorization" not in request.headers:
        return None
    verify_jwt_in_request(optional=True)
    return current_user or None


def booking_conflict_problem(error: BookingConflict) -> Response:
    """A 409 whose reasons are worded here, in the caller's language, from the service's facts."""
    locale = _locale()
    conflicts = [conflict_view(conflict, locale) for conflict in error.conflicts]
    return problem(
        error.status,
        error.code,
        detail=error.detail,
        headers=error.headers,
        extra={**error.extra, "conflicts": conflicts},
    )


def conflict_409(func: Any) -> Any:
    return bookings_blp.alt_response(
        409,
        schema=BookingConflictProblemSchema,
        content_type=PROBLEM_MIMETYPE,
        description="The time cannot be taken: `conflicts` lists every reason",
    )(func)


@offerings_blp.route("", methods=["GET"])
@offerings_blp.public
@offerings_blp.arguments(OfferingQuerySchema, location="query")
@offerings_blp.response(200, OfferingListSchema)
def list_offerings(query: dict[str, Any]) -> Any:
    """Published offerings (staff may ask for unpublished ones too), in the caller's language."""
    locale = _locale()
    found = offerings.list_offerings(_viewer(), include_unpublished=query["include_unpublished"])
    return {"items": [offering_view(o, locale) for o in found]}


@offerings_blp.route("", methods=["POST"])
@offerings_blp.roles(*STAFF)
@offerings_blp.arguments(OfferingCreateSchema)
@offerings_blp.response(201, OfferingSchema)
def create_offering(data: dict[str, Any]) -> Any:
    return offering_view(offerings.create_offering(**data), _locale())


@offerings_blp.route("/<int:offering_id>", methods=["GET"])
@offerings_blp.public
@offerings_blp.response(200, OfferingSchema)
@offerings_blp.errors(404)
def get_offering(offering_id: int) -> Any:
    return offering_view(offerings.visible(_viewer(), offering_id), _locale())


@offerings_blp.route("/<int:offering_id>", methods=["PATCH"])
@offerings_blp.roles(*STAFF)
@offerings_blp.arguments(OfferingUpdateSchema)
@offerings_blp.response(200, OfferingSchema)
@offerings_blp.errors(404)
def update_offering(data: dict[str, Any], offering_id: int) -> Any:
    return offering_view(offerings.update_offering(current_user, offering_id, **data), _locale())


@offerings_blp.route("/<int:offering_id>/availability", methods=["GET"])
@offerings_blp.roles(*BOOKERS)
@offerings_blp.arguments(AvailabilityQuerySchema, location="query")
@offerings_blp.response(200, FreeSlotListSchema)
@offerings_blp.errors(404)
def offering_availability(query: dict[str, Any], offering_id: int) -> Any:
    """Free slots in [from, to), soonest first, each bookable as proposed with its staff."""
    start = query["from_"] or utcnow()
    end = query["to"] or start + timedelta(weeks=4)
    items = lifecycle.offering_availability(
        current_user,
        offering_id,
        start=start,
        end=end,
        school_id=query["school_id"],
        grade=query["grade"],
        participants=query["participants"],
        limit=query["limit"],
    )
    # The slots come dumped by FreeSlotSchema already (and cached so): not dumped again.
    return current_app.json.response({"items": items})


@bookings_blp.route("", methods=["POST"])
@bookings_blp.roles(*BOOKERS)
@idempotent(bookings_blp)
@bookings_blp.arguments(BookingCreateSchema)
@bookings_blp.response(201, BookingSchema)
@bookings_blp.errors(403)
@conflict_409
def create_booking(data: dict[str, Any]) -> Any:
    """Request an offering with up to three preferred slots. 409 when none of them can be
    taken, with every reason and free slots nearby."""
    data["preferred_slots"] = [slot["start"] for slot in data["preferred_slots"]]
    return booking_view(lifecycle.create_booking(current_user, **data), _locale())


@bookings_blp.route("", methods=["GET"])
@bookings_blp.roles(*BOOKERS)
@bookings_blp.arguments(BookingQuerySchema, location="query")
@bookings_blp.response(200, BookingListSchema)
def list_bookings(query: dict[str, Any]) -> Any:
    """Staff: all bookings. A school: its own, with their feedback."""
    locale = _locale()
    found = lifecycle.list_bookings(current_user, **query)
    return {"items": [booking_view(details(b), locale) for b in found]}


@bookings_blp.route("/<int:booking_id>", methods=["GET"])
@bookings_blp.roles(*BOOKERS)
@bookings_blp.response(200, BookingSchema)
@bookings_blp.errors(404)
def get_booking(booking_id: int) -> Any:
    found = lifecycle.get_booking(current_user, booking_id)
    return booking_view(details(found), _locale())


@bookings_blp.route("/<int:booking_id>/confirm", methods=["POST"])
@bookings_blp.roles(*STAFF)
@bookings_blp.arguments(ConfirmSchema)
@bookings_blp.response(200, BookingSchema)
@bookings_blp.errors(404)
@conflict_409
def confirm_booking(data: dict[str, Any], booking_id: int) -> Any:
    """Confirm one slot, naming the staff or letting the service pick the least-loaded."""
    placed = lifecycle.confirm(current_user, booking_id, data["start"], data["staff_ids"])
    return booking_view(placed, _locale())


@bookings_blp.route("/<int:booking_id>/reschedule", methods=["POST"])
@bookings_blp.roles(*STAFF)
@bookings_blp.arguments(ConfirmSchema)
@bookings_blp.response(200, BookingSchema)
@bookings_blp.errors(404)
@conflict_409
def reschedule_booking(data: dict[str, Any], booking_id: int) -> Any:
    """Move a confirmed booking; calendars get a higher SEQUENCE."""
    moved = lifecycle.reschedule(current_user, booking_id, data["start"], data["staff_ids"])
    return booking_view(moved, _locale())


@bookings_blp.route("/<int:booking_id>/decline", methods=["POST"])
@bookings_blp.roles(*STAFF)
@bookings_blp.arguments(DeclineSchema)
@bookings_blp.response(200, BookingSchema)
@bookings_blp.errors(404, 409)
def decline_booking(data: dict[str, Any], booking_id: int) -> Any:
    """Decline a request with a reason the school reads."""
    return booking_view(lifecycle.decline(current_user, booking_id, data["reason"]), _locale())


@bookings_blp.route("/<int:booking_id>/cancel", methods=["POST"])
@bookings_blp.roles(*BOOKERS)
@bookings_blp.arguments(CancelSchema)
@bookings_blp.response(200, BookingSchema)
@bookings_blp.errors(404, 409)
def cancel_booking(data: dict[str, Any], booking_id: int) -> Any:
    """Call a booking off (its school or staff); the history keeps it."""
    return booking_view(lifecycle.cancel(current_user, booking_id, data["reason"]), _locale())


@bookings_blp.route("/<int:booking_id>/suggestions", methods=["GET"])
@bookings_blp.roles(*BOOKERS)
@bookings_blp.response(200, FreeSlotListSchema)
@bookings_blp.errors(404)
def booking_suggestions(booking_id: int) -> Any:
    """Free slots nearest the school's preferred ones, closest first, each bookable as is."""
    return {"items": lifecycle.booking_suggestions(current_user, booking_id)}


@bookings_blp.route("/<int:booking_id>/feedback", methods=["POST"])
@bookings_blp.roles(*BOOKERS)
@bookings_blp.arguments(FeedbackCreateSchema)
@bookings_blp.response(201, BookingSchema)
@bookings_blp.errors(404, 409)
def give_feedback(data: dict[str, Any], booking_id: int) -> Any:
    """The school rates a delivered visit (1-5), with pupils reached and free text."""
    return booking_view(lifecycle.give_feedback(current_user, booking_id, **data), _locale())


@calendars_blp.route("/<string:token>.ics", methods=["GET"])
@calendars_blp.public
@calendars_blp.response(200, description="An iCalendar feed", content_type="text/calendar")
@calendars_blp.errors(404)
def calendar_feed(token: str) -> Any:
    """A staff member's or a school's bookings (no login: the secret URL is the key)."""
    response = Response(calendars.feed(token), mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
