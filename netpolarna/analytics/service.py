"""Service functions behind the analytics routes and commands."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from netpolarna.analytics import activity as work
from netpolarna.analytics import figures
from netpolarna.analytics.month_view import month_view
from netpolarna.analytics.opendata import write_package
from netpolarna.analytics.periods import Period, parse_month
from netpolarna.analytics.report import write_monthly_report
from netpolarna.db import utcnow
from netpolarna.errors import BadRequest


class BadMonth(BadRequest):
    code = "bad_month"


def month_period(text: str) -> Period:
    try:
        return parse_month(text)
    except ValueError as error:
        raise BadMonth(detail=str(error)) from None


def month(text: str) -> dict[str, Any]:
    return month_view(month_period(text))


def activity(kind: str, grain: str, start: Any, end: Any) -> dict[str, Any]:
    periods = figures.check_range(grain, start, end)
    rows = (
        work.log_hours(periods)
        if kind == "netwalk_logs"
        else work.delivered(periods, utcnow().date())
    )
    return {
        "figures": kind,
        "period": {"grain": grain, "from": start, "to": end},
        "filters": {"values": None},
        "rows": rows,
    }


def report_file(text: str, kind: str, lang: str) -> bytes:
    period = month_period(text)
    with tempfile.TemporaryDirectory() as folder:
        paths = write_monthly_report(period, Path(folder), lang=lang, formats=(kind,))
        return paths[kind].read_bytes()


def open_data_zip(text: str) -> bytes:
    period = month_period(text)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        write_package(period, Path(folder))
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, path.name)
    return buffer.getvalue()
