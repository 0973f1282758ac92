"""The thread escalation score, kept incrementally as messages arrive.

A thread's `ConflictState` is a small, bounded summary (counts, decayed rates, the recent hostile
authors per target, the top evidence), so folding in one more message costs the same whether
the thread has 10 messages or 10,000. `assess` turns a state into a score in 0..1, a severity and
readable reasons (`reasons.py`). The types themselves live in `conflict_state.py`.

Critique is not a drev: only hostility *aimed at a person or a group* builds a pile-on, and
untargeted rough language (anger at a decision) weighs half in the hostile share. A heated but
civil debate therefore stays unflagged however many authors take part.

Pure Python: no Flask or database here (see `models.py` and `scoring.py`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from netpolarna.netwalk.detection.conflict_state import (
    HOSTILE_LABELS,
    Assessment,
    ConflictSettings,
    ConflictState,
    PileOn,
    ScoredMessage,
    ThreadRescorer,
)
from netpolarna.netwalk.detection.reasons import Reason, explain
from netpolarna.netwalk.detection.thread_features import fold_tally


def _decay(value: float, dt_seconds: float, tau_minutes: float) -> float:
    return value * math.exp(-dt_seconds / (tau_minutes * 60.0))


def _clamp(value: float) -> float:
    return 0.0 if value < 0 else 1.0 if value > 1 else value


def _burst_component(state: ConflictState, s: ConflictSettings) -> tuple[float, float]:
    if state.fast < s.burst_min_messages:
        return 0.0, 0.0
    fast_rate = state.fast / (s.burst_fast_minutes / 60.0)
    baseline = max(state.slow / (s.burst_slow_minutes / 60.0), s.burst_baseline_floor_per_hour)
    ratio = fast_rate / baseline
    span = s.burst_ratio_full - s.burst_ratio_start
    strength = _clamp((ratio - s.burst_ratio_start) / span) if span > 0 else float(ratio >= 1)
    hostile_share = _clamp(state.fast_hostile / state.fast)
    return strength * hostile_share, ratio


def _note_pileon(state: ConflictState, key: str, at: float, s: ConflictSettings) -> None:
    authors = state.targets[key]
    horizon = at - s.pileon_window_minutes * 60.0
    for author in [a for a, t in authors.items() if t < horizon]:
        del authors[author]
    times = list(authors.values())
    count = len(times)
    peak = state.pileon_peak
    if count and (peak is None or count > peak.authors):
        state.pileon_peak = PileOn(key, count, max(times) - min(times), at)


def _remember_target(state: ConflictState, key: str, author: str, at: float, s: ConflictSettings):
    authors = state.targets.get(key)
    if authors is None:
        if len(state.targets) >= s.max_targets:
            stalest = min(state.targets, key=lambda k: max(state.targets[k].values(), default=0))
            del state.targets[stalest]
        authors = state.targets[key] = {}
    authors[author] = max(at, authors.get(author, at))
    if len(authors) > s.max_authors_per_target:
        del authors[min(authors, key=lambda a: authors[a])]
    _note_pileon(state, key, at, s)


def _remember_evidence(state: ConflictState, message_id: int, weight: float, size: int) -> None:
    evidence = state.evidence
    if len(evidence) >= size and weight <= evidence[-1][1]:
        return
    evidence.append([message_id, round(weight, 4)])
    evidence.sort(key=lambda e: (-e[1], e[0]))
    del evidence[size:]


def update(state: ConflictState, message: ScoredMessage, settings: ConflictSettings) -> None:
    """Fold one new message into the thread's state (in place, bounded work)."""
    s = settings
    at = message.created_at.timestamp()
    state.total += 1
    state.max_message_id = max(state.max_message_id, message.id)
    if state.root_author is None:
        state.root_author = message.author
    dt = 0.0 if state.last_at is None else max(0.0, at - state.last_at)
    state.fast = _decay(state.fast, dt, s.burst_fast_minutes) + 1.0
    state.slow = _decay(state.slow, dt, s.burst_slow_minutes) + 1.0
    state.fast_hostile = _decay(state.fast_hostile, dt, s.burst_fast_minutes)
    state.first_at = at if state.first_at is None else min(state.first_at, at)
    state.last_at = at if state.last_at is None else max(state.last_at, at)
    for place in message.places:
        state.local_hits += 1
        if place in state.places or len(state.places) < s.max_places:
            state.places[place] = state.places.get(place, 0) + 1

    if message.label is None:
        return
    state.scored += 1
    fold_tally(state.learned, message, s.threat_threshold)
    hostile = message.label in HOSTILE_LABELS
    if message.label == "counter_speech":
        state.counter_speech += 1
    is_threat = message.threat >= s.threat_threshold
    if is_threat:
        state.threats += 1
        state.threat_max = max(state.threat_max, message.threat)
    if hostile:
        state.hostile += 1
        state.fast_hostile += 1.0
        if message.targets:
            state.targeted_hostile += 1
        for target in message.targets:
            _remember_target(state, target, message.author, at, s)
    burst, ratio = _burst_component(state, s)
    if burst > state.burst_peak:
        state.burst_peak, state.burst_peak_ratio = burst, ratio
    if hostile or is_threat:
        weight = message.hostility + (0.5 if message.targets else 0.0) + 2.0 * float(is_threat)
        _remember_evidence(state, message.id, weight, s.evidence_size)


def components(state: ConflictState, settings: ConflictSettings) -> dict[str, float]:
    s = settings
    untargeted = state.hostile - state.targeted_hostile
    weighted = state.targeted_hostile + s.untargeted_weight * untargeted
    share = weighted / state.scored if state.scored else 0.0
    width = s.hostile_share_full - s.hostile_share_floor
    hostile = _clamp((share - s.hostile_share_floor) / width) * min(
        1.0, state.hostile / max(1, s.hostile_min_messages)
    )
    peak = state.pileon_peak
    pileon = 0.0
    if peak is not None and peak.authors >= s.pileon_min_authors:
        pileon = _clamp((peak.authors - 1) / max(1, s.pileon_full_authors - 1))
    threat = 0.0
    if state.threats:
        threat = _clamp(state.threat_max + 0.1 * (state.threats - 1))
    return {
        "hostile_share": share,
        "hostile": hostile,
        "pile_on": pileon,
        "threat": threat,
        "burst": state.burst_peak,
    }


def assess(
    state: ConflictState, settings: ConflictSettings, thread_model: ThreadRescorer | None = None
) -> Assessment:
    """The thread's escalation score (0..1), severity, reasons and top evidence; with a learned
    `thread_model` (saved beside the classifier artefact) its probability is the score."""
    s = settings
    parts = components(state, s)
    weighted = {
        "pile_on": s.weight_pileon * parts["pile_on"],
        "threat": s.weight_threat * parts["threat"],
        "hostile": s.weight_hostile * parts["hostile"],
        "burst": s.weight_burst * parts["burst"],
    }
    base = 1.0 - math.prod(1.0 - w for w in weighted.values())
    score = base
    if base > 0 and state.local_hits:
        score = min(1.0, score * (1.0 + s.local_boost))
    if state.counter_speech and state.hostile:
        score *= 1.0 - s.counter_speech_damping * min(1.0, state.counter_speech / state.hostile)
    score = round(_clamp(score), 4)
    learned_reasons: list[Reason] = []
    if thread_model is not None:
        score, learned_reasons = thread_model.rescore(state)
    severity = s.severity_for(score)
    reasons = explain(state, parts, weighted, s.burst_fast_minutes, escalating=score > 0)
    reasons = learned_reasons + reasons
    evidence = [int(e[0]) for e in state.evidence]
    return Assessment(score, severity, reasons, evidence, {**parts, "base": base})


def replay(messages: Sequence[ScoredMessage], settings: ConflictSettings) -> ConflictState:
    """The state after these messages in time order (a full rebuild, e.g. after edits)."""
    state = ConflictState()
    for message in sorted(messages, key=lambda m: (m.created_at, m.id)):
        update(state, message, settings)
    return state
