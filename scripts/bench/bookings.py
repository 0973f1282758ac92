#!/usr/bin/env python3
"""Benchmark bookings on one gunicorn: availability against /healthz, and racing confirmations.

1. With 1,000 confirmed bookings in a term (three staff, twenty weeks), the ratio of
   `GET /api/v1/offerings/{id}/availability` for a ten-week window to `GET /healthz`, measured
   in alternating rounds on the same server.
2. Confirmations per second under contention: groups of requests whose slots overlap for the
   same staff member are confirmed all at once; each group must give exactly one 200. At the
   end the database is searched for double bookings (overlapping blocked time of one person).

    .venv/bin/python scripts/bench/bookings.py                   # temp SQLite file
    .venv/bin/python scripts/bench/bookings.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import api as harness  # noqa: E402  (gunicorn, phases, scratch databases)

ZONE = ZoneInfo("Europe/Stockholm")
TERM_WEEKS = 20
SLOT_TIMES = ["07:30", "09:30", "11:30", "13:30", "15:30"]
PASSWORD = "bench password long enough"


def _weekdays(start: date, count: int) -> list[date]:
    """School days from `start`: weekdays that are not Swedish public holidays."""
    import holidays

    closed = holidays.country_holidays("SE", years=range(start.year, start.year + 2))
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5 and day not in closed:
            days.append(day)
        day += timedelta(days=1)
    return days


def _at(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, clock.fromisoformat(hhmm), ZONE).astimezone(UTC)


def prepare(env: dict[str, str], bookings: int, groups: int, group_size: int) -> dict[str, Any]:
    """Tables, people, a term of confirmed bookings (written directly), and the requests the
    contention phase confirms."""
    os.environ.update(env)
    from netpolarna import create_app
    from netpolarna.accounts import service as accounts
    from netpolarna.bookings import offerings, schools
    from netpolarna.bookings.models import (
        Booking,
        SchoolContact,
        StaffAssignment,
        StaffProfile,
    )
    from netpolarna.db import db

    app = create_app()
    with app.app_context():
        db.create_all()
        staff = [
            accounts.create_user(
                email=f"staff{i}@bench.example", role="netwalker", password=PASSWORD
            )
            for i in range(3)
        ]
        accounts.create_user(email="admin@bench.example", role="admin", password=PASSWORD)
        for person in staff:
            db.session.add(
                StaffProfile(
                    user_id=person.id,
                    weekly_hours={str(d): ["07:00", "18:00"] for d in range(5)},
                    max_school_days_per_week=5,
                    feed_token=schools.new_feed_token(),
                )
            )
        made = [
            schools.create_school(name=f"Skola {i}", grades=[7, 8, 9], travel_minutes=15)
            for i in range(10)
        ]
        contact = accounts.create_user(
            email="school@bench.example", role="school", password=PASSWORD
        )
        db.session.add(SchoolContact(user_id=contact.id, school_id=made[0].id))
        offering = offerings.create_offering(
            kind="lecture",
            title={"sv": "Föreläsning"},
            session_minutes=60,
            grades=[7, 8, 9],
            max_participants=200,
            min_notice_days=0,
            published=True,
        )
        today = datetime.now(ZONE).date()
        term_start = today + timedelta(days=7 - today.weekday())  # next Monday
        # Fill 1,000 of the term's staff slots (3 staff x 5 slots a day), spread evenly.
        capacity = [
            (day, hhmm, person.id)
            for day in _weekdays(term_start, TERM_WEEKS * 5)
            for hhmm in SLOT_TIMES
            for person in staff
        ]
        step = len(capacity) / bookings
        for n in range(bookings):
            day, hhmm, staff_id = capacity[int(n * step)]
            start = _at(day, hhmm)
            booking = Booking(
                offering_id=offering.id,
                school_id=made[n % len(made)].id,
                status="confirmed",
                preferred_slots=[start.isoformat()],
                grade=8,
                participants=25,
                starts_at=start,
                ends_at=start + timedelta(minutes=60),
                staff_ids=[staff_id],
            )
            db.session.add(booking)
            db.session.flush()
            db.session.add(
                StaffAssignment(
                    booking_id=booking.id,
                    staff_id=staff_id,
                    session_starts_at=start,
                    session_ends_at=start + timedelta(minutes=60),
                    blocked_from=start - timedelta(minutes=15),
                    blocked_until=start + timedelta(minutes=75),
                )
            )
        # Contention: after the term, `groups` free slots, each wanted by `group_size`
        # requests at overlapping times (0, 2, 4 ... minutes later) for the same person.
        later = _weekdays(term_start + timedelta(weeks=TERM_WEEKS + 1), groups)
        race: list[tuple[int, str, int]] = []
        for g in range(groups):
            day = later[g // 15]  # three staff x five slots a day
            hhmm = SLOT_TIMES[(g // 3) % len(SLOT_TIMES)]
            staff_id = staff[g % 3].id
            for k in range(group_size):
                start = _at(day, hhmm) + timedelta(minutes=2 * k)
                booking = Booking(
                    offering_id=offering.id,
                    school_id=made[k % len(made)].id,
                    status="requested",
                    preferred_slots=[start.isoformat()],
                    grade=8,
                    participants=25,
                )
                db.session.add(booking)
                db.session.flush()
                race.append((booking.id, start.isoformat(), staff_id))
        db.session.commit()
        db.engine.dispose()
        return {
            "offering_id": offering.id,
            "from": _at(term_start, "00:00").isoformat(),
            "to": _at(term_start + timedelta(weeks=10), "00:00").isoformat(),
            "race": race,
        }


def count_double_bookings(env: dict[str, str]) -> tuple[int, int]:
    """(overlapping pairs of one person's blocked time, confirmed bookings in the race)."""
    os.environ.update(env)
    from sqlalchemy import and_, func, select
    from sqlalchemy.orm import aliased

    from netpolarna import create_app
    from netpolarna.bookings.models import StaffAssignment
    from netpolarna.db import db

    app = create_app()
    with app.app_context():
        a, b = aliased(StaffAssignment), aliased(StaffAssignment)
        pairs = db.session.scalar(
            select(func.count())
            .select_from(a)
            .join(
                b,
                and_(
                    a.staff_id == b.staff_id,
                    a.id < b.id,
                    a.blocked_from < b.blocked_until,
                    b.blocked_from < a.blocked_until,
                ),
            )
        )
        total = db.session.scalar(select(func.count()).select_from(StaffAssignment))
        db.engine.dispose()
        return int(pairs or 0), int(total or 0)


def login(base: str, email: str) -> str:
    response = httpx.post(
        f"{base}/api/v1/auth/login", json={"email": email, "password": PASSWORD}, timeout=10
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL URL; default: SQLite")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8.0, help="measured time per endpoint")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--bookings", type=int, default=1000)
    parser.add_argument("--groups", type=int, default=60, help="contended slots")
    parser.add_argument("--group-size", type=int, default=8, help="requests racing for each")
    parser.add_argument("--limit", type=int, default=100, help="availability's `limit`")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="netpolarna-bench-") as tmp:
        workdir = Path(tmp)
        with harness.scratch_database(args.database_url or None, workdir) as database_url:
            env = {
                "NETPOLARNA_ENV": "production",
                "NETPOLARNA_SECRET_KEY": secrets.token_urlsafe(48),
                "NETPOLARNA_JWT_SECRET_KEY": secrets.token_urlsafe(48),
                "NETPOLARNA_PSEUDONYM_KEY": secrets.token_urlsafe(48),
                "NETPOLARNA_INSTANCE_PATH": str(workdir / "instance"),
                "NETPOLARNA_DATABASE_URL": database_url,
                "NETPOLARNA_RATELIMIT_DEFAULT": "100000000/minute",
                "NETPOLARNA_MAIL_AFTER_COMMIT": "off",  # the outbox rows are still written
            }
            plan = prepare(env, args.bookings, args.groups, args.group_size)
            port = harness._free_port()
            log = workdir / "gunicorn.log"
            with harness.gunicorn(env, port, args.workers, args.threads, log) as base:
                school = {"Authorization": f"Bearer {login(base, 'school@bench.example')}"}
                staff = {"Authorization": f"Bearer {login(base, 'admin@bench.example')}"}
                window = {"from": plan["from"], "to": plan["to"], "limit": args.limit}
                probe = httpx.get(
                    f"{base}/api/v1/offerings/{plan['offering_id']}/availability",
                    params=window,
                    headers=school,
                    timeout=30,
                )
                probe.raise_for_status()
                slots_found = len(probe.json()["items"])

                def healthz(http: httpx.Client, _i: int) -> httpx.Response:
                    return http.get("/healthz")

                def availability(http: httpx.Client, _i: int) -> httpx.Response:
                    return http.get(
                        f"/api/v1/offerings/{plan['offering_id']}/availability",
                        params=window,
                        headers=school,
                    )

                phases = [("GET /healthz", healthz), ("GET availability 10 weeks", availability)]
                results = {name: harness.PhaseResult(name) for name, _ in phases}
                for round_index in range(max(1, args.rounds)):
                    for name, request in phases:
                        part = harness.run_phase(
                            name,
                            base,
                            request,
                            concurrency=args.concurrency,
                            seconds=args.seconds / args.rounds,
                            warmup=1.5 if round_index == 0 else 0.5,
                            expected=200,
                        )
                        results[name].latencies_ms.extend(part.latencies_ms)
                        results[name].errors += part.errors
                        results[name].elapsed_s += part.elapsed_s

                # Racing confirmations: every request at once, in a bounded pool.
                outcomes: dict[int, int] = {}
                lock = threading.Lock()
                local = threading.local()

                def confirm(item: tuple[int, str, int]) -> None:
                    booking_id, start, staff_id = item
                    if not hasattr(local, "http"):
                        local.http = httpx.Client(base_url=base, timeout=60)
                    response = local.http.post(
                        f"/api/v1/bookings/{booking_id}/confirm",
                        json={"start": start, "staff_ids": [staff_id]},
                        headers=staff,
                    )
                    with lock:
                        outcomes[response.status_code] = outcomes.get(response.status_code, 0) + 1

                race = plan["race"]
                # Interleave the groups so that racers of one slot are in flight together.
                order = [
                    race[g * args.group_size + k]
                    for k in range(args.group_size)
                    for g in range(args.groups)
                ]
                began = time.perf_counter()
                with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                    list(pool.map(confirm, order))
                elapsed = time.perf_counter() - began
            # The server is stopped; count what the database holds.
            double, assignments = count_double_bookings(env)

    backend = "postgresql" if args.database_url else "sqlite"
    health = results["GET /healthz"]
    avail = results["GET availability 10 weeks"]
    ratio = avail.rps / (health.rps or 1.0)
    print(
        f"backend={backend} workers={args.workers} threads={args.threads} "
        f"clients={args.concurrency} bookings={args.bookings} limit={args.limit} "
        f"(first answer: {slots_found} free slots)"
    )
    for r in (health, avail):
        print(
            f"  {r.name:<28}{r.rps:>9.0f} req/s  p50 {r.percentile(0.5):6.1f} ms  "
            f"p99 {r.percentile(0.99):6.1f} ms  errors {r.errors}"
        )
    print(f"  availability / healthz ratio: {ratio:.2f}")
    confirmations = sum(outcomes.values())
    print(
        f"  racing confirmations: {confirmations} in {elapsed:.2f} s = "
        f"{confirmations / elapsed:.0f}/s; statuses {dict(sorted(outcomes.items()))}; "
        f"expected 200s: {args.groups}"
    )
    print(f"  double bookings in the database: {double} (of {assignments} assignments)")
    if args.json:
        print(
            json.dumps(
                {
                    "backend": backend,
                    "ratio": round(ratio, 3),
                    "healthz_rps": round(health.rps, 1),
                    "availability_rps": round(avail.rps, 1),
                    "confirmations_per_s": round(confirmations / elapsed, 1),
                    "statuses": outcomes,
                    "double_bookings": double,
                }
            )
        )


if __name__ == "__main__":
    main()
