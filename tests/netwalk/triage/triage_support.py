"""Threads for the conflict and triage tests: a pile-on, a heated civil debate, and helpers.

Messages are realistic and multi-language (sv, da, nb, en). `label` is what a classifier (or a
person) would say; `tiny_model` trains a real `Classifier` on these same kinds of sentences in
well under a second, so the model path can be tested without the full corpus.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from factories import (
    T0,
    FlagFactory,
    MessageFactory,
    ReportFactory,
    SourceFactory,
    ThreadFactory,
    pseudonym,
)
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from netpolarna.db import db, utcnow
from netpolarna.netwalk.classifier import registry
from netpolarna.netwalk.classifier.corpus import LABELS
from netpolarna.netwalk.classifier.features import FeaturePipeline
from netpolarna.netwalk.classifier.model import MODEL_FILENAME, Classifier
from netpolarna.netwalk.detection.scoring import score_and_detect
from netpolarna.netwalk.models import Message, Source, Thread
from netpolarna.netwalk.triage.models import Flag

__all__ = ["T0", "pseudonym"]  # shared with the tests that import them from here


@dataclass(frozen=True)
class Line:
    author: str
    text: str
    lang: str
    label: str | None
    minute: float
    parent: int | None = None  # index of the parent line
    targets: tuple[str, ...] = ()
    threat: float = 0.0


# The victim posts; seven accounts attack her within 40 minutes; a friend pushes back.
PILE_ON: list[Line] = [
    Line(
        "elin",
        "Jag vann elevrådsvalet på Möckelngymnasiet! Tack alla som röstade",
        "sv",
        "neutral",
        0,
    ),
    Line(
        "troll1",
        "Du är så jävla äcklig, ingen vill ha dig där",
        "sv",
        "offensive",
        3,
        0,
        ("individual",),
    ),
    Line(
        "troll2",
        "Haha kolla på henne, fula jävla hora",
        "sv",
        "offensive",
        8,
        0,
        ("individual", "gender"),
    ),
    Line(
        "troll3",
        "You are pathetic, nobody voted for you, loser",
        "en",
        "offensive",
        14,
        0,
        ("individual",),
    ),
    Line("troll4", "Du er så klam, forsvind fra skolen", "da", "offensive", 20, 0, ("individual",)),
    Line(
        "troll5",
        "Du er en patetisk idiot og alle hater deg",
        "nb",
        "offensive",
        26,
        0,
        ("individual",),
    ),
    Line("friend1", "Sluta nu, det här är mobbning. Grattis Elin!", "sv", "counter_speech", 29, 0),
    Line("troll6", "Äckliga fitta, gå och dö", "sv", "hateful", 34, 0, ("individual",), 0.3),
    Line(
        "troll7",
        "Idiot. Ingen gillar dig på Möckelngymnasiet",
        "sv",
        "offensive",
        43,
        0,
        ("individual",),
    ),
]

# Many people, strong disagreement with a decision, no attack on a person.
CIVIL_DEBATE: list[Line] = [
    Line(
        "kommunen",
        "Kommunen lägger ner biblioteket i Karlskoga centrum vid årsskiftet",
        "sv",
        "neutral",
        0,
    ),
    Line(
        "anna",
        "Det här beslutet är helt fel. Biblioteket är det enda stället för unga på kvällen",
        "sv",
        "neutral",
        2,
        0,
    ),
    Line(
        "bo",
        "Jeg er fuldstændig uenig med kommunen, det er en dårlig prioritering",
        "da",
        "neutral",
        4,
        0,
    ),
    Line(
        "cecilie", "Helt feil beslutning. Politikerne må tenke seg om igjen", "nb", "neutral", 5, 0
    ),
    Line(
        "dave",
        "Closing the library is a terrible decision and the council should reverse it",
        "en",
        "neutral",
        7,
        0,
    ),
    Line(
        "erik", "Jag håller inte med Anna, budgeten måste gå ihop någonstans", "sv", "neutral", 9, 1
    ),
    Line(
        "anna",
        "Men Erik, varför just biblioteket? Skär i konsulterna istället",
        "sv",
        "neutral",
        11,
        5,
    ),
    Line("fia", "Vilket jävla skitbeslut alltså", "sv", "offensive", 12, 0),
    Line(
        "gustav", "Jag har skrivit till kommunstyrelsen, gör det ni också", "sv", "neutral", 14, 0
    ),
    Line(
        "hanna", "Argumenten för nedläggningen håller inte, läs utredningen", "sv", "neutral", 15, 0
    ),
    Line("ivar", "I disagree with Dave, the budget numbers are real", "en", "neutral", 17, 4),
    Line("jonas", "Det er en skandale at de lukker det", "da", "neutral", 19, 0),
    Line("karin", "Vi borde samla namn och lämna in en protestlista", "sv", "neutral", 20, 0),
    Line("lars", "Politikerna har fel men vi får respektera processen", "sv", "neutral", 22, 0),
    Line(
        "maja",
        "Kan vi inte ha öppet färre dagar istället för att stänga helt?",
        "sv",
        "neutral",
        24,
        0,
    ),
    Line("nils", "Totalt meningslöst beslut, vad fan håller de på med", "sv", "offensive", 26, 0),
    Line("olle", "Bra förslag Maja, det tycker jag också", "sv", "neutral", 27, 14),
    Line(
        "petra",
        "Jeg synes det er en dårlig beslutning, men jeg forstår økonomien",
        "nb",
        "neutral",
        29,
        0,
    ),
]


@dataclass
class BuiltThread:
    thread: Thread
    messages: list[Message] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return [m.id for m in self.messages]


def make_thread(
    title: str = "Tråd", url: str | None = None, source: Source | None = None
) -> Thread:
    thread: Thread = ThreadFactory(title=title, url=url, source=source or SourceFactory())
    return thread


def add_lines(
    built: BuiltThread,
    lines: Sequence[Line],
    *,
    labelled: bool = True,
    offset_minutes: float = 0,
    url_base: str | None = None,
) -> list[Message]:
    """Insert lines as stored messages (labels set directly when `labelled`); no scoring."""
    thread = built.thread
    new: list[Message] = []
    for line in lines:
        parent = built.messages[line.parent] if line.parent is not None else None
        hostile = line.label in {"hateful", "offensive"}
        message: Message = MessageFactory(
            thread=thread,
            parent=parent,
            n=len(built.messages),
            author=line.author,
            text=line.text,
            lang=line.lang,
            url=f"{url_base}/{len(built.messages)}" if url_base else None,
            minute=line.minute + offset_minutes,
            label=line.label if labelled else None,
            score=(0.9 if hostile else 0.05) if labelled and line.label else None,
            threat=line.threat if labelled else None,
            targets=list(line.targets) if labelled else None,
        )
        built.messages.append(message)
        new.append(message)
    return new


def grow(built: BuiltThread, lines: Sequence[Line], **kwargs: Any) -> list[Message]:
    """Add lines and run the scoring hook on them as ingestion would, then commit."""
    new = add_lines(built, lines, **kwargs)
    score_and_detect([m.id for m in new])
    db.session.commit()
    return new


def build(lines: Sequence[Line], title: str, **kwargs: Any) -> BuiltThread:
    built = BuiltThread(make_thread(title, url=kwargs.pop("url", None)))
    grow(built, lines, **kwargs)
    return built


def extra_attackers(count: int, start: int, minute: float) -> list[Line]:
    return [
        Line(
            f"late{start + i}",
            f"Du är värdelös, försvinn härifrån nummer {start + i}",
            "sv",
            "hateful",
            minute + i,
            0,
            ("individual",),
            0.95,
        )
        for i in range(count)
    ]


def tiny_model(instance: str | Path, version: str = "20260101T0000Z-tiny0001") -> str:
    """Train a real (small) `Classifier` on the lines above, write it and make it active."""
    lines = [*PILE_ON, *CIVIL_DEBATE, *extra_attackers(6, 0, 0)]
    examples = [(line.text, line.lang, line.label) for line in lines if line.label]
    texts = [e[0] for e in examples]
    langs = [e[1] for e in examples]
    labels = [e[2] for e in examples]
    threats = [int(line.threat >= 0.5) for line in lines if line.label]
    # Only the targets these lines use: a one-vs-rest fit needs both classes in every column.
    names = ("individual", "gender")
    targets = np.array([[t in line.targets for t in names] for line in lines if line.label])
    features = FeaturePipeline(char_features=2**12, word_features=2**10)
    matrix = features.transform(texts, langs)
    label_model = LogisticRegression(C=10.0, solver="newton-cg", max_iter=1000).fit(matrix, labels)
    assert set(label_model.classes_) == set(LABELS)
    classifier = Classifier(
        features=features,
        label_model=label_model,
        threat_model=LogisticRegression(C=10.0, solver="newton-cg", max_iter=1000).fit(
            matrix, threats
        ),
        target_model=OneVsRestClassifier(
            LogisticRegression(C=10.0, solver="newton-cg", max_iter=1000)
        ).fit(matrix, targets),
        target_names=names,
        version=version,
    )
    folder = registry.models_dir(instance) / version
    folder.mkdir(parents=True, exist_ok=True)
    joblib.dump(classifier, folder / MODEL_FILENAME)
    (folder / "metrics.json").write_text(
        json.dumps({"version": version, "trained_at": "2026-01-01T00:00:00+00:00", "n": 0})
    )
    registry.activate(instance, version)
    return version


def make_flag(
    *,
    severity: str = "medium",
    minutes_ago: float = 10,
    danger: bool = False,
    status: str = "new",
    assignee_id: int | None = None,
    due_in_minutes: float = 60,
    url: str | None = None,
    evidence: int = 0,
) -> Flag:
    """A flag on a fresh thread with `evidence` hostile messages, as the detector would leave."""
    now = utcnow()
    built = BuiltThread(make_thread(f"t{now.timestamp()}-{severity}-{minutes_ago}", url=url))
    messages = []
    if evidence:
        add_lines(built, PILE_ON[:1])
        messages = add_lines(built, extra_attackers(evidence, 0, 1))
    flag: Flag = FlagFactory(
        thread=built.thread,
        status=status,
        severity=severity,
        danger=danger,
        evidence_message_ids=[m.id for m in messages],
        assignee_id=assignee_id,
        now=now,
        minutes_ago=minutes_ago,
        due_in_minutes=due_in_minutes,
    )
    db.session.commit()
    return flag


def youth_report(links: list[str], *, in_danger: bool = False) -> int:
    """A youth report through the reports service, as the app files one; its id."""
    report_id: int = ReportFactory(links=links, in_danger=in_danger)
    return report_id
