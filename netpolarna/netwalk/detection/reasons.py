"""Plain-word reasons for a thread's escalation score, in English and Swedish."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netpolarna.netwalk.detection.escalation import ConflictState

GROUP_NAMES = {
    "ethnicity": ("ethnicity or origin", "etnicitet eller ursprung"),
    "religion": ("religion", "religion"),
    "lgbtq": ("LGBTQ people", "hbtqi-personer"),
    "gender": ("gender", "kön"),
    "disability": ("disability", "funktionsnedsättning"),
    "appearance": ("appearance", "utseende"),
}


@dataclass(frozen=True)
class Reason:
    code: str
    en: str
    sv: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "en": self.en, "sv": self.sv, "weight": round(self.weight, 3)}


def duration_words(seconds: float) -> tuple[str, str]:
    """("40 minutes", "40 minuter") and the like, rounded for a human reader."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return "a minute", "en minut"
    if minutes < 90:
        return (
            f"{minutes} minute{'s' if minutes != 1 else ''}",
            f"{minutes} minut{'er' if minutes != 1 else ''}",
        )
    hours = round(minutes / 60)
    if hours < 36:
        return f"{hours} hours", f"{hours} timmar"
    days = round(hours / 24)
    return f"{days} days", f"{days} dagar"


def _target_words(key: str) -> tuple[str, str]:
    kind, _, name = key.partition(":")
    if kind == "group":
        en, sv = GROUP_NAMES.get(name, (name, name))
        return f"the same group ({en})", f"samma grupp ({sv})"
    return "the same person", "samma person"


def explain(
    state: ConflictState,
    parts: dict[str, float],
    weighted: dict[str, float],
    burst_minutes: float,
    *,
    escalating: bool,
) -> list[Reason]:
    reasons: list[Reason] = []
    peak = state.pileon_peak
    if peak is not None and parts["pile_on"] > 0:
        en_t, sv_t = _target_words(peak.target)
        en_d, sv_d = duration_words(peak.span_seconds)
        reasons.append(
            Reason(
                "pile_on",
                f"{peak.authors} different accounts are attacking {en_t} within {en_d}",
                f"{peak.authors} olika konton angriper {sv_t} inom {sv_d}",
                weighted["pile_on"],
            )
        )
    if parts["threat"] > 0:
        pct = round(state.threat_max * 100)
        one = state.threats == 1
        reasons.append(
            Reason(
                "threat",
                f"{state.threats} message{'' if one else 's'} contain{'s' if one else ''} "
                f"a threat (strongest {pct}%)",
                f"{state.threats} meddelande{'' if one else 'n'} innehåller hot (starkast {pct} %)",
                weighted["threat"],
            )
        )
    if parts["hostile"] > 0:
        pct = round(100 * state.hostile / max(1, state.scored))
        reasons.append(
            Reason(
                "hostile_share",
                f"{state.hostile} of {state.scored} messages ({pct}%) are hateful or offensive",
                f"{state.hostile} av {state.scored} meddelanden ({pct} %) är hatiska eller "
                "kränkande",
                weighted["hostile"],
            )
        )
    if parts["burst"] > 0:
        ratio = round(state.burst_peak_ratio)
        en_d, sv_d = duration_words(burst_minutes * 60)
        reasons.append(
            Reason(
                "burst",
                f"Activity jumped to {ratio} times the thread's usual pace (measured over "
                f"{en_d}), most of it hostile",
                f"Aktiviteten steg till {ratio} gånger trådens vanliga takt (mätt över {sv_d}), "
                "mest fientliga inlägg",
                weighted["burst"],
            )
        )
    if state.counter_speech and state.hostile:
        n = state.counter_speech
        reasons.append(
            Reason(
                "counter_speech",
                f"{n} message{'s' if n != 1 else ''} push{'' if n != 1 else 'es'} back against "
                "the hostility (counter-speech), which lowers the urgency",
                f"{n} meddelande{'n' if n != 1 else ''} säger emot hatet (motprat), vilket "
                "sänker brådskan",
                0.0,
            )
        )
    if state.local_hits and escalating:
        names = ", ".join(sorted(state.places, key=lambda p: (-state.places[p], p))[:5])
        reasons.append(
            Reason(
                "local",
                f"Mentions local places or schools: {names}",
                f"Nämner lokala platser eller skolor: {names}",
                0.0,
            )
        )
    reasons.sort(key=lambda r: -r.weight)
    return reasons
