"""Staff availability: working hours, the weekly cap of school days, absences, feed tokens;
and the school holidays an admin keeps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from netpolarna.accounts.models import User
from netpolarna.accounts.roles import Role
from netpolarna.bookings import slots
from netpolarna.bookings.models import SchoolHoliday, StaffAbsence, StaffProfile
from netpolarna.bookings.schools import new_feed_token
from netpolarna.db import db
from netpolarna.errors import Forbidden, NotFound, ValidationFailed

DEFAULT_CAP = 2


def _staff_user(staff_id: int) -> User:
    user = db.session.get(User, staff_id)
    if user is None or user.role != Role.NETWALKER:
        raise NotFound(code="staff_not_found", detail="No such staff member.")
    return user


def _may_edit(actor: User, staff_id: int) -> None:
    if actor.role != Role.ADMIN and actor.id != staff_id:
        raise Forbidden(detail="Only the staff member or an admin may change this.")


def profile(staff_id: int) -> StaffProfile:
    """The staff member's profile, made with the defaults on first use."""
    _staff_user(staff_id)
    found = db.session.get(StaffProfile, staff_id)
    if found is None:
        found = StaffProfile(
            user_id=staff_id,
            weekly_hours=dict(slots.DEFAULT_HOURS),
            max_school_days_per_week=DEFAULT_CAP,
            feed_token=new_feed_token(),
        )
        db.session.add(found)
        db.session.flush()
    return found


def list_staff() -> list[tuple[User, StaffProfile | None]]:
    """Active net-walkers with their profile, if they have made one yet."""
    rows = db.session.execute(
        select(User, StaffProfile)
        .outerjoin(StaffProfile, StaffProfile.user_id == User.id)
        .where(User.role == Role.NETWALKER, User.is_active.is_(True))
        .order_by(User.id)
    ).tuples()
    return list(rows)


def get_staff(staff_id: int) -> tuple[User, StaffProfile | None]:
    user = _staff_user(staff_id)
    return user, db.session.get(StaffProfile, staff_id)


def update_availability(
    actor: User, staff_id: int, **fields: Any
) -> tuple[User, StaffProfile | None]:
    _may_edit(actor, staff_id)
    found = profile(staff_id)
    for name, value in fields.items():
        setattr(found, name, value)
    db.session.commit()
    return get_staff(staff_id)


def rotate_feed(actor: User, staff_id: int) -> StaffProfile:
    _may_edit(actor, staff_id)
    found = profile(staff_id)
    found.feed_token = new_feed_token()
    db.session.commit()
    return found


def feed_token(actor: User, staff_id: int) -> StaffProfile:
    _may_edit(actor, staff_id)
    found = profile(staff_id)
    db.session.commit()
    return found


def absences(staff_id: int) -> list[StaffAbsence]:
    _staff_user(staff_id)
    return list(
        db.session.scalars(
            select(StaffAbsence)
            .where(StaffAbsence.staff_id == staff_id)
            .order_by(StaffAbsence.starts_at)
        )
    )


def add_absence(
    actor: User, staff_id: int, *, starts_at: datetime, ends_at: datetime, reason: str = ""
) -> StaffAbsence:
    _may_edit(actor, staff_id)
    _staff_user(staff_id)
    if ends_at <= starts_at:
        raise ValidationFailed(errors={"ends_at": ["Must be after starts_at."]})
    absence = StaffAbsence(staff_id=staff_id, starts_at=starts_at, ends_at=ends_at, reason=reason)
    db.session.add(absence)
    db.session.commit()
    return absence


def delete_absence(actor: User, staff_id: int, absence_id: int) -> None:
    _may_edit(actor, staff_id)
    absence = db.session.get(StaffAbsence, absence_id)
    if absence is None or absence.staff_id != staff_id:
        raise NotFound(code="absence_not_found")
    db.session.delete(absence)
    db.session.commit()


def school_holidays() -> list[SchoolHoliday]:
    return list(db.session.scalars(select(SchoolHoliday).order_by(SchoolHoliday.starts_on)))


def add_school_holiday(**fields: Any) -> SchoolHoliday:
    holiday = SchoolHoliday(**fields)
    db.session.add(holiday)
    db.session.commit()
    return holiday


def update_school_holiday(holiday_id: int, **fields: Any) -> SchoolHoliday:
    holiday = db.session.get(SchoolHoliday, holiday_id)
    if holiday is None:
        raise NotFound(code="school_holiday_not_found")
    for name, value in fields.items():
        setattr(holiday, name, value)
    if holiday.ends_on < holiday.starts_on:
        db.session.rollback()
        raise ValidationFailed(errors={"ends_on": ["Must not be before starts_on."]})
    db.session.commit()
    return holiday


def delete_school_holiday(holiday_id: int) -> None:
    holiday = db.session.get(SchoolHoliday, holiday_id)
    if holiday is None:
        raise NotFound(code="school_holiday_not_found")
    db.session.delete(holiday)
    db.session.commit()
