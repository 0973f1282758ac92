"""What a young person reads about their report, in sv, da, nb and en."""

from __future__ import annotations

from netpolarna.common.i18n import register_texts, translate

STATUSES = ("received", "in_review", "action_taken", "closed")
OUTCOMES = (
    "reported_to_platform",
    "content_removed",
    "contacted_school",
    "referred_to_support",
    "referred_to_police",
    "counter_speech",
    "resolved_together",
    "no_action_possible",
)

TEXTS: dict[str, dict[str, str]] = {
    "report.status.received": {
        "en": "We have received your report. A person from Nätpolarna will read it.",
        "sv": "Vi har tagit emot din anmälan. En person på Nätpolarna kommer att läsa den.",
        "da": "Vi har modtaget din anmeldelse. En person fra Nätpolarna vil læse den.",
        "nb": "Vi har mottatt meldingen din. En person fra Nätpolarna kommer til å lese den.",
    },
    "report.status.in_review": {
        "en": "We are looking into what happened.",
        "sv": "Vi undersöker vad som har hänt.",
        "da": "Vi undersøger, hvad der er sket.",
        "nb": "Vi ser på hva som har skjedd.",
    },
    "report.status.action_taken": {
        "en": "We have done something about it.",
        "sv": "Vi har gjort något åt det.",
        "da": "Vi har gjort noget ved det.",
        "nb": "Vi har gjort noe med det.",
    },
    "report.status.closed": {
        "en": "We have finished working on this report. You can still write to us.",
        "sv": "Vi är klara med den här anmälan. Du kan fortfarande skriva till oss.",
        "da": "Vi er færdige med denne anmeldelse. Du kan stadig skrive til os.",
        "nb": "Vi er ferdige med denne meldingen. Du kan fortsatt skrive til oss.",
    },
    "report.outcome.reported_to_platform": {
        "en": "We reported the content to the platform, and asked them to remove it.",
        "sv": "Vi har anmält innehållet till plattformen och bett dem ta bort det.",
        "da": "Vi har anmeldt indholdet til platformen og bedt dem om at fjerne det.",
        "nb": "Vi har rapportert innholdet til plattformen og bedt dem fjerne det.",
    },
    "report.outcome.content_removed": {
        "en": "The content you reported has been removed.",
        "sv": "Innehållet du anmälde har tagits bort.",
        "da": "Indholdet, du anmeldte, er blevet fjernet.",
        "nb": "Innholdet du meldte fra om, er fjernet.",
    },
    "report.outcome.contacted_school": {
        "en": "We contacted the school so that adults there can help.",
        "sv": "Vi har kontaktat skolan så att vuxna där kan hjälpa till.",
        "da": "Vi har kontaktet skolen, så voksne der kan hjælpe.",
        "nb": "Vi har kontaktet skolen, slik at voksne der kan hjelpe.",
    },
    "report.outcome.referred_to_support": {
        "en": "We passed it on to people whose job is to support young people, "
        "such as social services or the youth clinic.",
        "sv": "Vi har lämnat vidare det till vuxna vars jobb är att stötta unga, "
        "till exempel socialtjänsten eller ungdomsmottagningen.",
        "da": "Vi har givet det videre til voksne, hvis job er at støtte unge, "
        "for eksempel kommunens rådgivning eller sundhedsplejen.",
        "nb": "Vi har sendt det videre til voksne som har som jobb å støtte unge, "
        "for eksempel barnevernet eller helsestasjon for ungdom.",
    },
    "report.outcome.referred_to_police": {
        "en": "It may be a crime, so we passed it on to the police.",
        "sv": "Det kan vara ett brott, så vi har lämnat det vidare till polisen.",
        "da": "Det kan være en forbrydelse, så vi har givet det videre til politiet.",
        "nb": "Det kan være straffbart, så vi har sendt det videre til politiet.",
    },
    "report.outcome.counter_speech": {
        "en": "We joined the conversation to stand up for those who were targeted.",
        "sv": "Vi gick in i samtalet och tog ställning för dem som blev utsatta.",
        "da": "Vi gik ind i samtalen og tog parti for dem, der blev ramt.",
        "nb": "Vi gikk inn i samtalen og sto opp for dem som ble rammet.",
    },
    "report.outcome.resolved_together": {
        "en": "We sorted it out together in our conversation.",
        "sv": "Vi löste det tillsammans i vårt samtal.",
        "da": "Vi løste det sammen i vores samtale.",
        "nb": "Vi løste det sammen i samtalen vår.",
    },
    "report.outcome.no_action_possible": {
        "en": "We looked into it but could not do more this time. Thank you for telling us: "
        "it helps us see what is happening online.",
        "sv": "Vi tittade på det men kunde inte göra mer den här gången. Tack för att du "
        "berättade: det hjälper oss att se vad som händer på nätet.",
        "da": "Vi kiggede på det, men kunne ikke gøre mere denne gang. Tak fordi du "
        "fortalte os det: det hjælper os med at se, hvad der sker på nettet.",
        "nb": "Vi så på det, men kunne ikke gjøre mer denne gangen. Takk for at du sa "
        "ifra: det hjelper oss å se hva som skjer på nettet.",
    },
    "report.staffed_now": {
        "en": "Someone from Nätpolarna is working now and will read your report soon.",
        "sv": "Någon från Nätpolarna arbetar nu och läser din anmälan snart.",
        "da": "Nogen fra Nätpolarna er på arbejde nu og læser snart din anmeldelse.",
        "nb": "Noen fra Nätpolarna er på jobb nå og leser meldingen din snart.",
    },
    "report.outside_hours": {
        "en": "Nobody from Nätpolarna is working right now. A person will read your report {when}.",
        "sv": "Ingen från Nätpolarna arbetar just nu. En person läser din anmälan {when}.",
        "da": "Ingen fra Nätpolarna er på arbejde lige nu. En person læser din anmeldelse {when}.",
        "nb": "Ingen fra Nätpolarna er på jobb akkurat nå. En person leser meldingen din {when}.",
    },
    "report.danger": {
        "en": "If you are in danger now, call 112. You do not have to wait for us.",
        "sv": "Om du är i fara nu, ring 112. Du behöver inte vänta på oss.",
        "da": "Hvis du er i fare nu, så ring 112. Du behøver ikke vente på os.",
        "nb": "Hvis du er i fare nå, ring 112. Du trenger ikke vente på oss.",
    },
    "report.bystander": {
        "en": "Thank you for looking out for your friend. Here is how you can support them:",
        "sv": "Tack för att du bryr dig om din kompis. Så här kan du stötta hen:",
        "da": "Tak fordi du passer på din ven. Sådan kan du støtte dem:",
        "nb": "Takk for at du bryr deg om vennen din. Slik kan du støtte dem:",
    },
    "problem.invalid_case_code": {
        "en": "That is not a valid case code",
        "sv": "Det är inte en giltig ärendekod",
        "da": "Det er ikke en gyldig sagskode",
        "nb": "Det er ikke en gyldig sakskode",
    },
    "problem.report_closed": {
        "en": "The report is closed",
        "sv": "Anmälan är avslutad",
        "da": "Anmeldelsen er lukket",
        "nb": "Meldingen er avsluttet",
    },
    "problem.evidence_removed": {
        "en": "This evidence has been deleted",
        "sv": "Bevisbilden har raderats",
        "da": "Billedet er slettet",
        "nb": "Bildet er slettet",
    },
    "problem.unsupported_image": {
        "en": "Only PNG, JPEG or WebP images can be uploaded",
        "sv": "Bara PNG-, JPEG- eller WebP-bilder kan laddas upp",
        "da": "Kun PNG-, JPEG- eller WebP-billeder kan uploades",
        "nb": "Bare PNG-, JPEG- eller WebP-bilder kan lastes opp",
    },
    "problem.invalid_assignee": {
        "en": "Reports can only be assigned to staff",
        "sv": "Anmälningar kan bara tilldelas personal",
        "da": "Anmeldelser kan kun tildeles personale",
        "nb": "Meldinger kan bare tildeles ansatte",
    },
}

# Weekday names for "a person will read it on ...", Monday first.
WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "da": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    "nb": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
}
ON_DAY_AT = {
    "en": "on {day} at {time}",
    "sv": "på {day} kl. {time}",
    "da": "på {day} kl. {time}",
    "nb": "på {day} kl. {time}",
}
RELATIVE_AT = {
    "en": "{day} at {time}",
    "sv": "{day} kl. {time}",
    "da": "{day} kl. {time}",
    "nb": "{day} kl. {time}",
}
TODAY = {"en": "today", "sv": "i dag", "da": "i dag", "nb": "i dag"}
TOMORROW = {"en": "tomorrow", "sv": "i morgon", "da": "i morgen", "nb": "i morgen"}

CATEGORY_NAMES: dict[str, dict[str, str]] = {
    "hate": {"en": "hate", "sv": "hat", "da": "had", "nb": "hat"},
    "bullying": {"en": "bullying", "sv": "mobbning", "da": "mobning", "nb": "mobbing"},
    "threat": {"en": "threat", "sv": "hot", "da": "trussel", "nb": "trussel"},
    "sexual_harassment": {
        "en": "sexual harassment",
        "sv": "sexuella trakasserier",
        "da": "seksuel chikane",
        "nb": "seksuell trakassering",
    },
    "exclusion": {"en": "exclusion", "sv": "utfrysning", "da": "udelukkelse", "nb": "utestengning"},
    "self_harm_concern": {
        "en": "self-harm concern",
        "sv": "oro för självskada",
        "da": "bekymring for selvskade",
        "nb": "bekymring for selvskading",
    },
    "other": {"en": "other", "sv": "annat", "da": "andet", "nb": "annet"},
}
# The staff queue's line for a report: case code, category and platform, no youth text.
QUEUE_TEXTS: dict[str, dict[str, str]] = {
    "report.queue_summary": {
        "en": "Youth report {case_code}: {category} on {platform}",
        "sv": "Ungdomsanmälan {case_code}: {category} på {platform}",
        "da": "Ungeanmeldelse {case_code}: {category} på {platform}",
        "nb": "Ungdomsmelding {case_code}: {category} på {platform}",
    },
    "report.queue_danger": {
        "en": "In danger now.",
        "sv": "I fara nu.",
        "da": "I fare nu.",
        "nb": "I fare nå.",
    },
}


def category_name(code: str, locale: str) -> str:
    """A report category in words (the code itself for one this table does not know)."""
    return translate(f"report.category.{code}", locale) if code in CATEGORY_NAMES else code


register_texts(TEXTS)
register_texts(QUEUE_TEXTS)
register_texts({f"report.category.{code}": names for code, names in CATEGORY_NAMES.items()})
