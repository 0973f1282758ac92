"""The analytics API: suppressed answers that say their period, filters and hidden cells, and
two overlapping queries (a month and its days, a total and its parts) recover nothing."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import Any

from analytics_support import MONTH
from flask import Flask
from sqlalchemy import func, select

from netpolarna.analytics.privacy import K
from netpolarna.db import db
from netpolarna.netwalk.models import Message

OCTOBER = {"from": "2026-10-01", "to": "2026-10-31"}


def get(client: Any, headers: dict[str, str], path: str, **query: Any) -> Any:
    response = client.get(f"/api/v1/analytics/{path}", query_string=query, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_month_figures_match_the_database_and_say_what_was_suppressed(
    app: Flask, client: Any, make_actor: Any, demo_year: dict[str, int]
) -> None:
    staff = make_actor("netwalker").headers
    answer = get(client, staff, "messages", period="month", by="all", **OCTOBER)
    assert answer["period"] == {"grain": "month", "from": "2026-10-01", "to": "2026-10-31"}
    assert answer["k"] == K and answer["filters"] == {"values": None}
    (row,) = answer["rows"]
    start, end = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
    in_db = db.session.scalar(
        select(func.count(Message.id)).where(
            Message.ingested_at >= start, Message.ingested_at < end
        )
    )
    assert row["counts"]["messages"] == in_db
    assert 0 < row["shares"]["healthy"] < 1

    by_place = get(client, staff, "messages", period="week", by="place", **OCTOBER)
    hidden = {(c["period"], c["value"], c["metric"]) for c in by_place["suppressed"]}
    assert hidden  # a small town's places have small counts
    for r in by_place["rows"]:
        for metric, value in r["counts"].items():
            assert (value is None) == ((r["period"], r["value"], metric) in hidden)
            assert value is None or value == 0 or value >= K

    only = get(client, staff, "messages", period="month", by="platform", value="reddit", **OCTOBER)
    assert {r["value"] for r in only["rows"]} == {"reddit"}
    assert only["filters"] == {"values": ["reddit"]}


def test_a_month_against_its_days_and_a_total_against_its_parts_recover_nothing(
    app: Flask, client: Any, make_actor: Any, demo_year: dict[str, int]
) -> None:
    staff = make_actor("admin").headers
    for by in ("all", "platform", "target"):
        months = get(client, staff, "messages", period="month", by=by, **OCTOBER)["rows"]
        days = get(client, staff, "messages", period="day", by=by, **OCTOBER)["rows"]
        for month_row in months:
            for metric, total in month_row["counts"].items():
                if total is None:
                    continue
                parts = [d["counts"][metric] for d in days if d["value"] == month_row["value"]]
                unknown = [p for p in parts if p is None]
                left = total - sum(p for p in parts if p is not None)
                assert len(unknown) != 1, (by, month_row["value"], metric)
                assert left == 0 or left >= K, (by, month_row["value"], metric, left)
    totals = {
        r["period"]: r["counts"]
        for r in get(client, staff, "messages", period="day", **OCTOBER)["rows"]
    }
    by_platform = get(client, staff, "messages", period="day", by="platform", **OCTOBER)["rows"]
    for period, counts in totals.items():
        for metric, total in counts.items():
            if total is None:
                continue
            parts = [r["counts"][metric] for r in by_platform if r["period"] == period]
            unknown = [p for p in parts if p is None]
            left = total - sum(p for p in parts if p is not None)
            assert len(unknown) != 1 and (left == 0 or left >= K), (period, metric)


def test_youth_reports_are_never_given_below_a_month(
    app: Flask, client: Any, make_actor: Any, demo_year: dict[str, int]
) -> None:
    staff = make_actor("netwalker").headers
    for grain in ("day", "week"):
        response = client.get(
            "/api/v1/analytics/reports", query_string={"period": grain, **OCTOBER}, headers=staff
        )
        assert response.status_code == 400
        assert response.get_json()["code"] == "period_too_fine"
    answer = get(client, staff, "reports", period="month", by="category", **OCTOBER)
    assert answer["rows"] and all(r["period"] == "2026-10" for r in answer["rows"])


def test_bad_input_gets_problems_not_errors(app: Flask, client: Any, make_actor: Any) -> None:
    staff = make_actor("admin").headers
    cases = [
        ("messages", {"period": "day", "from": "2020-01-01", "to": "2026-01-01"}, "range_too_long"),
        ("messages", {"from": "2026-02-01", "to": "2026-01-01"}, "validation_failed"),
        ("messages", {"by": "author"}, "validation_failed"),
        ("months/2026-13", {}, "bad_month"),
        ("months/2026-13/report.pdf", {}, "bad_month"),
        ("months/2026-03/report.html", {"lang": "xx"}, "validation_failed"),
    ]
    for path, query, code in cases:
        response = client.get(f"/api/v1/analytics/{path}", query_string=query, headers=staff)
        assert response.status_code in (400, 422), (path, response.status_code)
        assert response.get_json()["code"] == code, path


def test_admins_download_reports_and_the_open_data_package(
    app: Flask, client: Any, make_actor: Any, demo_year: dict[str, int]
) -> None:
    admin = make_actor("admin").headers
    html = client.get("/api/v1/analytics/months/2024-01/report.html?lang=en", headers=admin)
    assert html.status_code == 200 and html.mimetype == "text/html"
    assert b"The digital city" in html.data and b"data:image/png;base64," in html.data
    pdf = client.get("/api/v1/analytics/months/2024-01/report.pdf", headers=admin)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    package = client.get(f"/api/v1/analytics/months/{MONTH}/open-data.zip", headers=admin)
    assert package.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(package.data)).namelist()
    assert {"datapackage.json", "messages.csv", "flags.csv", "youth-reports.csv"} <= set(names)
    view = get(client, admin, f"months/{MONTH}")
    assert view["month"] == MONTH and len(view["trend"]) == 12
