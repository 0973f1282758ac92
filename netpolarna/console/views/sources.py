"""Sources and scans, and the net-walk log of manual sessions."""

from __future__ import annotations

import json
from typing import Any

from flask import flash, g, redirect, request, url_for

from netpolarna.console import console_bp
from netpolarna.console.texts import text
from netpolarna.console.web import back, load_form, render, staff
from netpolarna.db import utcnow
from netpolarna.netwalk import logs
from netpolarna.netwalk import sources as source_service
from netpolarna.netwalk.schemas import (
    KINDS,
    NetwalkLogCreateSchema,
    NetwalkLogUpdateSchema,
    SourceCreateSchema,
    SourceUpdateSchema,
)
from netpolarna.netwalk.triage.work_queue import staff_names

_CREATE = SourceCreateSchema()
_UPDATE = SourceUpdateSchema()
_LOG_CREATE = NetwalkLogCreateSchema()
_LOG_UPDATE = NetwalkLogUpdateSchema()


def _source_form() -> dict[str, Any] | None:
    """The form's fields for the source schema; None (with a message) if the JSON is bad."""
    try:
        config = json.loads(request.form.get("config") or "{}")
    except json.JSONDecodeError:
        flash(text("bad_json", g.console_locale), "error")
        return None
    return {
        "name": request.form.get("name", ""),
        "kind": request.form.get("kind", ""),
        "config": config,
        "interval_minutes": request.form.get("interval_minutes") or 60,
        "enabled": request.form.get("enabled") == "1",
    }


@console_bp.route("/sources")
def sources() -> Any:
    return render(
        "sources.html",
        sources=source_service.list_sources(kind=None, enabled=None, cursor=None, limit=200).items,
        runs=source_service.list_scans(source_id=None, status=None, cursor=None, limit=25).items,
        kinds=KINDS,
    )


@console_bp.route("/sources", methods=["POST"])
def create_source() -> Any:
    form = _source_form()
    if form is not None:
        source_service.create_source(actor=staff(), **load_form(_CREATE, form))
        flash(text("source_saved", g.console_locale), "info")
    return redirect(url_for("console.sources"))


@console_bp.route("/sources/<int:source_id>", methods=["GET", "POST"])
def edit_source(source_id: int) -> Any:
    source = source_service.get_source(source_id)
    if request.method == "POST":
        form = _source_form()
        if form is not None:
            source_service.update_source(source_id, actor=staff(), **load_form(_UPDATE, form))
            flash(text("source_saved", g.console_locale), "info")
            return redirect(url_for("console.sources"))
    runs = source_service.list_scans(source_id=source_id, status=None, cursor=None, limit=10)
    return render("source_edit.html", source=source, kinds=KINDS, runs=runs.items)


@console_bp.route("/sources/<int:source_id>/toggle", methods=["POST"])
def toggle_source(source_id: int) -> Any:
    source = source_service.get_source(source_id)
    source_service.update_source(source_id, actor=staff(), enabled=not source.enabled)
    flash(text("source_saved", g.console_locale), "info")
    return redirect(back("console.sources"))


@console_bp.route("/sources/<int:source_id>/scan", methods=["POST"])
def scan_source(source_id: int) -> Any:
    source_service.request_scan(source_id, actor=staff())
    flash(text("scan_queued", g.console_locale), "info")
    return redirect(back("console.sources"))


@console_bp.route("/netwalk")
def netwalk_logs() -> Any:
    entries = logs.list_logs(author_id=None, cursor=None, limit=100).items
    return render(
        "netwalk.html", entries=entries, names=staff_names([e.author_id for e in entries])
    )


@console_bp.route("/netwalk", methods=["POST"])
def start_netwalk() -> Any:
    platforms = [p.strip() for p in request.form.get("platforms", "").split(",") if p.strip()]
    data = load_form(
        _LOG_CREATE,
        {
            "platforms": platforms,
            "started_at": utcnow().isoformat(),
            "observations": request.form.get("observations", ""),
        },
    )
    logs.create_log(actor=staff(), **data)
    flash(text("session_started", g.console_locale), "info")
    return redirect(url_for("console.netwalk_logs"))


@console_bp.route("/netwalk/<int:log_id>/stop", methods=["POST"])
def stop_netwalk(log_id: int) -> Any:
    changes: dict[str, Any] = {"ended_at": utcnow().isoformat()}
    if request.form.get("observations"):
        changes["observations"] = request.form["observations"]
    logs.update_log(log_id, actor=staff(), **load_form(_LOG_UPDATE, changes))
    flash(text("session_stopped", g.console_locale), "info")
    return redirect(url_for("console.netwalk_logs"))
