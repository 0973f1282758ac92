"""Plain-word reasons for a thread's escalation score, in sv, da, nb and en.

A reason is its code, the numbers it speaks of and its weight; its words come from the i18n
catalogue (`common.i18n`) like every other text, in whichever language a reader asks for.
Flags keep English and Swedish with the reason (`to_dict`); the API gives the reader's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from netpolarna.common.i18n import register_texts, translate


class ExplainedState(Protocol):
    """What `explain` reads of a thread's escalation state (`escalation.ConflictState`)."""

    @property
    def pileon_peak(self) -> Any: ...
    @property
    def threat_max(self) -> float: ...
    @property
    def threats(self) -> int: ...
    @property
    def hostile(self) -> int: ...
    @property
    def scored(self) -> int: ...
    @property
    def burst_peak_ratio(self) -> float: ...
    @property
    def counter_speech(self) -> int: ...
    @property
    def local_hits(self) -> int: ...
    @property
    def places(self) -> Mapping[str, int]: ...


register_texts(
    {
        "reason.pile_on": {
            "en": "{authors} different accounts are attacking {target} within {duration}",
            "sv": "{authors} olika konton angriper {target} inom {duration}",
            "da": "{authors} forskellige konti angriber {target} inden for {duration}",
            "nb": "{authors} forskjellige kontoer angriper {target} innen {duration}",
        },
        "reason.threat.one": {
            "en": "{n} message contains a threat (strongest {pct}%)",
            "sv": "{n} meddelande innehåller hot (starkast {pct} %)",
            "da": "{n} besked indeholder en trussel (stærkest {pct} %)",
            "nb": "{n} melding inneholder en trussel (sterkest {pct} %)",
        },
        "reason.threat.many": {
            "en": "{n} messages contain a threat (strongest {pct}%)",
            "sv": "{n} meddelanden innehåller hot (starkast {pct} %)",
            "da": "{n} beskeder indeholder trusler (stærkest {pct} %)",
            "nb": "{n} meldinger inneholder trusler (sterkest {pct} %)",
        },
        "reason.hostile_share": {
            "en": "{hostile} of {scored} messages ({pct}%) are hateful or offensive",
            "sv": "{hostile} av {scored} meddelanden ({pct} %) är hatiska eller kränkande",
            "da": "{hostile} af {scored} beskeder ({pct} %) er hadefulde eller krænkende",
            "nb": "{hostile} av {scored} meldinger ({pct} %) er hatefulle eller krenkende",
        },
        "reason.burst": {
            "en": "Activity jumped to {ratio} times the thread's usual pace (measured over "
            "{duration}), most of it hostile",
            "sv": "Aktiviteten steg till {ratio} gånger trådens vanliga takt (mätt över "
            "{duration}), mest fientliga inlägg",
            "da": "Aktiviteten steg til {ratio} gange trådens sædvanlige tempo (målt over "
            "{duration}), mest fjendtlige indlæg",
            "nb": "Aktiviteten steg til {ratio} ganger trådens vanlige tempo (målt over "
            "{duration}), mest fiendtlige innlegg",
        },
        "reason.counter_speech.one": {
            "en": "{n} message pushes back against the hostility (counter-speech), which "
            "lowers the urgency",
            "sv": "{n} meddelande säger emot hatet (motprat), vilket sänker brådskan",
            "da": "{n} besked siger imod hadet (modtale), hvilket sænker hastværket",
            "nb": "{n} melding sier imot hatet (motytring), noe som senker hastegraden",
        },
        "reason.counter_speech.many": {
            "en": "{n} messages push back against the hostility (counter-speech), which "
            "lowers the urgency",
            "sv": "{n} meddelanden säger emot hatet (motprat), vilket sänker brådskan",
            "da": "{n} beskeder siger imod hadet (modtale), hvilket sænker hastværket",
            "nb": "{n} meldinger sier imot hatet (motytring), noe som senker hastegraden",
        },
        "reason.local": {
            "en": "Mentions local places or schools: {names}",
            "sv": "Nämner lokala platser eller skolor: {names}",
            "da": "Nævner lokale steder eller skoler: {names}",
            "nb": "Nevner lokale steder eller skoler: {names}",
        },
        "reason.target.group": {
            "en": "the same group ({group})",
            "sv": "samma grupp ({group})",
            "da": "den samme gruppe ({group})",
            "nb": "den samme gruppen ({group})",
        },
        "reason.target.person": {
            "en": "the same person",
            "sv": "samma person",
            "da": "den samme person",
            "nb": "den samme personen",
        },
        "reason.group.ethnicity": {
            "en": "ethnicity or origin",
            "sv": "etnicitet eller ursprung",
            "da": "etnicitet eller oprindelse",
            "nb": "etnisitet eller opprinnelse",
        },
        "reason.group.lgbtq": {
            "en": "LGBTQ people",
            "sv": "hbtqi-personer",
            "da": "LGBTQ+-personer",
            "nb": "skeive",
        },
        "reason.group.religion": {
            "en": "religion",
            "sv": "religion",
            "da": "religion",
            "nb": "religion",
        },
        "reason.group.gender": {"en": "gender", "sv": "kön", "da": "køn", "nb": "kjønn"},
        "reason.group.disability": {
            "en": "disability",
            "sv": "funktionsnedsättning",
            "da": "handicap",
            "nb": "funksjonsnedsettelse",
        },
        "reason.group.appearance": {
            "en": "appearance",
            "sv": "utseende",
            "da": "udseende",
            "nb": "utseende",
        },
        "reason.duration.a_minute": {
            "en": "a minute",
            "sv": "en minut",
            "da": "et minut",
            "nb": "ett minutt",
        },
        "reason.duration.minute": {
            "en": "{n} minute",
            "sv": "{n} minut",
            "da": "{n} minut",
            "nb": "{n} minutt",
        },
        "reason.duration.minutes": {
            "en": "{n} minutes",
            "sv": "{n} minuter",
            "da": "{n} minutter",
            "nb": "{n} minutter",
        },
        "reason.duration.days": {
            "en": "{n} days",
            "sv": "{n} dagar",
            "da": "{n} dage",
            "nb": "{n} dager",
        },
        "reason.duration.hours": {
            "en": "{n} hours",
            "sv": "{n} timmar",
            "da": "{n} timer",
            "nb": "{n} timer",
        },
    }
)


# The learned pile-on model's reasons (`thread_model.ThreadModel.reasons`): code
# `learned_<feature>`, the feature's words and the messages that carried it.
register_texts(
    {
        "reason.learned": {
            "en": "Pile-on model: {feature}.",
            "sv": "Drevmodellen: {feature}.",
            "da": "Hetzmodellen: {feature}.",
            "nb": "Hetsmodellen: {feature}.",
        },
        "reason.learned.where": {
            "en": "Pile-on model: {feature} (messages {ids}).",
            "sv": "Drevmodellen: {feature} (meddelanden {ids}).",
            "da": "Hetzmodellen: {feature} (beskeder {ids}).",
            "nb": "Hetsmodellen: {feature} (meldinger {ids}).",
        },
        "reason.feature.size": {
            "en": "a long thread",
            "sv": "en lång tråd",
            "da": "en lang tråd",
            "nb": "en lang tråd",
        },
        "reason.feature.hostile_share": {
            "en": "a large share of hostile messages",
            "sv": "en stor andel fientliga meddelanden",
            "da": "en stor andel fjendtlige beskeder",
            "nb": "en stor andel fiendtlige meldinger",
        },
        "reason.feature.targeted_hostile_share": {
            "en": "hostility aimed at a person or group",
            "sv": "fientlighet riktad mot en person eller grupp",
            "da": "fjendtlighed rettet mod en person eller gruppe",
            "nb": "fiendtlighet rettet mot en person eller gruppe",
        },
        "reason.feature.untargeted_hostile_share": {
            "en": "rough language",
            "sv": "grovt språk",
            "da": "groft sprog",
            "nb": "grovt språk",
        },
        "reason.feature.counter_speech_share": {
            "en": "counter-speech",
            "sv": "motprat",
            "da": "modtale",
            "nb": "motytringer",
        },
        "reason.feature.pile_on_authors": {
            "en": "several authors turning on the same target",
            "sv": "flera avsändare som vänder sig mot samma mål",
            "da": "flere afsendere der vender sig mod det samme mål",
            "nb": "flere avsendere som vender seg mot det samme målet",
        },
        "reason.feature.hostile_author_share": {
            "en": "most authors are hostile",
            "sv": "de flesta avsändare är fientliga",
            "da": "de fleste afsendere er fjendtlige",
            "nb": "de fleste avsenderne er fiendtlige",
        },
        "reason.feature.hostile_authors": {
            "en": "many hostile authors",
            "sv": "många fientliga avsändare",
            "da": "mange fjendtlige afsendere",
            "nb": "mange fiendtlige avsendere",
        },
        "reason.feature.threats": {
            "en": "threats",
            "sv": "hot",
            "da": "trusler",
            "nb": "trusler",
        },
        "reason.feature.threat_max": {
            "en": "a likely threat",
            "sv": "ett troligt hot",
            "da": "en sandsynlig trussel",
            "nb": "en sannsynlig trussel",
        },
        "reason.feature.burst": {
            "en": "a burst of hostile messages",
            "sv": "en skur av fientliga meddelanden",
            "da": "en byge af fjendtlige beskeder",
            "nb": "en byge av fiendtlige meldinger",
        },
        "reason.feature.agreement": {
            "en": "short replies agreeing with the attacks",
            "sv": "korta svar som instämmer i angreppen",
            "da": "korte svar der giver angrebene ret",
            "nb": "korte svar som gir angrepene rett",
        },
        "reason.feature.mobilisation": {
            "en": "calls to join in",
            "sv": "uppmaningar att hänga på",
            "da": "opfordringer til at være med",
            "nb": "oppfordringer til å henge seg på",
        },
        "reason.feature.exposure": {
            "en": "exposure of the target (school, class, handle, whereabouts)",
            "sv": "utpekande av målet (skola, klass, konto, var hen finns)",
            "da": "udpegning af målet (skole, klasse, konto, hvor personen er)",
            "nb": "utpeking av målet (skole, klasse, konto, hvor personen er)",
        },
        "reason.feature.spreading": {
            "en": "spreading the post further",
            "sv": "spridning av inlägget vidare",
            "da": "videre spredning af opslaget",
            "nb": "videre spredning av innlegget",
        },
        "reason.feature.defender_attacks": {
            "en": "attacks on those who defend the target",
            "sv": "angrepp på den som försvarar",
            "da": "angreb på dem der forsvarer målet",
            "nb": "angrep på dem som forsvarer målet",
        },
        "reason.feature.mean_hostility": {
            "en": "a hostile tone throughout",
            "sv": "en fientlig ton genom hela tråden",
            "da": "en fjendtlig tone gennem hele tråden",
            "nb": "en fiendtlig tone gjennom hele tråden",
        },
        "reason.feature.person_hostile_share": {
            "en": "attacks on one person",
            "sv": "angrepp på en person",
            "da": "angreb på én person",
            "nb": "angrep på én person",
        },
        "reason.feature.local": {
            "en": "local places named",
            "sv": "lokala platser nämns",
            "da": "lokale steder nævnes",
            "nb": "lokale steder nevnes",
        },
        "reason.feature.reciprocal_share": {
            "en": "people attacking each other back and forth",
            "sv": "personer som angriper varandra fram och tillbaka",
            "da": "personer der angriber hinanden frem og tilbage",
            "nb": "personer som angriper hverandre fram og tilbake",
        },
        "reason.feature.target_also_hostile_share": {
            "en": "attacks on people who are hostile themselves",
            "sv": "angrepp på personer som själva är fientliga",
            "da": "angreb på personer der selv er fjendtlige",
            "nb": "angrep på personer som selv er fiendtlige",
        },
    }
)


def duration_text(seconds: float, locale: str) -> str:
    """ "40 minutes", "40 minuter" and the like, rounded for a human reader."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return translate("reason.duration.a_minute", locale)
    if minutes < 90:
        key = "reason.duration.minute" if minutes == 1 else "reason.duration.minutes"
        return translate(key, locale, n=minutes)
    hours = round(minutes / 60)
    if hours < 36:
        return translate("reason.duration.hours", locale, n=hours)
    return translate("reason.duration.days", locale, n=round(hours / 24))


def target_text(key: str, locale: str) -> str:
    kind, _, name = key.partition(":")
    if kind == "group":
        group_key = f"reason.group.{name}"
        group = translate(group_key, locale)
        return translate("reason.target.group", locale, group=name if group == group_key else group)
    return translate("reason.target.person", locale)


def reason_text(code: str, params: Mapping[str, Any], locale: str) -> str:
    """The words of a reason in `locale` (English where a text is missing)."""
    values = dict(params)
    if "seconds" in values:
        values["duration"] = duration_text(values.pop("seconds"), locale)
    if "target" in values:
        values["target"] = target_text(values["target"], locale)
    key = f"reason.{code}"
    if code.startswith("learned_"):
        feature = str(values.get("feature", code.removeprefix("learned_")))
        words = translate(f"reason.feature.{feature}", locale)
        values["feature"] = feature if words == f"reason.feature.{feature}" else words
        key = "reason.learned.where" if values.get("ids") else "reason.learned"
    elif code in ("threat", "counter_speech"):
        key += ".one" if values["n"] == 1 else ".many"
    return translate(key, locale, **values)


@dataclass(frozen=True)
class Reason:
    code: str
    weight: float
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, locale: str) -> str:
        return reason_text(self.code, self.params, locale)

    @property
    def en(self) -> str:
        return self.text("en")

    @property
    def sv(self) -> str:
        return self.text("sv")

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "en": self.en,
            "sv": self.sv,
            "weight": round(self.weight, 3),
            "params": self.params,
        }


def explain(
    state: ExplainedState,
    parts: dict[str, float],
    weighted: dict[str, float],
    burst_minutes: float,
    *,
    escalating: bool,
) -> list[Reason]:
    reasons: list[Reason] = []
    peak = state.pileon_peak
    if peak is not None and parts["pile_on"] > 0:
        params = {"authors": peak.authors, "target": peak.target, "seconds": peak.span_seconds}
        reasons.append(Reason("pile_on", weighted["pile_on"], params))
    if parts["threat"] > 0:
        params = {"n": state.threats, "pct": round(state.threat_max * 100)}
        reasons.append(Reason("threat", weighted["threat"], params))
    if parts["hostile"] > 0:
        pct = round(100 * state.hostile / max(1, state.scored))
        params = {"hostile": state.hostile, "scored": state.scored, "pct": pct}
        reasons.append(Reason("hostile_share", weighted["hostile"], params))
    if parts["burst"] > 0:
        params = {"ratio": round(state.burst_peak_ratio), "seconds": burst_minutes * 60}
        reasons.append(Reason("burst", weighted["burst"], params))
    if state.counter_speech and state.hostile:
        reasons.append(Reason("counter_speech", 0.0, {"n": state.counter_speech}))
    if state.local_hits and escalating:
        names = ", ".join(sorted(state.places, key=lambda p: (-state.places[p], p))[:5])
        reasons.append(Reason("local", 0.0, {"names": names}))
    reasons.sort(key=lambda r: -r.weight)
    return reasons
