"""Helplines per country. Kept in code, reviewed like code: a wrong number must never ship
from a form field, and every deployment has them without loading anything."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

COUNTRIES = ("SE", "DK", "NO")


@dataclass(frozen=True)
class Helpline:
    id: str
    country: str
    name: str
    phone: str | None
    url: str | None
    emergency: bool
    description: dict[str, str]


HELPLINES: tuple[Helpline, ...] = (
    Helpline("se-112", "SE", "112 SOS Alarm", "112", "https://www.112.se", True, {
        "sv": "Ring 112 när någon är i fara just nu: polis, ambulans eller räddningstjänst.",
        "en": "Call 112 when someone is in danger right now: police, ambulance or fire service.",
    }),
    Helpline("se-bris", "SE", "BRIS", "116 111", "https://www.bris.se", False, {
        "sv": "För dig under 18. Ring, chatta eller mejla med en kurator. Du kan vara anonym "
        "och det syns inte på telefonräkningen.",
        "en": "For anyone under 18. Call, chat or e-mail a counsellor. You can stay anonymous "
        "and it does not show on the phone bill.",
    }),
    Helpline("se-polisen", "SE", "Polisen", "114 14", "https://polisen.se", False, {
        "sv": "När det inte är akut: anmäl brott som hot, hatbrott eller att någon sprider "
        "bilder på dig.",
        "en": "When it is not urgent: report crimes such as threats, hate crime or someone "
        "sharing pictures of you.",
    }),
    Helpline("se-1177", "SE", "1177", "1177", "https://www.1177.se", False, {
        "sv": "Sjukvårdsrådgivning dygnet runt, också när du mår psykiskt dåligt.",
        "en": "Health advice day and night, also when you are struggling mentally.",
    }),
    Helpline("se-mind", "SE", "Mind Självmordslinjen", "90101", "https://mind.se", False, {
        "sv": "Om du har tankar på att ta ditt liv. Ring eller chatta.",
        "en": "If you have thoughts of taking your own life. Call or chat.",
    }),
    Helpline("se-umo", "SE", "UMO", None, "https://www.umo.se", False, {
        "sv": "Ungdomsmottagningen på nätet för dig 13–25: kropp, relationer och hur du mår, "
        "och var din närmaste ungdomsmottagning finns.",
        "en": "The youth clinic online for ages 13–25: body, relationships and wellbeing, "
        "and where your nearest youth clinic is.",
    }),
    Helpline("dk-112", "DK", "112 Alarm", "112", None, True, {
        "da": "Ring 112, når nogen er i fare lige nu: politi, ambulance eller brandvæsen.",
        "en": "Call 112 when someone is in danger right now: police, ambulance or fire service.",
    }),
    Helpline("dk-bornetelefonen", "DK", "Børnetelefonen", "116 111",
             "https://bornetelefonen.dk", False, {
        "da": "Børns Vilkårs rådgivning for børn og unge. Ring, chat eller skriv. Du kan være "
        "anonym.",
        "en": "Børns Vilkår's counselling for children and young people. Call, chat or write. "
        "You can stay anonymous.",
    }),
    Helpline("dk-politi", "DK", "Politiet", "114", "https://politi.dk", False, {
        "da": "Når det ikke haster: anmeld trusler, hadforbrydelser eller deling af billeder.",
        "en": "When it is not urgent: report threats, hate crime or shared pictures.",
    }),
    Helpline("dk-livslinien", "DK", "Livslinien", "70 201 201", "https://www.livslinien.dk",
             False, {
        "da": "Anonym rådgivning, hvis du har tanker om selvmord.",
        "en": "Anonymous counselling if you have thoughts of suicide.",
    }),
    Helpline("dk-cyberhus", "DK", "Cyberhus", None, "https://cyberhus.dk", False, {
        "da": "Chat- og brevkasserådgivning for børn og unge, også om livet på nettet.",
        "en": "Chat and letter counselling for children and young people, also about life "
        "online.",
    }),
    Helpline("no-112", "NO", "112 Politi", "112", None, True, {
        "nb": "Ring 112 når noen er i fare akkurat nå. Ring 113 ved akutt sykdom eller skade.",
        "en": "Call 112 when someone is in danger right now. Call 113 for a medical "
        "emergency.",
    }),
    Helpline("no-116111", "NO", "Alarmtelefonen for barn og unge", "116 111",
             "https://www.116111.no", False, {
        "nb": "For deg som er under 18 og utsatt for vold, overgrep eller omsorgssvikt. "
        "Gratis, hele døgnet.",
        "en": "For anyone under 18 facing violence, abuse or neglect. Free, day and night.",
    }),
    Helpline("no-politi", "NO", "Politiet", "02800", "https://www.politiet.no", False, {
        "nb": "Når det ikke haster: anmeld trusler, hatkriminalitet eller deling av bilder.",
        "en": "When it is not urgent: report threats, hate crime or shared pictures.",
    }),
    Helpline("no-korspahalsen", "NO", "Kors på halsen (Røde Kors)", "800 33 321",
             "https://korspahalsen.no", False, {
        "nb": "For deg under 18 som vil snakke med en voksen. Ring, chat eller send "
        "melding. Du er anonym.",
        "en": "For anyone under 18 who wants to talk to an adult. Call, chat or write. You "
        "stay anonymous.",
    }),
    Helpline("no-mentalhelse", "NO", "Mental Helse Hjelpetelefonen", "116 123",
             "https://mentalhelse.no", False, {
        "nb": "Når du trenger noen å snakke med. Døgnåpen.",
        "en": "When you need someone to talk to. Open day and night.",
    }),
    Helpline("no-slettmeg", "NO", "Slettmeg.no", None, "https://slettmeg.no", False, {
        "nb": "Hjelp når noen har lagt ut krenkende innhold eller bilder av deg på nettet.",
        "en": "Help when someone has posted hurtful content or pictures of you online.",
    }),
)  # fmt: skip


def helplines(country: str | None, lang: str) -> list[dict[str, Any]]:
    """Emergency numbers first; descriptions in `lang`, else English."""
    chosen = [h for h in HELPLINES if country is None or h.country == country]
    chosen.sort(key=lambda h: (COUNTRIES.index(h.country), not h.emergency))
    return [
        {
            "id": h.id,
            "country": h.country,
            "name": h.name,
            "phone": h.phone,
            "url": h.url,
            "emergency": h.emergency,
            "description": h.description.get(lang) or h.description["en"],
        }
        for h in chosen
    ]
