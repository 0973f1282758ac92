"""Schemas for theme weeks."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from netpolarna.bookings.models import ThemeWeek
from netpolarna.bookings.offerings import localised
from netpolarna.bookings.service import BookedWeek
from netpolarna.tips.service import TOPICS


class ThemeWeekCreateSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    theme = fields.String(allow_none=True, validate=validate.OneOf(TOPICS))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    published = fields.Boolean(load_default=False)

    @validates_schema
    def ends_after_start(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if "starts_on" in data and "ends_on" in data and data["ends_on"] < data["starts_on"]:
            raise ValidationError("Must not be before starts_on.", "ends_on")


class ThemeWeekSchema(Schema):
    id = fields.Integer(required=True)
    source = fields.String(
        dump_default="announced",
        metadata={"description": "announced by staff, or a booking the school agreed to show"},
    )
    title = fields.String(required=True)
    description = fields.String(required=True)
    theme = fields.String(allow_none=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    published = fields.Boolean(required=True)


class ThemeWeekListSchema(Schema):
    items = fields.List(fields.Nested(ThemeWeekSchema), required=True)


def public_week_view(week: ThemeWeek | BookedWeek, locale: str) -> dict[str, Any]:
    """`ThemeWeekSchema`: an announced week as staff wrote it; a booked one as its offering's
    title and description in `locale`, with no school and no contact."""
    if isinstance(week, BookedWeek):
        return {
            "id": week.booking.id,
            "source": "booking",
            "title": localised(week.offering.title, locale),
            "description": localised(week.offering.description or {}, locale),
            "theme": None,
            "starts_on": week.starts_on,
            "ends_on": week.ends_on,
            "published": True,
        }
    return {
        "id": week.id,
        "source": "announced",
        "title": week.title,
        "description": week.description,
        "theme": week.theme,
        "starts_on": week.starts_on,
        "ends_on": week.ends_on,
        "published": week.published,
    }
