"""The thread escalation score, kept incrementally as messages arrive.

A thread's `ConflictState` is a small, bounded summary (counts, decayed rates, the recent hostile
authors per target, the top evidence), so folding in one more message costs the same whether
the thread has 10 messages or 10,000. `assess` turns a state into a score in 0..1, a severity and
reasons in plain English and Swedish.

Critique is not a drev: only hostility *aimed at a person or a group* builds a pile-on, and
untargeted rough language (anger at a decision) weighs half in the hostile share. A heated but
civil debate therefore stays unflagged however many authors take part.

Pure Python: no Flask or database here (see `models.py` and `scoring.py`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from netpolarna.netwalk.detection.reasons import Reason, explain
from netpolarna.netwalk.detection.thread_features import fold_tally

if TYPE_CHECKING:
    from netpolarna.netwalk.detection.thread_model import ThreadModel

HOSTILE_LABELS = frozenset({"hateful", "offensive"})
SEVERITIES: tuple[str, ...] = ("none", "low", "medium", "high", "critical")
CONFIG_PREFIX = "CONFLICT_"


def severity_rank(severity: str | None) -> int:
    """0 for none (or unknown) up to 4 for critical."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else 0


@dataclass(frozen=True)
class ConflictSettings:
    """Every threshold of the detector; each is the config key `CONFLICT_<NAME>` in upper case."""

    # Hostile share: targeted hostility counts fully, untargeted rough language by this weight.
    untargeted_weight: float = 0.5
    hostile_share_floor: float = 0.15
    hostile_share_full: float = 0.6
    hostile_min_messages: int = 3
    # Pile-on: distinct authors hostile to one person or group within the window.
    pileon_min_authors: int = 3
    pileon_full_authors: int = 6
    pileon_window_minutes: int = 24 * 60
    # Threats: a message counts as a threat from this probability.
    threat_threshold: float = 0.5
    # Bursts: a fast decayed rate against the thread's own slow baseline.
    burst_fast_minutes: float = 15.0
    burst_slow_minutes: float = 6 * 60.0
    burst_baseline_floor_per_hour: float = 2.0
    burst_min_messages: float = 5.0
    burst_ratio_start: float = 3.0
    burst_ratio_full: float = 8.0
    # Component weights, combined as a noisy-OR.
    weight_pileon: float = 0.7
    weight_threat: float = 0.8
    weight_hostile: float = 0.4
    weight_burst: float = 0.3
    # Counter-speech lowers urgency by up to this fraction; local relevance raises it.
    counter_speech_damping: float = 0.2
    local_boost: float = 0.15
    # Severity thresholds on the final score.
    severity_low: float = 0.3
    severity_medium: float = 0.5
    severity_high: float = 0.7
    severity_critical: float = 0.88
    # Bounds that keep the per-message cost flat.
    evidence_size: int = 10
    max_targets: int = 32
    max_authors_per_target: int = 64
    max_places: int = 16

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ConflictSettings:
        values: dict[str, Any] = {}
        for f in fields(cls):
            key = CONFIG_PREFIX + f.name.upper()
            if key in config:
                default = getattr(cls, f.name)
                values[f.name] = type(default)(config[key])
        return cls(**values)

    @classmethod
    def defaults_as_config(cls) -> dict[str, Any]:
        return {CONFIG_PREFIX + f.name.upper(): getattr(cls, f.name) for f in fields(cls)}

    def severity_for(self, score: float) -> str:
        if score >= self.severity_critical:
            return "critical"
        if score >= self.severity_high:
            return "high"
        if score >= self.severity_medium:
            return "medium"
        if score >= self.severity_low:
            return "low"
        return "none"


@dataclass(frozen=True, slots=True)
class ScoredMessage:
    """One message as the detector sees it; targets are resolved keys ("person:…", "group:…")."""

    id: int
    author: str
    created_at: datetime
    label: str | None  # None: not classified (no model yet)
    hostility: float = 0.0  # P(hateful) + P(offensive)
    threat: float = 0.0
    targets: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    # word cues of the text for the learned thread model (`thread_features.py`)
    cues: tuple[str, ...] = ()


@dataclass
class PileOn:
    target: str
    authors: int
    span_seconds: float
    at: float


@dataclass
class ConflictState:
    """The bounded running summary of one thread (stored as JSON)."""

    total: int = 0
    scored: int = 0
    hostile: int = 0
    targeted_hostile: int = 0
    counter_speech: int = 0
    threats: int = 0
    threat_max: float = 0.0
    first_at: float | None = None
    last_at: float | None = None
    max_message_id: int = 0
    root_author: str | None = None
    # Exponentially decayed message counts (fast, slow) and hostile count (fast).
    fast: float = 0.0
    slow: float = 0.0
    fast_hostile: float = 0.0
    burst_peak: float = 0.0  # the strongest burst component seen
    burst_peak_ratio: float = 0.0
    # target key -> {author key: last hostile time}
    targets: dict[str, dict[str, float]] = field(default_factory=dict)
    pileon_peak: PileOn | None = None
    places: dict[str, int] = field(default_factory=dict)
    local_hits: int = 0
    # [[message id, evidence score], ...] best first
    evidence: list[list[float]] = field(default_factory=list)
    # the learned thread model's bounded tally (`thread_features.fold_tally`)
    learned: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> ConflictState:
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        peak = values.get("pileon_peak")
        if isinstance(peak, Mapping):
            values["pileon_peak"] = PileOn(**peak)
        values["targets"] = {k: dict(v) for k, v in (values.get("targets") or {}).items()}
        values["places"] = dict(values.get("places") or {})
        values["evidence"] = [list(e) for e in (values.get("evidence") or [])]
        return cls(**values)


@dataclass(frozen=True)
class Assessment:
    score: float
    severity: str
    reasons: list[Reason]
    evidence_ids: list[int]
    components: dict[str, float]


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
    state: ConflictState, settings: ConflictSettings, thread_model: ThreadModel | None = None
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
