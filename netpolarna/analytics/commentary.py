"""Plain-language commentary written from the figures, in Swedish (default) or English."""

from __future__ import annotations

from datetime import date

MONTHS = {
    "sv": [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

TEXTS: dict[str, dict[str, str]] = {
    "rose": {"sv": "steg", "en": "rose"},
    "fell": {"sv": "sjönk", "en": "fell"},
    "unchanged": {"sv": "var oförändrad", "en": "was unchanged"},
    "from_to": {"sv": "från {a} i {pm} till {b} i {cm}", "en": "from {a} in {pm} to {b} in {cm}"},
    "pp": {"sv": "procentenheter", "en": "percentage points"},
    "no_data": {
        "sv": "För få uppgifter för att jämföra med föregående månad.",
        "en": "Too few figures to compare with the previous month.",
    },
    "suppressed_note": {
        "sv": "Värden under {k} visas inte, och några fler döljs så att de inte kan räknas fram.",
        "en": "Values under {k} are not shown, and a few more are hidden so they cannot be "
        "worked out.",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    text = TEXTS[key].get(lang) or TEXTS[key]["en"]
    return text.format(**values) if values else text


def month_name(day: date, lang: str) -> str:
    name = MONTHS.get(lang, MONTHS["en"])[day.month - 1]
    return f"{name} {day.year}"


def number(value: float, lang: str, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    if lang == "sv":  # 12 345,6
        text = text.replace(",", " ").replace(".", ",")
    return text


def percent(share: float, lang: str) -> str:
    return f"{number(share * 100, lang, 1)} %" if lang == "sv" else f"{share * 100:.1f}%"


def change(
    subject: str,
    previous: float | None,
    current: float | None,
    previous_month: date,
    current_month: date,
    lang: str,
    as_share: bool = False,
) -> str:
    """'<subject> rose from A in <month> to B in <month> (+N, +M %).'"""
    if previous is None or current is None:
        return t("no_data", lang)
    fmt = (lambda v: percent(v, lang)) if as_share else (lambda v: number(v, lang))
    span = t(
        "from_to",
        lang,
        a=fmt(previous),
        b=fmt(current),
        pm=month_name(previous_month, lang),
        cm=month_name(current_month, lang),
    )
    if current == previous:
        return f"{subject} {t('unchanged', lang)} ({fmt(current)})."
    verb = t("rose" if current > previous else "fell", lang)
    if as_share:
        points = number(abs(current - previous) * 100, lang, 1)
        delta = f"{'+' if current > previous else '-'}{points} {t('pp', lang)}"
    else:
        delta = f"{'+' if current > previous else '-'}{number(abs(current - previous), lang)}"
        if previous:
            ratio = (current - previous) / previous * 100
            delta += f", {'+' if ratio > 0 else '-'}{number(abs(ratio), lang)} %"
    return f"{subject} {verb} {span} ({delta})."


def largest(items: list[tuple[str, float]], lang: str, template: dict[str, str]) -> str:
    """One sentence naming the largest item, from a per-language template with {name} {value}."""
    if not items:
        return t("no_data", lang)
    name, value = max(items, key=lambda item: item[1])
    return template.get(lang, template["en"]).format(name=name, value=number(value, lang))
