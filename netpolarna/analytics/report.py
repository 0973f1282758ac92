"""`report-YYYY-MM.html` and `report-YYYY-MM.pdf`: the monthly picture of the digital city.

The HTML is one self-contained page (charts embedded as PNG data); the PDF is laid out by
ReportLab from the same sections. Neither needs network access.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

from flask import current_app
from jinja2 import Environment, select_autoescape
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from netpolarna.analytics.commentary import month_name, t
from netpolarna.analytics.month_view import month_view
from netpolarna.analytics.periods import Period
from netpolarna.analytics.report_sections import Section, build_sections

HEADINGS = {
    "title": {
        "sv": "Den digitala staden: {place}, {month}",
        "en": "The digital city: {place}, {month}",
    },
    "intro": {
        "sv": "Månadsrapport från Nätpolarna. Siffrorna kommer från nätvandrarnas skanning av "
        "offentliga källor, deras flaggor och ungas anmälningar. Inga personuppgifter ingår.",
        "en": "Monthly report of Nätpolarna. The figures come from the net-walkers' scans of "
        "public sources, their flags and young people's reports. No personal data is included.",
    },
}

PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<title>{{ title }}</title>
<style>
body { font-family: sans-serif; max-width: 52rem; margin: 2rem auto; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
img { max-width: 100%; } p.note { color: #666; font-size: .9rem; }
</style></head>
<body>
<h1>{{ title }}</h1>
<p>{{ intro }}</p>
{% for section in sections %}
<section>
<h2>{{ section.title }}</h2>
<img alt="{{ section.title }}" src="data:image/png;base64,{{ images[loop.index0] }}">
{% for line in section.commentary %}<p>{{ line }}</p>{% endfor %}
</section>
{% endfor %}
<p class="note">{{ note }}</p>
</body></html>
"""


def _texts(period: Period, lang: str) -> dict[str, str]:
    place = current_app.config.get("ANALYTICS_MUNICIPALITY", "")
    return {
        "title": HEADINGS["title"][lang].format(place=place, month=month_name(period.start, lang)),
        "intro": HEADINGS["intro"][lang],
        "note": t("suppressed_note", lang, k=5),
    }


def render_html(sections: list[Section], period: Period, lang: str) -> str:
    env = Environment(autoescape=select_autoescape(default=True))
    images = [base64.b64encode(section.chart).decode("ascii") for section in sections]
    return env.from_string(PAGE).render(
        lang=lang, sections=sections, images=images, **_texts(period, lang)
    )


def render_pdf(sections: list[Section], period: Period, lang: str) -> bytes:
    texts = _texts(period, lang)
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=texts["title"],
        author="Nätpolarna",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    )
    story: list[object] = [
        Paragraph(texts["title"], styles["Title"]),
        Paragraph(texts["intro"], styles["BodyText"]),
    ]
    width = A4[0] - 4 * cm
    for section in sections:
        image = Image(io.BytesIO(section.chart), width=width, height=width * 3.3 / 7.2)
        block = [Spacer(1, 0.4 * cm), Paragraph(section.title, styles["Heading2"]), image]
        block += [Paragraph(line, styles["BodyText"]) for line in section.commentary]
        story.append(KeepTogether(block))
    story.append(Spacer(1, 0.5 * cm))
    story.append(Paragraph(texts["note"], styles["Italic"]))
    document.build(story)
    return buffer.getvalue()


def write_monthly_report(
    period: Period, out: Path, lang: str | None = None, formats: tuple[str, ...] = ("html", "pdf")
) -> dict[str, Path]:
    """Write the month's report files into `out`; returns their paths by format."""
    lang = lang or current_app.config.get("ANALYTICS_REPORT_LANG", "sv")
    if lang not in ("sv", "en"):
        lang = "sv"
    sections = build_sections(month_view(period), lang)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    if "html" in formats:
        paths["html"] = out / f"report-{period.label}.html"
        paths["html"].write_text(render_html(sections, period, lang), encoding="utf-8")
    if "pdf" in formats:
        paths["pdf"] = out / f"report-{period.label}.pdf"
        paths["pdf"].write_bytes(render_pdf(sections, period, lang))
    return paths
