"""A Monday morning for the console tests: a pile-on flagged by the real detector, a calmer
flag, a youth report in danger with a screenshot, and the staff who triage them."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient
from PIL import Image

from netpolarna.accounts import service as accounts
from netpolarna.db import db, utcnow
from netpolarna.netwalk.detection.scoring import score_and_detect
from netpolarna.netwalk.models import Message, Source, Thread
from netpolarna.netwalk.triage.models import Flag
from netpolarna.reports import evidence
from netpolarna.reports import service as reports

PASSWORD = "correct horse battery staple"

# (author, text, label, parent index, targets, threat)
PILE_ON: list[tuple[str, str, str, int | None, tuple[str, ...], float]] = [
    (
        "elin",
        "Jag vann elevrådsvalet på Möckelngymnasiet! Tack alla som röstade",
        "neutral",
        None,
        (),
        0.0,
    ),
    (
        "troll1",
        "Du är så jävla äcklig, ingen vill ha dig där",
        "offensive",
        0,
        ("individual",),
        0.05,
    ),
    ("troll2", "Haha kolla på henne, fula jävla hora", "hateful", 0, ("individual", "gender"), 0.1),
    ("troll3", "Vi vet var du bor, akta dig på vägen hem", "hateful", 0, ("individual",), 0.93),
    ("troll4", "Försvinn från skolan, ingen vill se dig", "hateful", 0, ("individual",), 0.2),
    ("troll5", "Äcklig är vad du är, stick", "offensive", 0, ("individual",), 0.05),
    ("troll6", "Värdelös, du borde skämmas", "hateful", 0, ("individual",), 0.1),
    ("vän", "Sluta nu, hon har inte gjort något fel. Grattis Elin!", "counter_speech", 0, (), 0.0),
]


@dataclass
class Monday:
    walker: Any
    admin: Any
    worst_flag_id: int
    other_flag_id: int
    report_id: int
    case_code: str
    evidence_id: int
    hateful_message_id: int


def _thread(source: Source, title: str, lines: list[Any], start_minutes: int) -> list[Message]:
    thread = Thread(
        source_id=source.id,
        source_thread_id=title,
        title=title,
        url="https://forum.example/t/" + hashlib.sha1(title.encode()).hexdigest()[:8],
    )
    db.session.add(thread)
    db.session.flush()
    base = utcnow() - timedelta(minutes=start_minutes)
    stored: list[Message] = []
    for n, (author, text, label, parent, targets, threat) in enumerate(lines):
        up = stored[parent] if parent is not None else None
        message = Message(
            source_id=source.id,
            thread_id=thread.id,
            message_id=f"{title}-{n}",
            parent_id=up.message_id if up else None,
            parent_message_id=up.id if up else None,
            depth=(up.depth + 1) if up else 0,
            reply_path=(up.reply_path + "." if up else "") + f"{n:06d}",
            author_pseudonym=hashlib.sha256(author.encode()).hexdigest(),
            text=text,
            content_hash=hashlib.sha256(f"{n}{text}".encode()).hexdigest(),
            lang="sv",
            created_at=base + timedelta(minutes=3 * n),
            label=label,
            score=0.9 if label in ("hateful", "offensive") else 0.05,
            threat=threat,
            targets=list(targets),
        )
        db.session.add(message)
        db.session.flush()
        stored.append(message)
    score_and_detect([m.id for m in stored])
    db.session.commit()
    return stored


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def monday(make_actor: Any, *, locale: str = "sv") -> Monday:
    walker = make_actor("netwalker", email="anna@example.org", display_name="Anna", locale=locale)
    admin = make_actor(
        "admin", email="admin@example.org", display_name="Programme lead", locale="en"
    )
    source = Source(name="Skolforum", kind="jsonl", config={"path": "/dev/null"})
    db.session.add(source)
    db.session.flush()
    pile_on = _thread(source, "Elevrådsvalet", PILE_ON, 120)
    calmer = _thread(source, "Lunchmenyn", [PILE_ON[0], PILE_ON[1], PILE_ON[4], PILE_ON[5]], 600)
    flags = {f.thread_id: f for f in db.session.scalars(db.select(Flag))}
    worst = flags[pile_on[0].thread_id]
    other = flags.get(calmer[0].thread_id)
    if other is None:  # the detector found the calm thread unremarkable: flag it by hand
        other = Flag(
            thread_id=calmer[0].thread_id,
            severity="low",
            severity_rank=1,
            priority=4,
            reasons=[],
            evidence_message_ids=[calmer[1].id],
            response_due_at=utcnow() + timedelta(days=2),
        )
        db.session.add(other)
        db.session.commit()
    youth = accounts.register_device(locale="sv", platform=None).user
    report = reports.create_report(
        youth,
        locale="sv",
        category="threat",
        platform="tiktok",
        affected="me",
        description="De skriver att de ska ta mig efter skolan",
        in_danger=True,
        links=["https://forum.example/t/elevradsvalet"],
    ).report
    item = evidence.add_evidence(youth, report.id, io.BytesIO(png()))
    return Monday(
        walker=walker,
        admin=admin,
        worst_flag_id=worst.id,
        other_flag_id=other.id,
        report_id=report.id,
        case_code=report.case_code,
        evidence_id=item.id,
        hateful_message_id=pile_on[3].id,
    )


CSRF_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(client: FlaskClient, path: str = "/console/login") -> str:
    page = client.get(path)
    found = CSRF_TOKEN.search(page.get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    token = csrf_of(client)
    return client.post(
        "/console/login", data={"csrf_token": token, "email": email, "password": password}
    )
