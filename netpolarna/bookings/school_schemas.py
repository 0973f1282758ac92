"""Schemas for schools, staff availability, absences, school holidays and offerings."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from netpolarna.accounts.models import User
from netpolarna.bookings import slots
from netpolarna.bookings.models import HOLIDAY_KINDS, KINDS, Offering, StaffProfile
from netpolarna.bookings.offerings import localised
from netpolarna.bookings.staff import DEFAULT_CAP
from netpolarna.bookings.week import StaffWeek
from netpolarna.common.i18n import SUPPORTED_LOCALES

GRADES = fields.List(
    fields.Integer(validate=validate.Range(min=0, max=13)), validate=validate.Length(max=14)
)
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class SchoolCreateSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    municipality = fields.String(load_default="", validate=validate.Length(max=120))
    address = fields.String(load_default="", validate=validate.Length(max=300))
    grades = GRADES
    travel_minutes = fields.Integer(load_default=0, validate=validate.Range(min=0, max=240))


class SchoolUpdateSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    municipality = fields.String(validate=validate.Length(max=120))
    address = fields.String(validate=validate.Length(max=300))
    grades = GRADES
    travel_minutes = fields.Integer(validate=validate.Range(min=0, max=240))


class SchoolSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    municipality = fields.String()
    address = fields.String()
    grades = fields.List(fields.Integer())
    travel_minutes = fields.Integer()


class SchoolListSchema(Schema):
    items = fields.List(fields.Nested(SchoolSchema), required=True)


class ContactCreateSchema(Schema):
    email = fields.Email(required=True)
    password = fields.String(required=True, validate=validate.Length(min=12, max=200))
    display_name = fields.String(load_default=None, validate=validate.Length(max=120))
    locale = fields.String(load_default=None, validate=validate.OneOf(SUPPORTED_LOCALES))


class ContactSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String()
    display_name = fields.String(allow_none=True)
    locale = fields.String()


class ContactListSchema(Schema):
    items = fields.List(fields.Nested(ContactSchema), required=True)


class FeedSchema(Schema):
    url = fields.String(required=True, metadata={"description": "Secret iCalendar feed URL"})


class StaffAvailabilitySchema(Schema):
    weekly_hours = fields.Dict(
        keys=fields.String(validate=validate.OneOf([str(d) for d in range(7)])),
        values=fields.List(fields.String(), validate=validate.Length(equal=2)),
        metadata={"description": 'Local hours by weekday (0 = Monday): {"0": ["08:00", "16:00"]}'},
    )
    max_school_days_per_week = fields.Integer(validate=validate.Range(min=0, max=7))

    @validates("weekly_hours")
    def hours_are_times(self, value: dict[str, list[str]], **_kwargs: Any) -> None:
        for span in value.values():
            if not all(_HHMM.match(part) for part in span) or span[0] >= span[1]:
                raise ValidationError("Each day is [start, end] as HH:MM, start before end.")


class StaffSchema(Schema):
    id = fields.Integer(required=True)
    display_name = fields.String(allow_none=True)
    weekly_hours = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    max_school_days_per_week = fields.Integer()


class StaffListSchema(Schema):
    items = fields.List(fields.Nested(StaffSchema), required=True)


class AbsenceCreateSchema(Schema):
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    reason = fields.String(load_default="", validate=validate.Length(max=200))


class AbsenceSchema(Schema):
    id = fields.Integer(required=True)
    staff_id = fields.Integer()
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    reason = fields.String()


class AbsenceListSchema(Schema):
    items = fields.List(fields.Nested(AbsenceSchema), required=True)


class SchoolHolidayCreateSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    kind = fields.String(required=True, validate=validate.OneOf(HOLIDAY_KINDS))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)

    @validates_schema
    def ends_after_start(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if "starts_on" in data and "ends_on" in data and data["ends_on"] < data["starts_on"]:
            raise ValidationError("Must not be before starts_on.", "ends_on")


class SchoolHolidayUpdateSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=120))
    kind = fields.String(validate=validate.OneOf(HOLIDAY_KINDS))
    starts_on = fields.Date()
    ends_on = fields.Date()


class SchoolHolidaySchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String()
    kind = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()


class SchoolHolidayListSchema(Schema):
    items = fields.List(fields.Nested(SchoolHolidaySchema), required=True)


TEXTS = fields.Dict(
    keys=fields.String(validate=validate.OneOf(SUPPORTED_LOCALES)),
    values=fields.String(validate=validate.Length(max=5000)),
)


class OfferingCreateSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    title = fields.Dict(
        required=True,
        keys=fields.String(validate=validate.OneOf(SUPPORTED_LOCALES)),
        values=fields.String(validate=validate.Length(min=1, max=200)),
        validate=validate.Length(min=1),
        metadata={"description": "By locale (sv, da, nb, en); falls back like the tips"},
    )
    description = TEXTS
    session_minutes = fields.Integer(required=True, validate=validate.Range(min=15, max=600))
    days = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10))
    staff_needed = fields.Integer(load_default=1, validate=validate.Range(min=1, max=3))
    grades = GRADES
    max_participants = fields.Integer(required=True, validate=validate.Range(min=1, max=2000))
    languages = fields.List(fields.String(validate=validate.OneOf(SUPPORTED_LOCALES)))
    min_notice_days = fields.Integer(load_default=14, validate=validate.Range(min=0, max=365))
    published = fields.Boolean(load_default=False)


class OfferingUpdateSchema(Schema):
    title = fields.Dict(
        keys=fields.String(validate=validate.OneOf(SUPPORTED_LOCALES)),
        values=fields.String(validate=validate.Length(min=1, max=200)),
        validate=validate.Length(min=1),
    )
    description = TEXTS
    session_minutes = fields.Integer(validate=validate.Range(min=15, max=600))
    days = fields.Integer(validate=validate.Range(min=1, max=10))
    staff_needed = fields.Integer(validate=validate.Range(min=1, max=3))
    grades = GRADES
    max_participants = fields.Integer(validate=validate.Range(min=1, max=2000))
    languages = fields.List(fields.String(validate=validate.OneOf(SUPPORTED_LOCALES)))
    min_notice_days = fields.Integer(validate=validate.Range(min=0, max=365))
    published = fields.Boolean()


class OfferingSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True, metadata={"description": "In the request's language"})
    description = fields.String()
    titles = fields.Dict(keys=fields.String(), values=fields.String())
    descriptions = fields.Dict(keys=fields.String(), values=fields.String())
    session_minutes = fields.Integer()
    days = fields.Integer()
    staff_needed = fields.Integer()
    grades = fields.List(fields.Integer())
    max_participants = fields.Integer()
    languages = fields.List(fields.String())
    min_notice_days = fields.Integer()
    published = fields.Boolean()


class OfferingListSchema(Schema):
    items = fields.List(fields.Nested(OfferingSchema), required=True)


class OfferingQuerySchema(Schema):
    include_unpublished = fields.Boolean(load_default=False, metadata={"description": "Staff"})


def offering_view(offering: Offering, locale: str) -> dict[str, Any]:
    """An offering as OfferingSchema shows it: its texts in `locale`, and all of them."""
    return {
        "id": offering.id,
        "kind": offering.kind,
        "title": localised(offering.title, locale),
        "description": localised(offering.description or {}, locale),
        "titles": offering.title,
        "descriptions": offering.description or {},
        "session_minutes": offering.session_minutes,
        "days": offering.days,
        "staff_needed": offering.staff_needed,
        "grades": offering.grades,
        "max_participants": offering.max_participants,
        "languages": offering.languages,
        "min_notice_days": offering.min_notice_days,
        "published": offering.published,
    }


def staff_view(user: User, found: StaffProfile | None) -> dict[str, Any]:
    """A staff member as StaffSchema shows it; the defaults until a profile is made."""
    return {
        "id": user.id,
        "display_name": user.display_name,
        "weekly_hours": found.weekly_hours if found else slots.DEFAULT_HOURS,
        "max_school_days_per_week": found.max_school_days_per_week if found else DEFAULT_CAP,
    }


def _local_time(moment: datetime) -> str:
    return moment.astimezone(slots.local_zone()).strftime("%H:%M")


def staff_week_view(week: StaffWeek, locale: str) -> dict[str, Any]:
    """The staff console's week grid: per staff member and weekday, sessions (local times,
    offering title in `locale`, school) and absences (their reason)."""
    monday = week.monday
    return {
        "monday": monday,
        "days": week.days,
        "previous": monday - timedelta(weeks=1),
        "next": monday + timedelta(weeks=1),
        "week": monday.isocalendar()[1],
        "staff": [
            {
                **staff_view(person.user, person.profile),
                "days": [
                    {
                        "sessions": [
                            {
                                "booking_id": s.booking.id,
                                "from": _local_time(s.assignment.session_starts_at),
                                "to": _local_time(s.assignment.session_ends_at),
                                "title": localised(s.offering.title, locale),
                                "school": s.school.name,
                            }
                            for s in day.sessions
                        ],
                        "absences": [{"reason": a.reason} for a in day.absences],
                    }
                    for day in person.days
                ],
            }
            for person in week.staff
        ],
    }
