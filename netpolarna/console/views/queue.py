"""The queue page: flags and youth reports in one list (the API's `GET /queue` service)."""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, request, url_for
from marshmallow import Schema, fields, validate

from netpolarna.accounts.roles import STAFF
from netpolarna.accounts.service import list_users
from netpolarna.console import console_bp
from netpolarna.console.texts import text
from netpolarna.console.web import back, render, staff
from netpolarna.netwalk.sources import list_sources
from netpolarna.netwalk.triage import service as triage
from netpolarna.netwalk.triage import work_queue
from netpolarna.reports import service as reports

PAGE_SIZE = 100


class QueueFilterForm(Schema):
    """The filters as the page's GET form sends them (empty fields mean "any")."""

    mine = fields.Boolean(load_default=False)
    unassigned = fields.Boolean(load_default=False)
    breached = fields.Boolean(load_default=False)
    source_id = fields.Integer(load_default=None, allow_none=True)
    status = fields.String(
        load_default="", validate=validate.OneOf(("", *work_queue.QUEUE_STATUSES))
    )
    kind = fields.String(load_default="", validate=validate.OneOf(("", *work_queue.KINDS)))
    cursor = fields.String(load_default=None, allow_none=True)


_FILTER_FORM = QueueFilterForm()


def _filters() -> tuple[dict[str, Any], work_queue.QueueFilters]:
    raw = {k: v for k, v in request.args.items() if v != ""}
    form = _FILTER_FORM.load(raw, unknown="exclude")
    filters = work_queue.QueueFilters(
        kind=form["kind"] or None,
        status=[form["status"]] if form["status"] else [],
        mine_of=staff().id if form["mine"] else None,
        unassigned=True if form["unassigned"] else None,
        breached=True if form["breached"] else None,
        source_id=form["source_id"],
    )
    return form, filters


def _staff_accounts() -> list[Any]:
    people = list_users(role=None, active=True, cursor=None, limit=200).items
    return [u for u in people if u.role in STAFF]


def _page_context() -> dict[str, Any]:
    form, filters = _filters()
    page = work_queue.list_queue(filters, cursor=form["cursor"], limit=PAGE_SIZE)
    names = work_queue.staff_names([i.assignee_id for i in page.items])
    query = {k: v for k, v in request.args.items() if k != "cursor" and v != ""}
    return {"form": form, "page": page, "names": names, "query": query}


@console_bp.route("/queue")
def queue() -> Any:
    sources = list_sources(kind=None, enabled=None, cursor=None, limit=200).items
    return render(
        "queue.html",
        sources=sources,
        staff_accounts=_staff_accounts(),
        statuses=work_queue.QUEUE_STATUSES,
        **_page_context(),
    )


@console_bp.route("/queue/items")
def queue_items() -> Any:
    """The list alone, for the page's periodic refresh."""
    return render("_queue_items.html", **_page_context())


def _parse_items(values: list[str]) -> tuple[list[int], list[int]]:
    flags: list[int] = []
    reports_: list[int] = []
    for value in values:
        kind, _, ident = value.partition(":")
        if ident.isdigit() and kind == "flag":
            flags.append(int(ident))
        elif ident.isdigit() and kind == "report":
            reports_.append(int(ident))
    return flags, reports_


@console_bp.route("/queue/claim", methods=["POST"])
def claim() -> Any:
    flag_ids, report_ids = _parse_items(request.form.getlist("item"))
    for flag_id in flag_ids:
        triage.claim_flag(flag_id, staff())
    for report_id in report_ids:
        reports.update_report(staff(), report_id, assignee_id=staff().id)
    flash(text("claimed", g.console_locale), "info")
    return redirect(back())


@console_bp.route("/queue/assign", methods=["POST"])
def assign() -> Any:
    flag_ids, report_ids = _parse_items(request.form.getlist("item"))
    raw = request.form.get("assignee_id", "")
    assignee_id = int(raw) if raw.isdigit() else None
    for flag_id in flag_ids:
        triage.assign_flag(flag_id, staff(), assignee_id=assignee_id, if_match=None)
    for report_id in report_ids:
        reports.update_report(staff(), report_id, assignee_id=assignee_id or staff().id)
    flash(text("assigned", g.console_locale), "info")
    return redirect(back())


@console_bp.route("/queue/close", methods=["POST"])
def close() -> Any:
    flag_ids, report_ids = _parse_items(request.form.getlist("item"))
    if flag_ids:
        result = triage.bulk_close(staff(), flag_ids=flag_ids, status="closed")
        flash(text("closed_n", g.console_locale, n=len(result.closed)), "info")
    if report_ids:
        flash(text("reports_not_bulk", g.console_locale), "error")
    return redirect(back() if request.referrer else url_for("console.queue"))
