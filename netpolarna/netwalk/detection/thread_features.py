"""Conversation features of a thread for the learned pile-on model (`thread_model.py`).

Two halves:
- `message_cues(text)` (`thread_cues.py`): word cues of one message (agreement, mobilisation,
  exposure of a person, spreading) in the four languages;
- `fold_tally(tally, message, ...)`: folds one scored message into a small bounded dict kept in
  the thread's `ConflictState.learned`, so the features cost the same per message whether the
  thread has 10 or 10,000 messages. `features(state)` turns state + tally into a fixed vector.

`thread_replay.assess_thread` runs a whole thread offline through the detector's own fold.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from netpolarna.netwalk.classifier.model import THREAT_LEVELS

# re-exported: the detector's scorer imports them from here
from netpolarna.netwalk.detection.thread_cues import CUE_NAMES as CUE_NAMES
from netpolarna.netwalk.detection.thread_cues import message_cues as message_cues

if TYPE_CHECKING:
    from netpolarna.netwalk.detection.conflict_state import ConflictState, ScoredMessage

HOSTILE = frozenset({"hateful", "offensive"})
# Sets of authors in the tally stay under this size (oldest dropped), so it stays bounded.
MAX_AUTHORS = 64
# Threats are counted at each of `THREAT_LEVELS` (message threat scores); the thread model reads
# the count of threats in hostile messages at the threshold its training justified
# (`ThreadModel.threat_threshold`).
MAX_CUE_IDS = 10
# Hostile (author, person) pairs kept to tell mutual banter from a crowd on one person.
MAX_PAIRS = 128
# The tally's keys per threat level, spelled once rather than for every message.
_THREAT_KEYS = tuple(
    (level, f"threats@{level}", f"hostile_threats@{level}") for level in THREAT_LEVELS
)


def _add_author(authors: list[str], author: str) -> None:
    if author in authors:
        return
    authors.append(author)
    if len(authors) > MAX_AUTHORS:
        del authors[0]


def _fold_pairs(
    tally: MutableMapping[str, Any], author: str, people: list[str], bump: Callable[[str], None]
) -> None:
    """Friends roasting each other attack people who attack them back, and who are rough
    themselves; a crowd on one person attacks someone who mostly is not. Counted per hostile
    message aimed at a person, before this message joins the authors."""
    if not people:
        return
    pairs = tally.setdefault("hostile_pairs", [])
    hostile_authors = tally.get("hostile_authors", [])
    if any(f"{person}>{author}" in pairs for person in people):
        bump("reciprocal_hostile")
    if any(person in hostile_authors for person in people):
        bump("hostile_at_hostile")
    for person in people:
        pair = f"{author}>{person}"
        if pair not in pairs:
            pairs.append(pair)
    del pairs[:-MAX_PAIRS]


def fold_tally(
    tally: MutableMapping[str, Any], message: ScoredMessage, threat_threshold: float
) -> None:
    """Fold one classified message into the tally (in place, bounded work)."""
    counts = tally.setdefault("counts", {})
    authors = tally.setdefault("authors", [])
    hostile_authors = tally.setdefault("hostile_authors", [])
    defenders = tally.setdefault("defenders", [])
    cue_ids = tally.setdefault("cue_ids", [])
    hostile = message.label in HOSTILE

    def bump(key: str, by: float = 1.0) -> None:
        counts[key] = counts.get(key, 0.0) + by

    bump("messages")
    bump("hostility", message.hostility)
    _add_author(authors, message.author)
    if hostile:
        _add_author(hostile_authors, message.author)
        people = [t for t in message.targets if t.startswith("person:")]
        if people:
            bump("person_hostile")
        if any(t[len("person:") :] in defenders for t in people):
            bump("defender_attacks")
        _fold_pairs(tally, message.author, [t[len("person:") :] for t in people], bump)
        if not message.targets:
            bump("untargeted_hostile")
    if message.label == "counter_speech":
        _add_author(defenders, message.author)
    threat = message.threat
    if threat >= threat_threshold:
        bump("threats")
    if threat > 0.0:  # most messages: no level below is reached
        for level, key, hostile_key in _THREAT_KEYS:
            if threat >= level:
                bump(key)
                # A threat-like word in a friendly message ("this exam is killing me") is not
                # a reason: the model's threat features count threats in hostile messages only.
                if hostile:
                    bump(hostile_key)
        if threat > counts.get("threat_max", 0.0):
            counts["threat_max"] = threat
        if hostile and threat > counts.get("hostile_threat_max", 0.0):
            counts["hostile_threat_max"] = threat
    cues = getattr(message, "cues", ())
    for cue in cues:
        bump(cue)
        # agreement counts as hostile pile-on support only next to hostility
        if cue != "agree" or hostile:
            bump(f"{cue}_hostile" if hostile else cue + "_any")
    if cues and (hostile or message.threat >= threat_threshold):
        cue_ids.append(message.id)
        del cue_ids[:-MAX_CUE_IDS]


FEATURE_NAMES: tuple[str, ...] = (
    "size",
    "hostile_share",
    "targeted_hostile_share",
    "untargeted_hostile_share",
    "counter_speech_share",
    "pile_on_authors",
    "hostile_author_share",
    "hostile_authors",
    "threats",
    "threat_max",
    "burst",
    "agreement",
    "mobilisation",
    "exposure",
    "spreading",
    "defender_attacks",
    "mean_hostility",
    "person_hostile_share",
    "local",
    "reciprocal_share",
    "target_also_hostile_share",
)


def threat_level(threshold: float) -> float:
    """The highest counted level at or below `threshold` (the lowest level if none is)."""
    return max((lv for lv in THREAT_LEVELS if lv <= threshold + 1e-9), default=THREAT_LEVELS[0])


def features(state: ConflictState, threat_threshold: float = 0.5) -> np.ndarray:
    """The thread's feature vector (FEATURE_NAMES order), each roughly in 0..1.

    Threats count only from `threat_threshold`: below it a threat score is not a reason."""
    tally = state.learned
    level = threat_level(threat_threshold)
    counts = tally.get("counts", {})
    n = max(counts.get("messages", 0.0), 1.0)
    scored = max(state.scored, 1)
    authors = max(len(tally.get("authors", [])), 1)
    hostile_authors = len(tally.get("hostile_authors", []))
    peak = state.pileon_peak.authors if state.pileon_peak is not None else 0
    person_hostile = max(counts.get("person_hostile", 0.0), 1.0)

    def capped(key: str, cap: float = 3.0) -> float:
        return min(counts.get(key, 0.0), cap) / cap

    return np.array(
        [
            min(np.log1p(n) / 5.0, 1.0),
            state.hostile / scored,
            state.targeted_hostile / scored,
            counts.get("untargeted_hostile", 0.0) / n,
            state.counter_speech / scored,
            min(peak, 10) / 10.0,
            hostile_authors / authors,
            min(hostile_authors, 10) / 10.0,
            capped(f"hostile_threats@{level}"),
            threat_max if (threat_max := counts.get("hostile_threat_max", 0.0)) >= level else 0.0,
            state.burst_peak,
            min(counts.get("agree_hostile", 0.0) + 0.5 * counts.get("agree", 0.0), n) / n,
            capped("mobilise_hostile") + 0.3 * capped("mobilise_any"),
            capped("expose_hostile") + 0.3 * capped("expose_any"),
            capped("spread_hostile") + 0.3 * capped("spread_any"),
            capped("defender_attacks"),
            counts.get("hostility", 0.0) / n,
            counts.get("person_hostile", 0.0) / n,
            float(state.local_hits > 0),
            counts.get("reciprocal_hostile", 0.0) / person_hostile,
            counts.get("hostile_at_hostile", 0.0) / person_hostile,
        ],
        dtype=np.float64,
    )


# --- Offline scoring of a whole thread -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ThreadMessage:
    id: str
    parent_id: str | None
    author: str
    text: str
    created_at: datetime
    lang: str
