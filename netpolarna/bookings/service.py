"""Theme-week rules: only published weeks that have not ended are shown to the public."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from netpolarna.accounts.models import User
from netpolarna.audit import service as audit
from netpolarna.bookings import slots
from netpolarna.bookings.models import Booking, Offering, ThemeWeek
from netpolarna.bookings.offerings import localised
from netpolarna.db import commit, db, utcnow


def local_today() -> date:
    return utcnow().astimezone(ZoneInfo(current_app.config["TIMEZONE"])).date()


def upcoming_theme_weeks(today: date, *, limit: int = 50) -> list[ThemeWeek]:
    return list(
        db.session.scalars(
            select(ThemeWeek)
            .where(ThemeWeek.published.is_(True), ThemeWeek.ends_on >= today)
            .order_by(ThemeWeek.starts_on, ThemeWeek.id)
            .limit(limit)
        )
    )


def public_theme_weeks(today: date, locale: str, *, limit: int = 50) -> list[dict[str, Any]]:
    """Announced weeks beside confirmed theme-week bookings whose school agreed to show them
    (the offering and the dates only: no school, no contact)."""
    announced: list[dict[str, Any]] = [
        {
            "id": week.id,
            "source": "announced",
            "title": week.title,
            "description": week.description,
            "theme": week.theme,
            "starts_on": week.starts_on,
            "ends_on": week.ends_on,
            "published": week.published,
        }
        for week in upcoming_theme_weeks(today, limit=limit)
    ]
    rows = db.session.execute(
        select(Booking, Offering)
        .join(Offering, Offering.id == Booking.offering_id)
        .where(
            Offering.kind == "theme_week",
            Booking.status.in_(("confirmed", "delivered")),
            Booking.show_publicly.is_(True),
            Booking.ends_at.is_not(None),
        )
        .order_by(Booking.starts_at, Booking.id)
        .limit(limit * 4)
    ).tuples()
    booked: list[dict[str, Any]] = []
    for booking, offering in rows:
        assert booking.starts_at is not None and booking.ends_at is not None
        ends_on = slots.local_date(booking.ends_at)
        if ends_on < today:
            continue
        booked.append(
            {
                "id": booking.id,
                "source": "booking",
                "title": localised(offering.title, locale),
                "description": localised(offering.description or {}, locale),
                "theme": None,
                "starts_on": slots.local_date(booking.starts_at),
                "ends_on": ends_on,
                "published": True,
            }
        )
    merged = sorted(announced + booked, key=lambda w: (w["starts_on"], w["source"], w["id"]))
    return merged[:limit]


def create_theme_week(actor: User | None, **fields: object) -> ThemeWeek:
    week = ThemeWeek(**fields, created_by_id=actor.id if actor else None)
    db.session.add(week)
    db.session.flush()
    if actor is not None:
        audit.actor_did(actor, "theme_week.create", "theme_week", week.id)
    commit()
    return week
