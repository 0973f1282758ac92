"""Theme weeks, and the bookings of theme weeks, workshops and lectures by schools."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from netpolarna.bookings import mail
from netpolarna.bookings.errors import BookingConflict
from netpolarna.common.api import ApiBlueprint
from netpolarna.common.settings import Setting, apply

theme_weeks_blp = ApiBlueprint(
    "theme_weeks",
    __name__,
    url_prefix="/api/v1/theme-weeks",
    description="Theme weeks young people and schools can look forward to",
)
schools_blp = ApiBlueprint(
    "schools", __name__, url_prefix="/api/v1/schools", description="Schools and their contacts"
)
offerings_blp = ApiBlueprint(
    "offerings",
    __name__,
    url_prefix="/api/v1/offerings",
    description="Theme weeks, workshops, lectures and parents' evenings schools can book",
)
bookings_blp = ApiBlueprint(
    "bookings",
    __name__,
    url_prefix="/api/v1/bookings",
    description="Booking requests, confirmations, conflicts, suggestions and feedback",
)
staff_blp = ApiBlueprint(
    "staff",
    __name__,
    url_prefix="/api/v1/staff",
    description="Staff working hours, weekly caps and absences",
)
holidays_blp = ApiBlueprint(
    "school_holidays",
    __name__,
    url_prefix="/api/v1/school-holidays",
    description="School holidays no visit is booked in",
)
calendars_blp = ApiBlueprint(
    "calendars",
    __name__,
    url_prefix="/api/v1/calendars",
    description="Secret iCalendar feeds of staff and schools",
)

# Settings this package reads, by config key; the variables keep their README names.
SETTINGS = [
    Setting("BOOKINGS_HOLIDAY_COUNTRY", "SE", "NETPOLARNA_HOLIDAY_COUNTRY"),
    Setting("BOOKINGS_SMTP_URL", "", "NETPOLARNA_SMTP_URL"),
    Setting("BOOKINGS_SMTP_TIMEOUT", 10, "NETPOLARNA_SMTP_TIMEOUT"),
    Setting("BOOKINGS_MAIL_FROM", "bokning@natpolarna.se", "NETPOLARNA_MAIL_FROM"),
    # thread: send after each commit in a background thread; inline: in the request; off:
    # only the periodic job sends.
    Setting("BOOKINGS_MAIL_AFTER_COMMIT", "thread", "NETPOLARNA_MAIL_AFTER_COMMIT"),
    Setting("BOOKINGS_DELIVERED_INTERVAL_MINUTES", 30, "NETPOLARNA_BOOKINGS_DELIVERED_INTERVAL"),
    Setting("BOOKINGS_OUTBOX_INTERVAL_MINUTES", 2, "NETPOLARNA_BOOKINGS_OUTBOX_INTERVAL"),
]
# Tests see what was sent when the request returns.
_TESTING_DEFAULTS = {"BOOKINGS_MAIL_AFTER_COMMIT": "inline"}


def init_app(app: Flask) -> None:
    apply(app, SETTINGS, defaults=_TESTING_DEFAULTS if app.testing else None)
    # Conflicts leave the services as facts; this handler words them per request.
    app.register_error_handler(BookingConflict, routes_bookings.booking_conflict_problem)
    if not event.contains(Session, "after_commit", mail.after_commit):
        event.listen(Session, "after_commit", mail.after_commit)
        event.listen(Session, "after_rollback", mail.after_rollback)


from netpolarna.bookings import (  # noqa: E402,F401  (views, texts, jobs, demo loader)
    demo,
    demo_bookings,
    jobs,
    routes,
    routes_bookings,
    routes_schools,
    texts,
)

blueprints = [
    theme_weeks_blp,
    schools_blp,
    offerings_blp,
    bookings_blp,
    staff_blp,
    holidays_blp,
    calendars_blp,
]
