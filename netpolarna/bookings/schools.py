"""Schools and their contact accounts; a contact sees only its own school."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select

from netpolarna.accounts import service as accounts
from netpolarna.accounts.models import User
from netpolarna.accounts.roles import STAFF, Role
from netpolarna.bookings.models import School, SchoolContact
from netpolarna.db import db, unit_of_work
from netpolarna.errors import Forbidden, NotFound


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


def is_staff(user: User) -> bool:
    return user.role in STAFF


def school_id_of(user: User) -> int | None:
    """The school a `school` account belongs to."""
    if user.role != Role.SCHOOL:
        return None
    return db.session.scalar(
        select(SchoolContact.school_id).where(SchoolContact.user_id == user.id)
    )


def get_school(actor: User, school_id: int) -> School:
    """The school, if the actor may see it (staff: any; a contact: its own)."""
    school = db.session.get(School, school_id)
    if school is None or not (is_staff(actor) or school_id_of(actor) == school_id):
        raise NotFound(code="school_not_found", detail="No such school.")
    return school


def list_schools(actor: User) -> list[School]:
    query = select(School).order_by(School.name, School.id)
    if not is_staff(actor):
        query = query.where(School.id == (school_id_of(actor) or -1))
    return list(db.session.scalars(query))


def create_school(**fields: Any) -> School:
    school = School(**fields, feed_token=new_feed_token())
    db.session.add(school)
    db.session.commit()
    return school


def update_school(actor: User, school_id: int, **fields: Any) -> School:
    school = get_school(actor, school_id)
    for name, value in fields.items():
        setattr(school, name, value)
    db.session.commit()
    return school


def rotate_school_feed(actor: User, school_id: int) -> School:
    school = get_school(actor, school_id)
    school.feed_token = new_feed_token()
    db.session.commit()
    return school


def contacts(actor: User, school_id: int) -> list[User]:
    get_school(actor, school_id)
    return list(
        db.session.scalars(
            select(User)
            .join(SchoolContact, SchoolContact.user_id == User.id)
            .where(SchoolContact.school_id == school_id)
            .order_by(User.id)
        )
    )


def add_contact(
    actor: User,
    school_id: int,
    *,
    email: str,
    password: str,
    display_name: str | None = None,
    locale: str | None = None,
) -> User:
    """A new `school` account bound to this school (staff and admin create them): the
    account, its audit row and the link commit together, so a failure leaves nothing."""
    if not is_staff(actor):
        raise Forbidden()
    school = get_school(actor, school_id)
    try:
        with unit_of_work():
            user = accounts.create_user(
                email=email,
                role=Role.SCHOOL,
                password=password,
                display_name=display_name,
                organisation=school.name,
                locale=locale,
                actor=actor,
            )
        db.session.add(SchoolContact(user_id=user.id, school_id=school.id))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return user


def link_contact(user: User, school: School) -> None:
    """Bind an existing `school` account (demo data, CLI) to a school."""
    if db.session.get(SchoolContact, user.id) is None:
        db.session.add(SchoolContact(user_id=user.id, school_id=school.id))


def contact_emails(school_id: int) -> list[tuple[str, str]]:
    """(e-mail, locale) of the school's active contacts."""
    rows = db.session.execute(
        select(User.email, User.locale)
        .join(SchoolContact, SchoolContact.user_id == User.id)
        .where(SchoolContact.school_id == school_id, User.is_active.is_(True))
    ).tuples()
    return [(email, locale or "sv") for email, locale in rows if email]
