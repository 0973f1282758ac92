"""`netpolarna demo year`: a realistic year of net-walker data, flags, reports and theme weeks.

At `--scale 1` about a million messages in some three hundred threads a week, ten thousand
flags, seven hundred youth reports, the staff's net-walk logs and theme weeks. Rows are written
straight into the tables in bulk (the scanning pipeline is not run), then the rollups are
rebuilt. Demo texts are invented; authors are random pseudonyms.
"""

from __future__ import annotations

import hashlib
import math
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import insert, select

from netpolarna.analytics import rollups
from netpolarna.analytics.periods import month_of
from netpolarna.analytics.sources.deliveries import ThemeWeek
from netpolarna.analytics.sources.netwalk import (
    Message,
    NetwalkLog,
    Source,
    Thread,
    app_gazetteer,
)
from netpolarna.analytics.sources.reports import Report
from netpolarna.analytics.sources.triage import Flag
from netpolarna.db import db, utcnow

PREFIX = "Demo year: "
SOURCES = [
    ("reddit", "r/karlskoga"),
    ("mastodon", "#karlskoga"),
    ("discourse", "Ungdomsforum"),
    ("rss", "Lokaltidningens kommentarer"),
    ("jsonl", "Skolplattform (export)"),
    ("reddit", "r/sweden (lokala trådar)"),
]
PLATFORM_WEIGHTS = [0.3, 0.15, 0.2, 0.1, 0.1, 0.15]
LANGS = [("sv", 0.78), ("en", 0.12), ("da", 0.05), ("nb", 0.05)]
TARGETS = ("ethnicity", "religion", "lgbtq", "gender", "disability", "appearance", "individual")
TARGET_WEIGHTS = (0.28, 0.14, 0.16, 0.14, 0.05, 0.13, 0.10)
PLACES = ("Karlskoga", "Möckeln", "Bofors", "Rävåsen", "Aggerud", "Stackfallet", "Ekeby")
WORDS = {
    "hateful": {
        "sv": "ni borde försvinna härifrån",
        "en": "you people should disappear",
        "da": "I burde forsvinde herfra",
        "nb": "dere burde forsvinne herfra",
    },
    "offensive": {
        "sv": "vilken idiot du är",
        "en": "what an idiot you are",
        "da": "sikken idiot du er",
        "nb": "for en idiot du er",
    },
    "neutral": {
        "sv": "någon som vet när bussen går",
        "en": "anyone know when the bus leaves",
        "da": "nogen der ved hvornår bussen går",
        "nb": "noen som vet når bussen går",
    },
    "counter_speech": {
        "sv": "så där pratar vi inte om varandra",
        "en": "we don't talk about people like that",
        "da": "sådan taler vi ikke om hinanden",
        "nb": "sånn snakker vi ikke om hverandre",
    },
}
CATEGORIES = (
    "hate",
    "bullying",
    "threat",
    "sexual_harassment",
    "exclusion",
    "self_harm_concern",
    "other",
)
CATEGORY_WEIGHTS = (0.3, 0.3, 0.08, 0.1, 0.12, 0.03, 0.07)
OUTCOMES = (
    "reported_to_platform",
    "content_removed",
    "contacted_school",
    "referred_to_support",
    "counter_speech",
    "resolved_together",
    "no_action_possible",
)
REASONS = {"pile_on": 0.35, "threat": 0.15, "hostile_share": 0.8, "burst": 0.3, "local": 0.4}
SEVERITIES = (("low", 0.45, 4), ("medium", 0.33, 3), ("high", 0.17, 2), ("critical", 0.05, 1))
TARGET_MINUTES = {1: 60, 2: 240, 3: 1440, 4: 4320}
CHUNK = 20_000


def _pick(rng: random.Random, items: list[tuple[str, float]]) -> str:
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


def _label_weights(progress: float, week_of_year: int) -> list[float]:
    """Hate grows through the year with an autumn peak; counter-speech grows after it."""
    hate = 0.05 + 0.03 * progress + 0.015 * math.sin(week_of_year / 52 * 2 * math.pi - 1.2)
    counter = 0.05 + 0.05 * progress
    offensive = 0.12
    return [hate, offensive, 1.0 - hate - offensive - counter, counter]


def generate(scale: float, end: date, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    first = month_of(month_of(end).start - timedelta(days=335)).start
    last = month_of(end).end
    now = utcnow()
    sources = []
    for kind, name in SOURCES:
        source = Source(
            name=PREFIX + name, kind=kind, config={"demo": True}, interval_minutes=60, enabled=False
        )
        db.session.add(source)
        sources.append(source)
    db.session.flush()
    total_messages = max(50, int(1_000_000 * scale))
    weeks = max(1, ((last - first).days + 1) // 7)
    threads_per_week = max(2, int(300 * scale))
    per_thread = max(3, total_messages // (weeks * threads_per_week))
    thread_rows: list[dict[str, Any]] = []
    day = first
    counter = 0
    while day <= last and len(thread_rows) < weeks * threads_per_week:
        for _ in range(threads_per_week):
            start = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
                minutes=rng.randrange(7 * 24 * 60)
            )
            if start.date() > last or start > now:
                continue
            source = rng.choices(sources, weights=PLATFORM_WEIGHTS)[0]
            counter += 1
            thread_rows.append(
                {
                    "source_id": source.id,
                    "source_thread_id": f"demo-{counter}",
                    "title": f"Tråd {counter}",
                    "message_count": 0,
                    "created_at": start,
                    "updated_at": start,
                    "first_message_at": start,
                    "last_message_at": start,
                    "lang_counts": {},
                    "needs_rescore": False,
                    "retained": False,
                }
            )
        day += timedelta(days=7)
    ids = list(
        db.session.scalars(
            insert(Thread).returning(Thread.id, sort_by_parameter_order=True), thread_rows
        )
    )
    flagged = set(rng.sample(range(len(ids)), min(len(ids), max(1, int(10_000 * scale)))))
    messages = 0
    batch: list[dict[str, Any]] = []
    # Stored as ingestion stores them: the places the gazetteer finds in the text (a handful
    # of texts in all, each looked up once).
    gazetteer = app_gazetteer()
    places_in: dict[str, list[str]] = {}
    for index, (thread_id, thread) in enumerate(zip(ids, thread_rows, strict=True)):
        count = max(1, int(rng.expovariate(1 / per_thread)))
        opened: datetime = thread["created_at"]
        progress = (opened.date() - first).days / max(1, (last - first).days)
        weights = _label_weights(progress, opened.isocalendar()[1])
        hostile_boost = 2.0 if index in flagged else 1.0
        weights = [weights[0] * hostile_boost, weights[1] * hostile_boost, weights[2], weights[3]]
        lang = _pick(rng, LANGS)
        for position in range(count):
            created = opened + timedelta(minutes=position * rng.randint(1, 30))
            if created > now:
                break
            label = rng.choices(
                ("hateful", "offensive", "neutral", "counter_speech"), weights=weights
            )[0]
            text = WORDS[label][lang]
            if rng.random() < 0.12:
                text += " i " + rng.choice(PLACES)
            targets = (
                rng.choices(TARGETS, weights=TARGET_WEIGHTS, k=1 + (rng.random() < 0.2))
                if label in ("hateful", "offensive")
                else []
            )
            threat = rng.random() * (0.9 if label == "hateful" else 0.3)
            places = places_in.get(text)
            if places is None:
                places = places_in[text] = list(gazetteer.find(text))
            messages += 1
            batch.append(
                {
                    "source_id": thread["source_id"],
                    "thread_id": thread_id,
                    "message_id": f"m{thread_id}-{position}",
                    "parent_id": None,
                    "depth": 0,
                    "reply_path": f"{position:06d}",
                    "author_pseudonym": f"{rng.getrandbits(64):016x}",
                    "text": text,
                    "content_hash": hashlib.sha256(f"{thread_id}-{position}".encode()).hexdigest(),
                    "lang": lang,
                    "created_at": created,
                    "ingested_at": created + timedelta(minutes=rng.randint(5, 60)),
                    "retained": index in flagged,
                    "label": label,
                    "score": 0.8,
                    "threat": threat,
                    "targets": sorted(set(targets)),
                    "places": places,
                    "model_version": "demo",
                    "scored_at": created,
                }
            )
            if len(batch) >= CHUNK:
                db.session.execute(insert(Message), batch)
                batch = []
    if batch:
        db.session.execute(insert(Message), batch)
    flags = _flags(rng, [(ids[i], thread_rows[i]["created_at"]) for i in sorted(flagged)], now)
    reports = _reports(rng, first, last, now, max(6, int(700 * scale)))
    logs = _logs(rng, first, last, now, max(6, int(450 * scale)))
    weeks_made = _theme_weeks(rng, first, last)
    db.session.commit()
    rollups.rebuild()
    return {
        "threads": len(ids),
        "messages": messages,
        "flags": flags,
        "reports": reports,
        "netwalk_logs": logs,
        "theme_weeks": weeks_made,
    }


def _flags(rng: random.Random, threads: list[tuple[int, datetime]], now: datetime) -> int:
    rows = []
    for thread_id, start in threads:
        seen = start + timedelta(minutes=rng.randint(30, 600))
        if seen > now:
            continue
        severity, _w, priority = rng.choices(SEVERITIES, weights=[s[1] for s in SEVERITIES])[0]
        due = seen + timedelta(minutes=TARGET_MINUTES[priority])
        responded = seen + timedelta(
            minutes=rng.lognormvariate(math.log(TARGET_MINUTES[priority] * 0.6), 0.9)
        )
        closed = responded + timedelta(minutes=rng.lognormvariate(math.log(2880), 1.0))
        reasons = [
            {"code": code, "en": code, "sv": code, "weight": 0.5}
            for code, p in REASONS.items()
            if rng.random() < p
        ]
        rows.append(
            {
                "thread_id": thread_id,
                "status": "closed" if closed < now else "in_review",
                "severity": severity,
                "severity_rank": 4 - priority + 1,
                "score": 0.5,
                "priority": priority,
                "danger": False,
                "reasons": reasons
                or [{"code": "hostile_share", "en": "", "sv": "", "weight": 0.5}],
                "evidence_message_ids": [],
                "urls": [],
                "first_seen_at": seen,
                "last_escalated_at": seen,
                "response_due_at": due,
                "responded_at": responded if responded < now else None,
                "closed_at": closed if closed < now else None,
                "version": 1,
                "updated_at": min(now, closed),
            }
        )
    if rows:
        db.session.execute(insert(Flag), rows)
        db.session.execute(
            Thread.__table__.update()
            .where(Thread.id.in_([r["thread_id"] for r in rows]))
            .values(retained=True)
        )
    return len(rows)


def _reports(rng: random.Random, first: date, last: date, now: datetime, count: int) -> int:
    rows: list[dict[str, Any]] = []
    span = (last - first).days + 1
    taken = set(db.session.scalars(select(Report.case_code)))
    for n in range(count):
        created = datetime(first.year, first.month, first.day, tzinfo=UTC) + timedelta(
            minutes=rng.randrange(span * 1440)
        )
        if created > now:
            continue
        code = f"DY{n:07d}"
        if code in taken:
            continue
        category = rng.choices(CATEGORIES, weights=CATEGORY_WEIGHTS)[0]
        closed = created + timedelta(days=rng.randint(1, 20))
        rows.append(
            {
                "case_code": code,
                "category": category,
                "platform": rng.choice(("instagram", "tiktok", "snapchat", "discord")),
                "links": [],
                "description": "",
                "affected": rng.choice(("me", "friend", "group")),
                "target_groups": [],
                "in_danger": rng.random() < 0.04,
                "priority": 3,
                "status": "closed" if closed < now else "received",
                "outcome": rng.choice(OUTCOMES) if closed < now else None,
                "locale": "sv",
                "closed_at": closed if closed < now else None,
                "created_at": created,
                "updated_at": min(closed, now),
            }
        )
    if rows:
        db.session.execute(insert(Report), rows)
    return len(rows)


def _logs(rng: random.Random, first: date, last: date, now: datetime, count: int) -> int:
    rows: list[dict[str, Any]] = []
    span = (last - first).days + 1
    for _ in range(count):
        started = datetime(first.year, first.month, first.day, 8, tzinfo=UTC) + timedelta(
            days=rng.randrange(span), hours=rng.randint(0, 10)
        )
        if started > now:
            continue
        rows.append(
            {
                "author_id": None,
                "platforms": ["tiktok"],
                "started_at": started,
                "ended_at": started + timedelta(minutes=rng.randint(30, 180)),
                "observations": "",
                "thread_ids": [],
                "created_at": started,
                "updated_at": started,
            }
        )
    if rows:
        db.session.execute(insert(NetwalkLog), rows)
    return len(rows)


def _theme_weeks(rng: random.Random, first: date, last: date) -> int:
    made = 0
    day = first
    while day <= last:
        for _ in range(rng.choice((0, 1, 1, 2))):
            monday = day + timedelta(days=rng.randint(0, 20))
            monday -= timedelta(days=monday.weekday())
            db.session.add(
                ThemeWeek(
                    title=f"{PREFIX}temavecka",
                    description="",
                    theme="pile_ons",
                    starts_on=monday,
                    ends_on=monday + timedelta(days=4),
                    published=True,
                )
            )
            made += 1
        day = month_of(day).end + timedelta(days=1)
    return made


@click.command("year")
@click.option(
    "--scale",
    type=float,
    default=1.0,
    show_default=True,
    help="1.0 is about a million messages; 0.01 about ten thousand.",
)
@click.option(
    "--until",
    "until",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Last day of the year of data (default today).",
)
@with_appcontext
def demo_year_command(scale: float, until: datetime | None) -> None:
    """Generate a year of demo data in bulk and rebuild the rollups."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("demo data is not loaded in production")
    if db.session.scalar(select(Source.id).where(Source.name.startswith(PREFIX))) is not None:
        raise click.ClickException("a demo year is already loaded")
    end = until.date() if until else utcnow().date()
    made = generate(scale, end)
    click.echo(", ".join(f"{n} {name.replace('_', ' ')}" for name, n in made.items()))
