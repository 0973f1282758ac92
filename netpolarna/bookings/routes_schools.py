"""Thin views: schools and contacts, staff availability and absences, school holidays."""

from __future__ import annotations

from typing import Any

from flask_jwt_extended import current_user

from netpolarna.accounts.roles import LOGIN_ROLES, STAFF, Role
from netpolarna.bookings import calendars, holidays_blp, schools, schools_blp, staff, staff_blp
from netpolarna.bookings.school_schemas import (
    AbsenceCreateSchema,
    AbsenceListSchema,
    AbsenceSchema,
    ContactCreateSchema,
    ContactListSchema,
    ContactSchema,
    FeedSchema,
    SchoolCreateSchema,
    SchoolHolidayCreateSchema,
    SchoolHolidayListSchema,
    SchoolHolidaySchema,
    SchoolHolidayUpdateSchema,
    SchoolListSchema,
    SchoolSchema,
    SchoolUpdateSchema,
    StaffAvailabilitySchema,
    StaffListSchema,
    StaffSchema,
    staff_view,
)

SCHOOL_READERS = (*STAFF, Role.SCHOOL)


@schools_blp.route("", methods=["GET"])
@schools_blp.roles(*SCHOOL_READERS)
@schools_blp.response(200, SchoolListSchema)
def list_schools() -> Any:
    """Staff: every school. A school contact: its own."""
    return {"items": schools.list_schools(current_user)}


@schools_blp.route("", methods=["POST"])
@schools_blp.roles(*STAFF)
@schools_blp.arguments(SchoolCreateSchema)
@schools_blp.response(201, SchoolSchema)
def create_school(data: dict[str, Any]) -> Any:
    """Add a school (staff)."""
    return schools.create_school(**data)


@schools_blp.route("/<int:school_id>", methods=["GET"])
@schools_blp.roles(*SCHOOL_READERS)
@schools_blp.response(200, SchoolSchema)
@schools_blp.errors(404)
def get_school(school_id: int) -> Any:
    return schools.get_school(current_user, school_id)


@schools_blp.route("/<int:school_id>", methods=["PATCH"])
@schools_blp.roles(*STAFF)
@schools_blp.arguments(SchoolUpdateSchema)
@schools_blp.response(200, SchoolSchema)
@schools_blp.errors(404)
def update_school(data: dict[str, Any], school_id: int) -> Any:
    return schools.update_school(current_user, school_id, **data)


@schools_blp.route("/<int:school_id>/contacts", methods=["GET"])
@schools_blp.roles(*SCHOOL_READERS)
@schools_blp.response(200, ContactListSchema)
@schools_blp.errors(404)
def list_contacts(school_id: int) -> Any:
    return {"items": schools.contacts(current_user, school_id)}


@schools_blp.route("/<int:school_id>/contacts", methods=["POST"])
@schools_blp.roles(*STAFF)
@schools_blp.arguments(ContactCreateSchema)
@schools_blp.response(201, ContactSchema)
@schools_blp.errors(404, 409)
def add_contact(data: dict[str, Any], school_id: int) -> Any:
    """Create a `school` account for this school (staff)."""
    return schools.add_contact(current_user, school_id, **data)


@schools_blp.route("/<int:school_id>/calendar", methods=["GET"])
@schools_blp.roles(*SCHOOL_READERS)
@schools_blp.response(200, FeedSchema)
@schools_blp.errors(404)
def school_feed(school_id: int) -> Any:
    """The school's secret iCalendar feed URL."""
    return {"url": calendars.feed_url(schools.get_school(current_user, school_id).feed_token)}


@schools_blp.route("/<int:school_id>/calendar", methods=["POST"])
@schools_blp.roles(*SCHOOL_READERS)
@schools_blp.response(200, FeedSchema)
@schools_blp.errors(404)
def rotate_school_feed(school_id: int) -> Any:
    """A new secret feed URL; the old one answers 404 from now on."""
    return {
        "url": calendars.feed_url(schools.rotate_school_feed(current_user, school_id).feed_token)
    }


@staff_blp.route("", methods=["GET"])
@staff_blp.roles(*STAFF)
@staff_blp.response(200, StaffListSchema)
def list_staff() -> Any:
    return {"items": [staff_view(user, found) for user, found in staff.list_staff()]}


@staff_blp.route("/<int:staff_id>", methods=["GET"])
@staff_blp.roles(*STAFF)
@staff_blp.response(200, StaffSchema)
@staff_blp.errors(404)
def get_staff(staff_id: int) -> Any:
    return staff_view(*staff.get_staff(staff_id))


@staff_blp.route("/<int:staff_id>/availability", methods=["PUT"])
@staff_blp.roles(*STAFF)
@staff_blp.arguments(StaffAvailabilitySchema)
@staff_blp.response(200, StaffSchema)
@staff_blp.errors(404)
def update_availability(data: dict[str, Any], staff_id: int) -> Any:
    """Working hours and the weekly cap of school days (the staff member or an admin)."""
    return staff_view(*staff.update_availability(current_user, staff_id, **data))


@staff_blp.route("/<int:staff_id>/absences", methods=["GET"])
@staff_blp.roles(*STAFF)
@staff_blp.response(200, AbsenceListSchema)
@staff_blp.errors(404)
def list_absences(staff_id: int) -> Any:
    return {"items": staff.absences(staff_id)}


@staff_blp.route("/<int:staff_id>/absences", methods=["POST"])
@staff_blp.roles(*STAFF)
@staff_blp.arguments(AbsenceCreateSchema)
@staff_blp.response(201, AbsenceSchema)
@staff_blp.errors(404)
def add_absence(data: dict[str, Any], staff_id: int) -> Any:
    return staff.add_absence(current_user, staff_id, **data)


@staff_blp.route("/<int:staff_id>/absences/<int:absence_id>", methods=["DELETE"])
@staff_blp.roles(*STAFF)
@staff_blp.response(204)
@staff_blp.errors(404)
def delete_absence(staff_id: int, absence_id: int) -> Any:
    staff.delete_absence(current_user, staff_id, absence_id)


@staff_blp.route("/<int:staff_id>/calendar", methods=["GET"])
@staff_blp.roles(*STAFF)
@staff_blp.response(200, FeedSchema)
@staff_blp.errors(404)
def staff_feed(staff_id: int) -> Any:
    """The staff member's secret iCalendar feed URL (the staff member or an admin)."""
    return {"url": calendars.feed_url(staff.feed_token(current_user, staff_id).feed_token)}


@staff_blp.route("/<int:staff_id>/calendar", methods=["POST"])
@staff_blp.roles(*STAFF)
@staff_blp.response(200, FeedSchema)
@staff_blp.errors(404)
def rotate_staff_feed(staff_id: int) -> Any:
    """A new secret feed URL; the old one answers 404 from now on."""
    return {"url": calendars.feed_url(staff.rotate_feed(current_user, staff_id).feed_token)}


@holidays_blp.route("", methods=["GET"])
@holidays_blp.roles(*LOGIN_ROLES)
@holidays_blp.response(200, SchoolHolidayListSchema)
def list_school_holidays() -> Any:
    return {"items": staff.school_holidays()}


@holidays_blp.route("", methods=["POST"])
@holidays_blp.roles(Role.ADMIN)
@holidays_blp.arguments(SchoolHolidayCreateSchema)
@holidays_blp.response(201, SchoolHolidaySchema)
def add_school_holiday(data: dict[str, Any]) -> Any:
    """Add a school holiday (sportlov, påsklov, höstlov, jullov, sommarlov) (admin)."""
    return staff.add_school_holiday(**data)


@holidays_blp.route("/<int:holiday_id>", methods=["PATCH"])
@holidays_blp.roles(Role.ADMIN)
@holidays_blp.arguments(SchoolHolidayUpdateSchema)
@holidays_blp.response(200, SchoolHolidaySchema)
@holidays_blp.errors(404)
def update_school_holiday(data: dict[str, Any], holiday_id: int) -> Any:
    return staff.update_school_holiday(holiday_id, **data)


@holidays_blp.route("/<int:holiday_id>", methods=["DELETE"])
@holidays_blp.roles(Role.ADMIN)
@holidays_blp.response(204)
@holidays_blp.errors(404)
def delete_school_holiday(holiday_id: int) -> Any:
    staff.delete_school_holiday(holiday_id)
