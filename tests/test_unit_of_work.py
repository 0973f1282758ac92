"""A service owns its transaction; inside a unit of work its commit waits for the caller's."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from netpolarna.accounts import service as accounts
from netpolarna.accounts.models import User
from netpolarna.db import db, unit_of_work


def _count(email: str) -> int:
    return int(db.session.scalar(select(func.count()).where(User.email == email)) or 0)


def test_a_service_commits_its_own_writes(app: Flask) -> None:
    accounts.create_user(email="own@example.org", role="staff", password="a long password 1")
    db.session.rollback()
    assert _count("own@example.org") == 1


def test_inside_a_unit_of_work_the_callers_rollback_undoes_the_service(app: Flask) -> None:
    with unit_of_work():
        user = accounts.create_user(
            email="held@example.org", role="staff", password="a long password 1"
        )
    assert user.id is not None  # flushed: the caller can write what belongs to it
    db.session.rollback()
    assert _count("held@example.org") == 0
    with unit_of_work():
        accounts.create_user(email="held@example.org", role="staff", password="a long password 1")
    db.session.commit()
    db.session.rollback()
    assert _count("held@example.org") == 1
