"""Demo theme weeks, placed relative to today so they are always upcoming."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from netpolarna.bookings import service
from netpolarna.bookings.models import ThemeWeek
from netpolarna.db import db
from netpolarna.demo import demo_loader

DEMO_WEEKS = [
    (
        "Schyst på nätet",
        "En vecka om drev, troll och hur man säger emot utan att hänga ut någon.",
        "pile_ons",
        3,
    ),
    (
        "Kritik eller hat?",
        "Workshoppar för årskurs 7–9 om var gränsen går och vad lagen säger.",
        "critique_vs_hate",
        7,
    ),
    (
        "Stötta en kompis",
        "Så märker du att någon blir utsatt, och vad du kan göra.",
        "supporting_a_friend",
        12,
    ),
]


@demo_loader("theme_weeks")
def load_demo_theme_weeks() -> list[str]:
    today = service.local_today()
    monday = today - timedelta(days=today.weekday())
    added = 0
    for title, description, theme, weeks_ahead in DEMO_WEEKS:
        if db.session.scalar(select(ThemeWeek.id).where(ThemeWeek.title == title)):
            continue
        starts = monday + timedelta(weeks=weeks_ahead)
        service.create_theme_week(
            None,
            title=title,
            description=description,
            theme=theme,
            starts_on=starts,
            ends_on=starts + timedelta(days=4),
            published=True,
        )
        added += 1
    return [f"Theme weeks: {added} added."]
