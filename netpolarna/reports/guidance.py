"""What the answer to a reporter rests on: crisis contacts, when a person will read it,
bystander advice (worded by `reports.schemas.guidance_view`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from netpolarna.reports.texts import ON_DAY_AT, RELATIVE_AT, TODAY, TOMORROW, WEEKDAYS
from netpolarna.tips.service import TipInLanguage

LOCALE_COUNTRY = {"sv": "SE", "da": "DK", "nb": "NO"}
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RULE = re.compile(
    r"^(?P<days>[a-z]{3}(?:-[a-z]{3})?)\s+(?P<start>\d{1,2}:\d{2})-(?P<end>\d{1,2}:\d{2})$"
)


@dataclass(frozen=True)
class CrisisContact:
    name: str
    phone: str
    description: dict[str, str]


_EMERGENCY = {
    "sv": "Ring 112 om någon är i fara just nu: polis, ambulans eller räddningstjänst.",
    "da": "Ring 112, hvis nogen er i fare lige nu: politi, ambulance eller brandvæsen.",
    "nb": "Ring 112 hvis noen er i fare akkurat nå. Politiet sender hjelp.",
    "en": "Call 112 if someone is in danger right now: police, ambulance or fire service.",
}

# Exactly the contacts the programme agreed per country; helplines list more.
CRISIS_CONTACTS: dict[str, tuple[CrisisContact, ...]] = {
    "SE": (
        CrisisContact("112", "112", _EMERGENCY),
        CrisisContact(
            "BRIS",
            "116 111",
            {
                "sv": "För dig under 18. Ring, chatta eller mejla. Du kan vara anonym.",
                "en": "For anyone under 18. Call, chat or e-mail. You can stay anonymous.",
            },
        ),
    ),
    "DK": (
        CrisisContact("112", "112", _EMERGENCY),
        CrisisContact(
            "Børnetelefonen",
            "116 111",
            {
                "da": "For børn og unge. Ring, chat eller skriv. Du kan være anonym.",
                "en": "For children and young people. Call, chat or write. You can stay anonymous.",
            },
        ),
    ),
    "NO": (
        CrisisContact("112", "112", _EMERGENCY),
        CrisisContact(
            "Alarmtelefonen for barn og unge",
            "116 111",
            {
                "nb": "For deg som er under 18 og trenger hjelp nå. Gratis, hele døgnet.",
                "en": "For anyone under 18 who needs help now. Free, day and night.",
            },
        ),
    ),
}


def contacts_country(locale: str, home_country: str) -> str:
    """Whose crisis contacts a reporter gets: their locale's country; English speakers (and
    unknown locales) get the home country's."""
    country = LOCALE_COUNTRY.get(locale, home_country)
    return country if country in CRISIS_CONTACTS else "SE"


StaffHours = dict[int, list[tuple[time, time]]]


def parse_staff_hours(spec: str) -> StaffHours:
    """`mon-fri 08:00-17:00; sat 10:00-14:00` -> {weekday: [(start, end)]}."""
    hours: StaffHours = {}
    for part in filter(None, (p.strip().lower() for p in spec.split(";"))):
        match = _RULE.match(part)
        if not match:
            raise ValueError(f"staff hours: cannot read {part!r}")
        first, _, last = match["days"].partition("-")
        start_day, end_day = _DAYS.index(first), _DAYS.index(last or first)
        start, end = (
            time.fromisoformat(match["start"].zfill(5)),
            time.fromisoformat(match["end"].zfill(5)),
        )
        if end <= start:
            raise ValueError(f"staff hours: {part!r} ends before it starts")
        day = start_day
        while True:
            hours.setdefault(day, []).append((start, end))
            if day == end_day:
                break
            day = (day + 1) % 7
    for spans in hours.values():
        spans.sort()
    return hours


def next_staffed(now: datetime, hours: StaffHours, zone: ZoneInfo) -> tuple[bool, datetime | None]:
    """Whether staff are working at `now`, else when they next start (in `zone`)."""
    local = now.astimezone(zone)
    for offset in range(8):
        day = (local + timedelta(days=offset)).date()
        for start, end in hours.get(day.weekday(), []):
            begins = datetime.combine(day, start, zone)
            ends = datetime.combine(day, end, zone)
            if begins <= local < ends:
                return True, None
            if local < begins:
                return False, begins
    return False, None


def describe_when(moment: datetime, now: datetime, locale: str) -> str:
    local_now = now.astimezone(moment.tzinfo)
    days_ahead = (moment.date() - local_now.date()).days
    clock = moment.strftime("%H:%M") if locale == "en" else moment.strftime("%H.%M")
    if days_ahead == 0:
        return RELATIVE_AT[locale].format(day=TODAY[locale], time=clock)
    if days_ahead == 1:
        return RELATIVE_AT[locale].format(day=TOMORROW[locale], time=clock)
    return ON_DAY_AT[locale].format(day=WEEKDAYS[locale][moment.weekday()], time=clock)


@dataclass(frozen=True, slots=True)
class Guidance:
    """What the answer to a new report rests on; `reports.schemas.guidance_view` words it."""

    locale: str
    urgent: bool
    for_friend: bool
    now: datetime
    staffed_now: bool
    next_staffed_at: datetime | None  # when staff next start, if not working now
    country: str  # whose crisis contacts apply
    friend_tips: list[TipInLanguage]

    @property
    def crisis_contacts(self) -> tuple[CrisisContact, ...]:
        return CRISIS_CONTACTS[self.country] if self.urgent else ()


def build_guidance(
    *,
    urgent: bool,
    for_friend: bool,
    locale: str,
    now: datetime,
    staff_hours: StaffHours,
    zone: ZoneInfo,
    home_country: str,
    friend_tips: list[TipInLanguage],
) -> Guidance:
    staffed, next_at = next_staffed(now, staff_hours, zone)
    return Guidance(
        locale=locale,
        urgent=urgent,
        for_friend=for_friend,
        now=now,
        staffed_now=staffed,
        next_staffed_at=next_at,
        country=contacts_country(locale, home_country),
        friend_tips=friend_tips if for_friend else [],
    )
