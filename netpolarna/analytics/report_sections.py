"""The monthly report's sections: a title, a chart and commentary written from the figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from netpolarna.analytics import charts
from netpolarna.analytics.commentary import change, month_name, number, percent, t
from netpolarna.analytics.sources.reports import CATEGORY_NAMES

L: dict[str, dict[str, str]] = {
    "messages": {"sv": "Skannade meddelanden", "en": "Messages scanned"},
    "hateful": {"sv": "Hatiska", "en": "Hateful"},
    "offensive": {"sv": "Kränkande", "en": "Offensive"},
    "neutral": {"sv": "Neutrala", "en": "Neutral"},
    "counter_speech": {"sv": "Motröster", "en": "Counter-speech"},
    "healthy": {"sv": "Sunt samtal", "en": "Healthy conversation"},
    "trend_title": {
        "sv": "Volym och andel hat, tolv månader",
        "en": "Volume and share of hate, twelve months",
    },
    "healthy_title": {"sv": "Sunt samtal mot hat", "en": "Healthy conversation versus hate"},
    "targets_title": {"sv": "Vem hatet riktas mot", "en": "Whom hate targets"},
    "platforms_title": {"sv": "Plattformar", "en": "Platforms"},
    "places_title": {"sv": "Platser i kommunen", "en": "Places in the municipality"},
    "response_title": {"sv": "Svarstider mot mål", "en": "Response times against targets"},
    "reports_title": {"sv": "Ungas anmälningar per kategori", "en": "Youth reports by category"},
    "deliveries_title": {
        "sv": "Temaveckor och skolbesök genomförda",
        "en": "Theme weeks and school visits delivered",
    },
    "hateful_messages": {"sv": "Hatiska meddelanden", "en": "Hateful messages"},
    "share_hateful": {"sv": "Andelen hatiska meddelanden", "en": "The share of hateful messages"},
    "share_healthy": {
        "sv": "Andelen sunt samtal (neutralt och motröster)",
        "en": "The share of healthy conversation (neutral and counter-speech)",
    },
    "share_counter": {"sv": "Andelen motröster", "en": "The share of counter-speech"},
    "volume": {"sv": "Antalet skannade meddelanden", "en": "The number of messages scanned"},
    "hateful_by_target": {"sv": "Hatiska meddelanden", "en": "Hateful messages"},
    "median": {"sv": "Median till första åtgärd", "en": "Median to first action"},
    "p90": {"sv": "90:e percentilen", "en": "90th percentile"},
    "hours": {"sv": "timmar", "en": "hours"},
    "in_target": {"sv": "Inom mål", "en": "Within target"},
    "reports": {"sv": "Anmälningar", "en": "Reports"},
    "n_reports": {"sv": "Antalet anmälningar", "en": "The number of youth reports"},
    "sessions": {"sv": "Genomförda tillfällen", "en": "Sessions delivered"},
    "n_sessions": {
        "sv": "Antalet genomförda temaveckor, workshoppar, föreläsningar och föräldrakvällar",
        "en": "The number of theme weeks, workshops, lectures and parents' evenings delivered",
    },
    "kinds_sentence": {
        "sv": "I månaden: {weeks} temaveckor, {workshops} workshoppar, {lectures} föreläsningar "
        "och {evenings} föräldrakvällar.",
        "en": "This month: {weeks} theme weeks, {workshops} workshops, {lectures} lectures and "
        "{evenings} parents' evenings.",
    },
    "pupils_sentence": {
        "sv": "Skolorna rapporterade {n} elever nådda.",
        "en": "Schools reported {n} pupils reached.",
    },
    "rating_sentence": {
        "sv": "Skolornas betyg var i snitt {score} av 5 ({n} svar).",
        "en": "Schools rated the visits {score} out of 5 on average ({n} answers).",
    },
    "largest_target": {
        "sv": "Flest hatiska meddelanden riktades mot {name} ({value}).",
        "en": "Most hateful messages targeted {name} ({value}).",
    },
    "largest_platform": {
        "sv": "Mest volym hade {name} ({value} meddelanden).",
        "en": "{name} carried the most messages ({value}).",
    },
    "hatefullest_platform": {
        "sv": "Högst andel hat hade {name} ({share}).",
        "en": "{name} had the highest share of hate ({share}).",
    },
    "largest_place": {
        "sv": "Flest hatiska eller kränkande meddelanden nämnde {name} ({value}).",
        "en": "Most hateful or offensive messages mentioned {name} ({value}).",
    },
    "largest_category": {
        "sv": "Vanligast var kategorin {name} ({value}).",
        "en": "The most common category was {name} ({value}).",
    },
    "target_sentence": {
        "sv": "{n} av {m} flaggor fick en första åtgärd inom målet ({share}).",
        "en": "{n} of {m} flags had a first action within target ({share}).",
    },
    "median_sentence": {
        "sv": "Mediantiden till första åtgärd var högst {h} timmar.",
        "en": "The median time to first action was at most {h} hours.",
    },
    "few_feedback": {
        "sv": "För få skolor lämnade återkoppling i månaden för att visa elever nådda och betyg.",
        "en": "Too few schools gave feedback this month to show pupils reached and ratings.",
    },
    "none": {
        "sv": "Inga publicerbara värden denna månad.",
        "en": "No publishable figures this month.",
    },
}


NAMES: dict[str, dict[str, str]] = {
    "ethnicity": {"sv": "etnicitet eller ursprung", "en": "ethnicity or origin"},
    "religion": {"sv": "religion", "en": "religion"},
    "lgbtq": {"sv": "hbtqi-personer", "en": "LGBTQ people"},
    "gender": {"sv": "kön", "en": "gender"},
    "disability": {"sv": "funktionsnedsättning", "en": "disability"},
    "appearance": {"sv": "utseende", "en": "appearance"},
    "individual": {"sv": "enskild person", "en": "an individual"},
    # report categories: the reports domain's own words
    **CATEGORY_NAMES,
}


def display(row: dict[str, Any], lang: str) -> str:
    raw = str(row.get("name") or row.get("value") or "")
    return NAMES.get(raw, {}).get(lang, raw)


def s(key: str, lang: str) -> str:
    return L[key].get(lang) or L[key]["en"]


@dataclass
class Section:
    title: str
    chart: bytes
    commentary: list[str]


def _counts(rows: list[dict[str, Any]], metric: str) -> list[int | None]:
    return [row["counts"].get(metric) for row in rows]


def _shares(rows: list[dict[str, Any]], name: str) -> list[float | None]:
    return [row.get("shares", {}).get(name) for row in rows]


def _last_two(values: list[Any]) -> tuple[Any, Any]:
    return (values[-2] if len(values) > 1 else None), (values[-1] if values else None)


def build_sections(view: dict[str, Any], lang: str) -> list[Section]:
    trend = view["trend"]
    months = [row["period"] for row in trend]
    starts: list[date] = [row["start"] for row in trend]
    pm, cm = (starts[-2] if len(starts) > 1 else starts[-1]), starts[-1]
    sections = []

    volume = _counts(trend, "messages")
    hateful = _counts(trend, "hateful")
    hate_share = _shares(trend, "hateful")
    sections.append(
        Section(
            s("trend_title", lang),
            charts.trend(
                months,
                volume,
                {"hateful": hate_share, "counter_speech": _shares(trend, "counter_speech")},
                s("messages", lang),
                {"hateful": s("hateful", lang), "counter_speech": s("counter_speech", lang)},
            ),
            [
                change(s("volume", lang), *_last_two(volume), pm, cm, lang),
                change(s("hateful_messages", lang), *_last_two(hateful), pm, cm, lang),
                change(
                    s("share_hateful", lang), *_last_two(hate_share), pm, cm, lang, as_share=True
                ),
            ],
        )
    )
    parts = {
        name: _shares(trend, name) for name in ("hateful", "offensive", "neutral", "counter_speech")
    }
    sections.append(
        Section(
            s("healthy_title", lang),
            charts.stacked_shares(months, parts, {n: s(n, lang) for n in parts}),
            [
                change(
                    s("share_healthy", lang),
                    *_last_two(_shares(trend, "healthy")),
                    pm,
                    cm,
                    lang,
                    as_share=True,
                ),
                change(
                    s("share_counter", lang),
                    *_last_two(parts["counter_speech"]),
                    pm,
                    cm,
                    lang,
                    as_share=True,
                ),
            ],
        )
    )
    sections.append(
        _bars_section(
            view["by_target"],
            "hateful",
            s("targets_title", lang),
            s("hateful_by_target", lang),
            "largest_target",
            lang,
            cm,
        )
    )
    platforms = [r for r in view["by_platform"] if r["counts"]["messages"]]
    platform_text = []
    if platforms:
        top = max(platforms, key=lambda r: r["counts"]["messages"])
        platform_text.append(
            s("largest_platform", lang).format(
                name=display(top, lang), value=number(top["counts"]["messages"], lang)
            )
        )
        shared = [r for r in platforms if r["shares"]["hateful"] is not None]
        if shared:
            worst = max(shared, key=lambda r: r["shares"]["hateful"])
            platform_text.append(
                s("hatefullest_platform", lang).format(
                    name=display(worst, lang), share=percent(worst["shares"]["hateful"], lang)
                )
            )
    section = _bars_section(
        view["by_platform"],
        "messages",
        s("platforms_title", lang),
        s("messages", lang),
        None,
        lang,
        cm,
    )
    section.commentary = platform_text or [s("none", lang)]
    sections.append(section)
    sections.append(
        _bars_section(
            view["by_place"],
            "hateful",
            s("places_title", lang),
            s("hateful_messages", lang),
            "largest_place",
            lang,
            cm,
            limit=10,
        )
    )
    sections.append(_response_section(view, months, lang))
    reports = _counts(view["reports_trend"], "reports")
    section = _bars_section(
        view["reports_by_category"],
        "reports",
        s("reports_title", lang),
        s("reports", lang),
        "largest_category",
        lang,
        cm,
    )
    section.commentary.insert(0, change(s("n_reports", lang), *_last_two(reports), pm, cm, lang))
    sections.append(section)
    sections.append(_deliveries_section(view["deliveries"], months, lang, pm, cm))
    return sections


def _bars_section(
    rows: list[dict[str, Any]],
    metric: str,
    title: str,
    unit: str,
    sentence: str | None,
    lang: str,
    month: date,
    limit: int = 12,
) -> Section:
    shown = sorted(
        (r for r in rows if r["counts"].get(metric)), key=lambda r: -r["counts"][metric]
    )[:limit]
    names = [display(r, lang) for r in shown]
    values = [float(r["counts"][metric]) for r in shown]
    chart = charts.bars(names or ["-"], values or [0.0], None, month_name(month, lang), "", unit)
    text = (
        [s(sentence, lang).format(name=names[0], value=number(values[0], lang))]
        if sentence and names
        else []
    )
    return Section(title, chart, text or [s("none", lang)])


def _response_section(view: dict[str, Any], months: list[str], lang: str) -> Section:
    by_period = {row["period"]: row for row in view["response_times"]}
    rows = [by_period.get(m, {}) for m in months]

    def hours(value: float | None) -> float | None:
        return None if value is None else value / 60.0

    median = [hours(r.get("first_action_median_minutes")) for r in rows]
    p90 = [hours(r.get("first_action_p90_minutes")) for r in rows]
    in_target = [
        (r["responded_in_target"] / r["first_action_count"])
        if r.get("responded_in_target") is not None and r.get("first_action_count")
        else None
        for r in rows
    ]
    labels = {k: s(k, lang) for k in ("median", "p90", "hours", "in_target")}
    text = []
    last = rows[-1] if rows else {}
    if last.get("first_action_count") and last.get("responded_in_target") is not None:
        text.append(
            s("target_sentence", lang).format(
                n=number(last["responded_in_target"], lang),
                m=number(last["first_action_count"], lang),
                share=percent(last["responded_in_target"] / last["first_action_count"], lang),
            )
        )
    if median and median[-1] is not None:
        text.append(s("median_sentence", lang).format(h=number(median[-1], lang, 1)))
    return Section(
        s("response_title", lang),
        charts.response(months, median, p90, in_target, labels),
        text or [t("no_data", lang)],
    )


def _deliveries_section(
    rows: list[dict[str, Any]], months: list[str], lang: str, pm: date, cm: date
) -> Section:
    by_period = {row["period"]: row for row in rows}
    kinds = ("theme_weeks", "workshops", "lectures", "parents_evenings")
    totals = [sum(by_period[m][k] for k in kinds) if m in by_period else None for m in months]
    text = [change(s("n_sessions", lang), *_last_two(totals), pm, cm, lang)]
    last = by_period.get(months[-1]) if months else None
    if last is not None:
        text.append(
            s("kinds_sentence", lang).format(
                weeks=last["theme_weeks"],
                workshops=last["workshops"],
                lectures=last["lectures"],
                evenings=last["parents_evenings"],
            )
        )
        if last["pupils"] is not None:
            text.append(s("pupils_sentence", lang).format(n=number(last["pupils"], lang)))
        if last["feedback_score"] is not None:
            text.append(
                s("rating_sentence", lang).format(
                    score=number(last["feedback_score"], lang, 1), n=last["ratings"]
                )
            )
        if last["suppressed"]:
            text.append(s("few_feedback", lang))
    return Section(
        s("deliveries_title", lang),
        charts.trend(months, totals, {}, s("sessions", lang), {}),
        text,
    )
