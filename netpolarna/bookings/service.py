"""Theme-week rules: only published weeks that have not ended are shown to the public."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from netpolarna.accounts.models import User
from netpolarna.audit import service as audit
from netpolarna.bookings.models import ThemeWeek
from netpolarna.db import utcnow
from netpolarna.extensions import db


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


def create_theme_week(actor: User | None, **fields: object) -> ThemeWeek:
    week = ThemeWeek(**fields, created_by_id=actor.id if actor else None)
    db.session.add(week)
    db.session.flush()
    if actor is not None:
        audit.record(
            actor_id=actor.id,
            actor_role=actor.role,
            action="theme_week.create",
            subject_type="theme_week",
            subject_id=week.id,
        )
    db.session.commit()
    return week
