"""A school contact is an account and its link to the school, written together or not at all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from netpolarna.accounts.models import User
from netpolarna.bookings import schools
from netpolarna.bookings.models import SchoolContact
from netpolarna.db import db

_REFUSE = {
    "sqlite": [
        "CREATE TRIGGER refuse_contact BEFORE INSERT ON school_contacts "
        "BEGIN SELECT RAISE(ABORT, 'link refused'); END"
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION refuse_contact() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN RAISE EXCEPTION 'link refused'; END $$",
        "CREATE TRIGGER refuse_contact BEFORE INSERT ON school_contacts "
        "FOR EACH ROW EXECUTE FUNCTION refuse_contact()",
    ],
}
_ALLOW = {
    "sqlite": ["DROP TRIGGER IF EXISTS refuse_contact"],
    "postgresql": ["DROP TRIGGER IF EXISTS refuse_contact ON school_contacts"],
}


@pytest.fixture
def links_refused(app: Any) -> Iterator[None]:
    """The database itself refuses to link a contact to a school (a real failure, no mock)."""
    dialect = db.engine.dialect.name
    with db.engine.begin() as connection:
        for statement in _REFUSE[dialect]:
            connection.execute(text(statement))
    try:
        yield
    finally:
        db.session.rollback()
        with db.engine.begin() as connection:
            for statement in _ALLOW[dialect]:
                connection.execute(text(statement))


def _accounts(email: str) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.email == email)) or 0


def test_a_contact_whose_link_fails_leaves_no_account(
    make_actor: Callable[..., Any], links_refused: None
) -> None:
    staff = make_actor("netwalker")
    school = schools.create_school(name="Bergskolan", municipality="Karlskoga", travel_minutes=10)
    with pytest.raises(DBAPIError):
        schools.add_contact(
            staff.user, school.id, email="rektor@bergskolan.example", password="a long passphrase"
        )
    db.session.rollback()
    assert _accounts("rektor@bergskolan.example") == 0
    assert db.session.scalar(select(func.count()).select_from(SchoolContact)) == 0


def test_a_contact_is_created_with_its_link(make_actor: Callable[..., Any]) -> None:
    staff = make_actor("netwalker")
    school = schools.create_school(name="Sjöskolan", municipality="Karlskoga", travel_minutes=10)
    user = schools.add_contact(
        staff.user, school.id, email="rektor@sjoskolan.example", password="a long passphrase"
    )
    assert _accounts("rektor@sjoskolan.example") == 1
    assert schools.school_id_of(user) == school.id
