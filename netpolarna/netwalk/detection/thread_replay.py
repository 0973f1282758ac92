"""A whole thread run offline, exactly as ingestion runs it: the message classifier, target
resolution, the detector's own fold and assessment. The thread corpus, the thread model's
training and the blind thread set all go through here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from netpolarna.netwalk.classifier.model import Classifier
from netpolarna.netwalk.detection.conflict_state import (
    Assessment,
    ConflictSettings,
    ConflictState,
    ScoredMessage,
    ThreadRescorer,
)
from netpolarna.netwalk.detection.escalation import assess, replay
from netpolarna.netwalk.detection.thread_features import ThreadMessage, message_cues


@dataclass(frozen=True, slots=True)
class ThreadResult:
    state: ConflictState
    assessment: Assessment

    @property
    def flagged(self) -> bool:
        return self.assessment.severity != "none"


_MENTION = re.compile(r"@([\w.]+)")


def scored_messages(
    classifier: Classifier, messages: Sequence[ThreadMessage]
) -> list[ScoredMessage]:
    """Classify a thread's messages and resolve whom each aims at, as ingestion does."""
    if not messages:
        return []
    predictions = classifier.predict([m.text for m in messages], [m.lang for m in messages])
    by_id = {m.id: m for m in messages}
    root = messages[0].author
    out = []
    for number, (message, p) in enumerate(zip(messages, predictions, strict=True), start=1):
        keys: list[str] = []
        for target in p.targets:
            if target != "individual":
                keys.append(f"group:{target}")
                continue
            people = [a for a in _MENTION.findall(message.text) if a != message.author]
            if not people:
                parent = by_id.get(message.parent_id) if message.parent_id else None
                fallback = next(
                    (a for a in (parent and parent.author, root) if a and a != message.author),
                    "subject",
                )
                people = [fallback]
            keys.extend(f"person:{a}" for a in dict.fromkeys(people))
        out.append(
            ScoredMessage(
                id=number,
                author=message.author,
                created_at=message.created_at,
                label=p.label,
                hostility=round(p.scores["hateful"] + p.scores["offensive"], 6),
                threat=p.threat,
                targets=tuple(dict.fromkeys(keys)),
                cues=message_cues(message.text),
            )
        )
    return out


def assess_thread(
    classifier: Classifier,
    messages: Sequence[ThreadMessage],
    thread_model: ThreadRescorer | None = None,
) -> ThreadResult:
    """The detector's state and assessment after the whole thread, scored by `thread_model`
    when given (else the hand-set escalation score)."""
    settings = ConflictSettings()
    state = replay(scored_messages(classifier, messages), settings)
    return ThreadResult(state, assess(state, settings, thread_model=thread_model))
