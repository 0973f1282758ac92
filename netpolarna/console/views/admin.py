"""Admin pages: accounts, classifier models (with background training), the audit log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import flash, g, redirect, request, url_for
from marshmallow import Schema, fields

from netpolarna.accounts import service as accounts
from netpolarna.accounts.roles import Role
from netpolarna.accounts.schemas import UserCreateSchema
from netpolarna.audit.service import AuditFilters, list_events
from netpolarna.console import console_bp, jobs
from netpolarna.console.texts import text
from netpolarna.console.web import load_form, render, staff
from netpolarna.errors import Forbidden
from netpolarna.netwalk.triage import model_admin
from netpolarna.netwalk.triage.work_queue import staff_names

_CREATE_USER = UserCreateSchema()
ROLES = [Role.NETWALKER, Role.ADMIN, Role.SCHOOL]


def admin() -> Any:
    user = staff()
    if user.role != Role.ADMIN:
        raise Forbidden()
    return user


@console_bp.route("/admin/users")
def users() -> Any:
    admin()
    people = accounts.list_users(role=None, active=None, cursor=None, limit=200).items
    return render("users.html", people=people, roles=ROLES)


@console_bp.route("/admin/users", methods=["POST"])
def create_user() -> Any:
    actor = admin()
    fields_ = {k: request.form.get(k, "") for k in ("email", "role", "password", "display_name")}
    fields_["locale"] = request.form.get("locale") or "sv"
    accounts.create_user(actor=actor, **load_form(_CREATE_USER, fields_))
    flash(text("user_created", g.console_locale), "info")
    return redirect(url_for("console.users"))


@console_bp.route("/admin/users/<int:user_id>/active", methods=["POST"])
def set_user_active(user_id: int) -> Any:
    actor = admin()
    accounts.update_user(user_id, actor=actor, is_active=request.form.get("active") == "1")
    flash(text("user_saved", g.console_locale), "info")
    return redirect(url_for("console.users"))


@console_bp.route("/admin/models")
def models() -> Any:
    admin()
    return render("models.html", models=model_admin.list_models(), job=None)


@console_bp.route("/admin/models/<version>/activate", methods=["POST"])
def activate_model(version: str) -> Any:
    model_admin.activate_model(version, admin())
    flash(text("model_activated", g.console_locale), "info")
    return redirect(url_for("console.models"))


@console_bp.route("/admin/models/rollback", methods=["POST"])
def rollback_model() -> Any:
    model_admin.rollback_model(admin())
    flash(text("model_activated", g.console_locale), "info")
    return redirect(url_for("console.models"))


@console_bp.route("/admin/jobs", methods=["POST"])
def start_job() -> Any:
    actor = admin()
    job_id = jobs.start_job(
        request.form.get("kind", ""), actor, version=request.form.get("version") or None
    )
    flash(text("job_started", g.console_locale), "info")
    return redirect(url_for("console.job_page", job_id=job_id))


@console_bp.route("/admin/jobs/<job_id>")
def job_page(job_id: str) -> Any:
    admin()
    status = jobs.job_status(job_id)
    if request.headers.get("HX-Request") == "true":
        return render("_job.html", job=status)
    return render("models.html", models=model_admin.list_models(), job=status)


class AuditFilterForm(Schema):
    actor_id = fields.Integer(load_default=None, allow_none=True)
    action = fields.String(load_default=None, allow_none=True)
    subject_type = fields.String(load_default=None, allow_none=True)
    subject_id = fields.String(load_default=None, allow_none=True)
    since = fields.Date(load_default=None, allow_none=True)
    until = fields.Date(load_default=None, allow_none=True)
    cursor = fields.String(load_default=None, allow_none=True)


_AUDIT_FORM = AuditFilterForm()


def _day(value: Any) -> datetime | None:
    return None if value is None else datetime(value.year, value.month, value.day, tzinfo=UTC)


@console_bp.route("/admin/audit")
def audit() -> Any:
    admin()
    raw = {k: v for k, v in request.args.items() if v != ""}
    form = _AUDIT_FORM.load(raw, unknown="exclude")
    until = _day(form["until"])
    filters = AuditFilters(
        actor_id=form["actor_id"],
        action=form["action"],
        subject_type=form["subject_type"],
        subject_id=form["subject_id"],
        since=_day(form["since"]),
        until=until.replace(hour=23, minute=59, second=59) if until else None,
    )
    page = list_events(filters, cursor=form["cursor"], limit=100)
    people = accounts.list_users(role=None, active=None, cursor=None, limit=200).items
    query = {k: v for k, v in raw.items() if k != "cursor"}
    return render(
        "audit.html",
        page=page,
        form=form,
        query=query,
        people=people,
        names=staff_names([e.actor_id for e in page.items]),
    )
