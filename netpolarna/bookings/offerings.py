"""Offerings: what schools can book, with texts in sv, da, nb and en."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from netpolarna.accounts.models import User
from netpolarna.bookings.models import Offering
from netpolarna.bookings.schools import is_staff
from netpolarna.db import db
from netpolarna.errors import NotFound

# The order texts fall back in, like the tips: the asked locale, then Swedish, then English.
FALLBACK = ("sv", "en", "nb", "da")


def localised(texts: dict[str, str], locale: str) -> str:
    for candidate in (locale, *FALLBACK):
        if texts.get(candidate):
            return texts[candidate]
    return next(iter(texts.values()), "")


def visible(actor: User | None, offering_id: int) -> Offering:
    """A published offering, or any for staff; unknown ones are 404."""
    offering = db.session.get(Offering, offering_id)
    if offering is None or not (offering.published or (actor is not None and is_staff(actor))):
        raise NotFound(code="offering_not_found", detail="No such offering.")
    return offering


def list_offerings(actor: User | None, *, include_unpublished: bool) -> list[Offering]:
    query = select(Offering).order_by(Offering.kind, Offering.id)
    if not (include_unpublished and actor is not None and is_staff(actor)):
        query = query.where(Offering.published.is_(True))
    return list(db.session.scalars(query))


def create_offering(**fields: Any) -> Offering:
    offering = Offering(**fields)
    db.session.add(offering)
    db.session.commit()
    return offering


def update_offering(actor: User, offering_id: int, **fields: Any) -> Offering:
    offering = visible(actor, offering_id)
    for name, value in fields.items():
        setattr(offering, name, value)
    db.session.commit()
    return offering
