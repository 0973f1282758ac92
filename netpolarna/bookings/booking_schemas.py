"""Schemas for booking requests, decisions, conflicts, free slots and feedback."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import Schema, fields, validate

from netpolarna.bookings import calendars, slots
from netpolarna.bookings.conflicts import SlotConflict, Verdict
from netpolarna.bookings.details import BookingDetails
from netpolarna.bookings.models import STATUSES
from netpolarna.bookings.offerings import localised
from netpolarna.common.i18n import translate
from netpolarna.common.schemas import ProblemSchema


class SlotSchema(Schema):
    start = fields.AwareDateTime(required=True, metadata={"description": "ISO 8601 with offset"})


class BookingCreateSchema(Schema):
    offering_id = fields.Integer(required=True)
    school_id = fields.Integer(required=True)
    preferred_slots = fields.List(
        fields.Nested(SlotSchema), required=True, validate=validate.Length(min=1, max=3)
    )
    grade = fields.Integer(required=True, validate=validate.Range(min=0, max=13))
    participants = fields.Integer(required=True, validate=validate.Range(min=1, max=10_000))
    notes = fields.String(load_default="", validate=validate.Length(max=5000))
    show_publicly = fields.Boolean(
        load_default=False,
        metadata={"description": "The school agrees to list a theme week publicly"},
    )


class ConflictSchema(Schema):
    code = fields.String(
        required=True,
        metadata={
            "description": "staff_booked, staff_absent, weekly_cap, outside_working_hours, "
            "public_holiday, school_holiday, short_notice, in_past, too_many_participants, "
            "wrong_grade, not_staff"
        },
    )
    detail = fields.String(required=True, metadata={"description": "In the request's language"})
    staff_id = fields.Integer()
    staff_name = fields.String()
    rule = fields.String()
    booking_id = fields.Integer()
    date = fields.String()
    name = fields.String()
    slot = fields.String(metadata={"description": "The preferred slot it belongs to"})
    start = fields.String(required=True, metadata={"description": "The clashing interval"})
    end = fields.String(required=True)


# The facts of a conflict a client may read besides its sentence.
_SHOWN = ("staff_id", "rule", "booking_id", "date", "name", "staff_name")


def _word(value: Any) -> Any:
    if isinstance(value, datetime):
        return slots.format_local(value)
    if isinstance(value, tuple | list):
        return ", ".join(str(item) for item in value)
    return value


def conflict_view(conflict: SlotConflict, locale: str) -> dict[str, Any]:
    """A conflict as ConflictSchema shows it, its sentence in `locale`."""
    facts = conflict.facts
    sentence = translate(
        f"booking.conflict.{conflict.code}",
        locale,
        **{name: _word(value) for name, value in facts.items()},
        start=_word(conflict.start) if conflict.start else "",
        end=_word(conflict.end) if conflict.end else "",
        staff=facts.get("staff_name", ""),
    )
    view: dict[str, Any] = {"code": conflict.code, "detail": sentence}
    view.update((name, facts[name]) for name in _SHOWN if name in facts)
    if conflict.slot is not None:
        view["slot"] = conflict.slot.isoformat()
    if conflict.start is not None and conflict.end is not None:
        view["start"], view["end"] = conflict.start.isoformat(), conflict.end.isoformat()
    return view


def check_view(verdict: Verdict, locale: str) -> dict[str, Any]:
    """A preferred slot judged now: free, or every reason it is not, in `locale`."""
    return {
        "start": verdict.start,
        "end": verdict.end,
        "available": verdict.free,
        "conflicts": [conflict_view(c, locale) for c in verdict.conflicts],
        "staff_ids": verdict.staff_ids,
    }


class FreeSlotSchema(Schema):
    start = fields.AwareDateTime(required=True)
    end = fields.AwareDateTime(required=True)
    staff_ids = fields.List(fields.Integer(), required=True)


class FreeSlotListSchema(Schema):
    items = fields.List(fields.Nested(FreeSlotSchema), required=True)


class BookingConflictProblemSchema(ProblemSchema):
    conflicts = fields.List(fields.Nested(ConflictSchema), required=True)
    suggestions = fields.List(
        fields.Nested(FreeSlotSchema),
        metadata={"description": "On a new request whose preferred times all fail"},
    )


class PreferredSlotSchema(Schema):
    start = fields.String(required=True)
    end = fields.AwareDateTime()
    available = fields.Boolean(metadata={"description": "Only in the answer to the request"})
    conflicts = fields.List(fields.Nested(ConflictSchema))


class HistorySchema(Schema):
    action = fields.String(required=True)
    actor_id = fields.Integer(allow_none=True)
    at = fields.AwareDateTime(required=True)
    detail = fields.Dict()


class FeedbackSchema(Schema):
    rating = fields.Integer(required=True)
    pupils_reached = fields.Integer(allow_none=True)
    comment = fields.String()
    created_at = fields.AwareDateTime()


class BookingSchema(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    offering_id = fields.Integer(required=True)
    offering_title = fields.String()
    kind = fields.String()
    school_id = fields.Integer(required=True)
    school_name = fields.String()
    preferred_slots = fields.List(fields.Nested(PreferredSlotSchema))
    grade = fields.Integer()
    participants = fields.Integer()
    notes = fields.String()
    show_publicly = fields.Boolean()
    start = fields.AwareDateTime(allow_none=True)
    end = fields.AwareDateTime(allow_none=True)
    staff_ids = fields.List(fields.Integer())
    decline_reason = fields.String(allow_none=True)
    cancel_reason = fields.String(allow_none=True)
    sequence = fields.Integer(metadata={"description": "iCalendar SEQUENCE"})
    calendar_uid = fields.String()
    history = fields.List(fields.Nested(HistorySchema))
    feedback = fields.Nested(FeedbackSchema, allow_none=True)
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()


class BookingListSchema(Schema):
    items = fields.List(fields.Nested(BookingSchema), required=True)


class BookingQuerySchema(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    school_id = fields.Integer(load_default=None, metadata={"description": "Staff"})


class ConfirmSchema(Schema):
    start = fields.AwareDateTime(required=True)
    staff_ids = fields.List(
        fields.Integer(),
        load_default=None,
        validate=validate.Length(min=1, max=3),
        metadata={"description": "Omit to let the service pick the least-loaded free staff"},
    )


class DeclineSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class CancelSchema(Schema):
    reason = fields.String(load_default="", validate=validate.Length(max=2000))


class FeedbackCreateSchema(Schema):
    rating = fields.Integer(required=True, validate=validate.Range(min=1, max=5))
    pupils_reached = fields.Integer(load_default=None, validate=validate.Range(min=0, max=10_000))
    comment = fields.String(load_default="", validate=validate.Length(max=5000))


class AvailabilityQuerySchema(Schema):
    from_ = fields.AwareDateTime(
        load_default=None, data_key="from", metadata={"description": "Default: now"}
    )
    to = fields.AwareDateTime(
        load_default=None, metadata={"description": "Default: from + 4 weeks"}
    )
    school_id = fields.Integer(load_default=None, metadata={"description": "Staff: whose travel"})
    grade = fields.Integer(load_default=None, validate=validate.Range(min=0, max=13))
    participants = fields.Integer(load_default=None, validate=validate.Range(min=1, max=10_000))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


def booking_view(found: BookingDetails, locale: str) -> dict[str, Any]:
    """A booking as BookingSchema shows it, its offering's title in `locale`."""
    booking, feedback = found.booking, found.feedback
    return {
        "id": booking.id,
        "status": booking.status,
        "offering_id": booking.offering_id,
        "offering_title": localised(found.offering.title, locale),
        "kind": found.offering.kind,
        "school_id": booking.school_id,
        "school_name": found.school.name,
        "preferred_slots": [check_view(v, locale) for v in found.checks]
        if found.checks
        else [{"start": s} for s in booking.preferred_slots],
        "grade": booking.grade,
        "participants": booking.participants,
        "notes": booking.notes,
        "show_publicly": booking.show_publicly,
        "start": booking.starts_at,
        "end": booking.ends_at,
        "staff_ids": booking.staff_ids or [],
        "decline_reason": booking.decline_reason,
        "cancel_reason": booking.cancel_reason,
        "sequence": booking.sequence,
        "calendar_uid": calendars.uid(booking),
        "history": [
            {"action": e.action, "actor_id": e.actor_id, "at": e.at, "detail": e.detail}
            for e in found.history
        ],
        "feedback": (
            {
                "rating": feedback.rating,
                "pupils_reached": feedback.pupils_reached,
                "comment": feedback.comment,
                "created_at": feedback.created_at,
            }
            if feedback
            else None
        ),
        "created_at": booking.created_at,
        "updated_at": booking.updated_at,
    }
