"""`report monthly` writes an HTML page and a PDF whose pages render to non-blank images, with
commentary from the figures; `export open-data` writes a valid Frictionless Data Package whose
figures match the database."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2
from analytics_support import MONTH
from flask import Flask
from frictionless import validate
from sqlalchemy import func, select

from netpolarna.analytics.commentary import number
from netpolarna.analytics.month_view import month_view
from netpolarna.analytics.periods import parse_month
from netpolarna.db import db
from netpolarna.netwalk.models import Message
from netpolarna.netwalk.triage.models import Flag


def render_pages(pdf: Path, out: Path) -> list[np.ndarray]:
    document = pypdfium2.PdfDocument(str(pdf))
    pages = []
    for index in range(len(document)):
        image = document[index].render(scale=1.0).to_pil().convert("L")
        image.save(out / f"page-{index + 1}.png")
        pages.append(np.asarray(image))
    document.close()
    return pages


def test_monthly_report_html_and_pdf(
    app: Flask, runner: Any, demo_year: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "report"
    result = runner.invoke(args=["report", "monthly", "--month", MONTH, "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / f"report-{MONTH}.html").read_text(encoding="utf-8")
    pdf = out / f"report-{MONTH}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")

    pages = render_pages(pdf, tmp_path)
    assert len(pages) >= 3
    for page in pages:
        dark = (page < 200).mean()
        assert dark > 0.01, "a blank page"  # text and charts, not an empty sheet
    assert "oktober 2026" in html and "Andelen sunt samtal" in html
    view = month_view(parse_month(MONTH))
    october = view["trend"][-1]["counts"]["messages"]
    assert f"till {number(october, 'sv')} i oktober 2026" in html  # the volume sentence

    english = runner.invoke(
        args=["report", "monthly", "--month", MONTH, "--out", str(tmp_path / "en"), "--lang", "en"]
    )
    assert english.exit_code == 0, english.output
    text = (tmp_path / "en" / f"report-{MONTH}.html").read_text(encoding="utf-8")
    assert "October 2026" in text and ("rose" in text or "fell" in text)


def test_open_data_package_validates_and_matches_the_database(
    app: Flask, runner: Any, demo_year: dict[str, int], tmp_path: Path
) -> None:
    result = runner.invoke(args=["export", "open-data", "--month", MONTH, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] and all("schema" in r for r in package["resources"])

    with (tmp_path / "messages.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    total = next(r for r in rows if r["dimension"] == "all")
    start, end = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
    in_month = (Message.ingested_at >= start, Message.ingested_at < end)
    assert int(total["messages"]) == db.session.scalar(
        select(func.count(Message.id)).where(*in_month)
    )
    hateful = db.session.scalar(
        select(func.count(Message.id)).where(*in_month, Message.label == "hateful")
    )
    assert total["hateful"] in ("", str(hateful))
    for row in rows:  # every suppressed cell is empty and named, every shown one >= k or 0
        for name in ("messages", "hateful", "offensive", "neutral", "counter_speech", "threats"):
            assert (row[name] == "") == (name in row["suppressed"].split())
            assert row[name] == "" or int(row[name]) == 0 or int(row[name]) >= 5

    with (tmp_path / "flags.csv").open(encoding="utf-8") as handle:
        flags = next(r for r in csv.DictReader(handle) if r["dimension"] == "all")
    raised = db.session.scalar(
        select(func.count(Flag.id)).where(Flag.first_seen_at >= start, Flag.first_seen_at < end)
    )
    assert flags["raised"] in ("", str(raised))
