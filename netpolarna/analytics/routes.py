"""Thin views of the digital city map."""

from __future__ import annotations

from typing import Any

from flask import Response

from netpolarna.accounts.roles import STAFF, Role
from netpolarna.analytics import analytics_blp, figures, service
from netpolarna.analytics.schemas import (
    ActivityQuerySchema,
    ActivitySchema,
    FlagQuerySchema,
    LanguageQuerySchema,
    MessageQuerySchema,
    MonthViewSchema,
    ReportQuerySchema,
    ResponseTimeQuerySchema,
    ResponseTimesSchema,
    TableSchema,
)


def _table(name: str, query: dict[str, Any]) -> dict[str, Any]:
    return figures.table(
        name, query["by"], query["period"], query["from_"], query["to"], query["value"]
    )


@analytics_blp.route("/messages")
@analytics_blp.roles(*STAFF)
@analytics_blp.arguments(MessageQuerySchema, location="query")
@analytics_blp.response(200, TableSchema)
def messages(query: dict[str, Any]) -> Any:
    """Messages scanned and their labels (hateful, offensive, neutral, counter-speech,
    unscored) and threats, with shares; by platform, source, language, target group or place.
    Cells under k are `null` and listed in `suppressed`."""
    return _table("messages", query)


@analytics_blp.route("/flags")
@analytics_blp.roles(*STAFF)
@analytics_blp.arguments(FlagQuerySchema, location="query")
@analytics_blp.response(200, TableSchema)
def flags(query: dict[str, Any]) -> Any:
    """Flags raised, responded to (and within target) and closed, by severity or reason."""
    return _table("flags", query)


@analytics_blp.route("/reports")
@analytics_blp.roles(*STAFF)
@analytics_blp.arguments(ReportQuerySchema, location="query")
@analytics_blp.response(200, TableSchema)
@analytics_blp.errors(400)
def reports(query: dict[str, Any]) -> Any:
    """Youth reports by category, danger or outcome; per month only (400 otherwise)."""
    return _table("reports", query)


@analytics_blp.route("/response-times")
@analytics_blp.roles(*STAFF)
@analytics_blp.arguments(ResponseTimeQuerySchema, location="query")
@analytics_blp.response(200, ResponseTimesSchema)
def response_times(query: dict[str, Any]) -> Any:
    """Median and 90th percentile of time to first action and to close (upper edges of
    duration buckets, in minutes)."""
    return figures.response_times(query["period"], query["from_"], query["to"], query["by"])


@analytics_blp.route("/netwalk-logs")
@analytics_blp.roles(*STAFF)
@analytics_blp.arguments(ActivityQuerySchema, location="query")
@analytics_blp.response(200, ActivitySchema)
def netwalk_logs(query: dict[str, Any]) -> Any:
    """Manual net-walk sessions and hours logged by the staff."""
    return service.activity("netwalk_logs", query["period"], query["from_"], query["to"])


@analytics_blp.route("/deliveries")
@analytics_blp.roles(*STAFF)
@analytics_blp.arguments(ActivityQuerySchema, location="query")
@analytics_blp.response(200, ActivitySchema)
def deliveries(query: dict[str, Any]) -> Any:
    """Theme weeks, workshops and lectures delivered, pupils reached and feedback."""
    return service.activity("deliveries", query["period"], query["from_"], query["to"])


@analytics_blp.route("/months/<string:month>")
@analytics_blp.roles(*STAFF)
@analytics_blp.response(200, MonthViewSchema)
@analytics_blp.errors(400)
def month(month: str) -> Any:
    """All figures of one month (YYYY-MM) with the twelve-month trends."""
    return service.month(month)


@analytics_blp.route("/months/<string:month>/report.pdf")
@analytics_blp.roles(Role.ADMIN)
@analytics_blp.arguments(LanguageQuerySchema, location="query")
@analytics_blp.response(200, description="The monthly report", content_type="application/pdf")
@analytics_blp.errors(400)
def report_pdf(query: dict[str, Any], month: str) -> Any:
    """The monthly report as PDF (`lang` sv or en)."""
    body = service.report_file(month, "pdf", query["lang"])
    return _download(body, "application/pdf", f"report-{month}.pdf")


@analytics_blp.route("/months/<string:month>/report.html")
@analytics_blp.roles(Role.ADMIN)
@analytics_blp.arguments(LanguageQuerySchema, location="query")
@analytics_blp.response(200, description="The monthly report", content_type="text/html")
@analytics_blp.errors(400)
def report_html(query: dict[str, Any], month: str) -> Any:
    """The monthly report as one self-contained HTML page (`lang` sv or en)."""
    body = service.report_file(month, "html", query["lang"])
    return _download(body, "text/html; charset=utf-8", f"report-{month}.html")


@analytics_blp.route("/months/<string:month>/open-data.zip")
@analytics_blp.roles(*STAFF)
@analytics_blp.response(200, description="The open-data package", content_type="application/zip")
@analytics_blp.errors(400)
def open_data(month: str) -> Any:
    """The month's open-data package (datapackage.json and CSV files) as a zip archive."""
    return _download(service.open_data_zip(month), "application/zip", f"open-data-{month}.zip")


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
