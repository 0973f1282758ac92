"""Deliveries come from bookings: delivered ones count by their offering's kind, with pupils
reached and ratings from the school's feedback (withheld under k), beside the theme weeks staff
announce; the report and the open-data package show them."""

from __future__ import annotations

import csv
import secrets
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask import Flask

from netpolarna.analytics import activity
from netpolarna.analytics.month_view import month_view
from netpolarna.analytics.opendata import write_package
from netpolarna.analytics.periods import parse_month
from netpolarna.analytics.report_sections import build_sections
from netpolarna.bookings.models import Booking, Feedback, Offering, School, ThemeWeek
from netpolarna.db import db

TODAY = date(2026, 12, 15)
OCTOBER, NOVEMBER = parse_month("2026-10"), parse_month("2026-11")


def _offering(kind: str) -> Offering:
    offering = Offering(
        kind=kind, title={"sv": kind}, session_minutes=60, max_participants=30, published=True
    )
    db.session.add(offering)
    return offering


def _booking(
    school: School,
    offering: Offering,
    ends: datetime,
    status: str = "delivered",
    rating: int | None = None,
    pupils: int | None = None,
) -> None:
    booking = Booking(
        offering_id=offering.id,
        school_id=school.id,
        status=status,
        preferred_slots=[],
        grade=8,
        participants=25,
        starts_at=ends - timedelta(hours=1),
        ends_at=ends,
        delivered_at=ends if status == "delivered" else None,
    )
    db.session.add(booking)
    db.session.flush()
    if rating is not None:
        db.session.add(Feedback(booking_id=booking.id, rating=rating, pupils_reached=pupils))


def _seed() -> None:
    school = School(name="Bergaskolan", feed_token=secrets.token_hex(16))
    db.session.add(school)
    kinds = {k: _offering(k) for k in ("theme_week", "workshop", "lecture", "parents_evening")}
    db.session.flush()

    def at(day: int, month: int = 10) -> datetime:
        return datetime(2026, month, day, 11, tzinfo=UTC)

    # October: six delivered, five rated (enough to show pupils and the mean rating).
    _booking(school, kinds["theme_week"], at(9), rating=5, pupils=60)
    _booking(school, kinds["workshop"], at(13), rating=4, pupils=25)
    _booking(school, kinds["workshop"], at(20), rating=3, pupils=24)
    _booking(school, kinds["lecture"], at(22), rating=4, pupils=90)
    _booking(school, kinds["parents_evening"], at(28), rating=5, pupils=None)
    _booking(school, kinds["lecture"], at(30))  # no feedback yet
    # Not delivered, so not counted.
    _booking(school, kinds["workshop"], at(15), status="confirmed")
    _booking(school, kinds["workshop"], at(16), status="cancelled")
    # The last hour of October UTC counts in October; a minute later in November.
    _booking(school, kinds["workshop"], datetime(2026, 10, 31, 23, 59, tzinfo=UTC))
    # November: two rated, 3 pupils reported in all (both withheld).
    _booking(school, kinds["workshop"], at(4, 11), rating=2, pupils=3)
    _booking(school, kinds["lecture"], datetime(2026, 11, 1, 0, 0, tzinfo=UTC), rating=4)
    # A theme week staff announced themselves, and an unpublished one.
    for published in (True, False):
        db.session.add(
            ThemeWeek(
                title="Temavecka",
                starts_on=date(2026, 10, 19),
                ends_on=date(2026, 10, 23),
                published=published,
            )
        )
    db.session.commit()


def test_delivered_bookings_count_by_kind_with_feedback(app: Flask) -> None:
    _seed()
    october, november = activity.delivered([OCTOBER, NOVEMBER], TODAY)
    assert {
        k: october[k] for k in ("theme_weeks", "workshops", "lectures", "parents_evenings")
    } == {
        "theme_weeks": 2,  # one booked, one announced
        "workshops": 3,
        "lectures": 2,
        "parents_evenings": 1,
    }
    assert october["booked"] == 7
    assert october["pupils"] == 60 + 25 + 24 + 90
    assert october["ratings"] == 5
    assert october["feedback_score"] == round((5 + 4 + 3 + 4 + 5) / 5, 2)
    assert october["suppressed"] == []

    assert (november["workshops"], november["lectures"], november["ratings"]) == (1, 1, 2)
    assert november["pupils"] is None and november["feedback_score"] is None
    assert november["suppressed"] == ["pupils", "feedback_score"]


def test_nothing_counts_before_it_is_over(app: Flask) -> None:
    _seed()
    # On 22 October only what ended by the 21st counts (the announced week ended the 23rd).
    (row,) = activity.delivered([OCTOBER], date(2026, 10, 22))
    assert (row["theme_weeks"], row["workshops"], row["lectures"]) == (1, 2, 0)


def test_report_and_open_data_show_deliveries(app: Flask, tmp_path: Path) -> None:
    _seed()
    view = month_view(OCTOBER, TODAY)
    section = next(s for s in build_sections(view, "en") if "delivered" in s.title)
    text = " ".join(section.commentary)
    assert "2 theme weeks, 3 workshops, 2 lectures and 1 parents' evenings" in text
    assert "199 pupils reached" in text
    assert "4.2 out of 5 on average (5 answers)" in text

    write_package(OCTOBER, tmp_path)
    with (tmp_path / "activity.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["theme_weeks"], row["workshops"], row["lectures"], row["parents_evenings"]) == (
        "2",
        "3",
        "2",
        "1",
    )
    assert (row["pupils"], row["ratings"], row["feedback_score"]) == ("199", "5", "4.2")
