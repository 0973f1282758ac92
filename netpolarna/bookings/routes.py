"""Thin views for theme weeks."""

from __future__ import annotations

from typing import Any

from flask_jwt_extended import current_user

from netpolarna.accounts.roles import STAFF
from netpolarna.bookings import service, theme_weeks_blp
from netpolarna.bookings.schemas import (
    ThemeWeekCreateSchema,
    ThemeWeekListSchema,
    ThemeWeekSchema,
    public_week_view,
)
from netpolarna.common.i18n import request_locale
from netpolarna.common.idempotency import idempotent


@theme_weeks_blp.route("", methods=["GET"])
@theme_weeks_blp.public
@theme_weeks_blp.response(200, ThemeWeekListSchema)
def list_theme_weeks() -> Any:
    """Published theme weeks that are running or coming up, soonest first: those staff
    announce and confirmed theme-week bookings whose school agreed to show them."""
    locale = request_locale(default="sv")
    weeks = service.public_theme_weeks(service.local_today())
    return {"items": [public_week_view(week, locale) for week in weeks]}


@theme_weeks_blp.route("", methods=["POST"])
@theme_weeks_blp.roles(*STAFF)
@idempotent(theme_weeks_blp)
@theme_weeks_blp.arguments(ThemeWeekCreateSchema)
@theme_weeks_blp.response(201, ThemeWeekSchema)
def create_theme_week(data: dict[str, Any]) -> Any:
    """Announce a theme week (staff)."""
    return service.create_theme_week(current_user, **data)
