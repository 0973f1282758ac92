"""The detector's own types: its settings, the message it folds, the thread state and the
assessment; shared by the escalation score, the learned thread model and the offline replay,
so none of those imports another to name a type.

Pure Python: no Flask or database here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any, Protocol

from netpolarna.netwalk.detection.reasons import Reason

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
        """A JSON-ready copy that shares no container with the state (the stored row must not
        change when the state does). Written out because `asdict` copies recursively, value by
        value, and this runs for every thread of every stored batch."""
        data = {name: getattr(self, name) for name in _STATE_FIELDS}
        data["targets"] = {key: dict(authors) for key, authors in self.targets.items()}
        data["pileon_peak"] = asdict(self.pileon_peak) if self.pileon_peak is not None else None
        data["places"] = dict(self.places)
        data["evidence"] = [list(entry) for entry in self.evidence]
        data["learned"] = {key: _shallow_copy(value) for key, value in self.learned.items()}
        return data

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


_STATE_FIELDS = tuple(f.name for f in fields(ConflictState))


def _shallow_copy(value: Any) -> Any:
    """The learned tally holds flat dicts and lists of plain values: one level is a full copy."""
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


@dataclass(frozen=True)
class Assessment:
    score: float
    severity: str
    reasons: list[Reason]
    evidence_ids: list[int]
    components: dict[str, float]


class ThreadRescorer(Protocol):
    """A learned thread model as the assessment uses it (`thread_model.ThreadModel`)."""

    def rescore(self, state: ConflictState) -> tuple[float, list[Reason]]: ...
