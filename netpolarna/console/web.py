"""What every console page shares: the signed-in staff member, CSRF, security headers, errors.

The session cookie holds only the token family's id (see accounts.tokens): each request checks
that the family is not revoked and its user is active staff, exactly as a bearer token is checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import (
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from marshmallow import Schema
from marshmallow import ValidationError as SchemaError
from werkzeug.exceptions import HTTPException
from wtforms.validators import ValidationError as CsrfInvalid

from netpolarna.accounts import tokens
from netpolarna.accounts.models import User
from netpolarna.accounts.roles import STAFF, Role
from netpolarna.common.i18n import request_locale, translate
from netpolarna.console import console_bp
from netpolarna.console.texts import text, value_text
from netpolarna.db import utcnow
from netpolarna.errors import DomainError
from netpolarna.netwalk.triage.schemas import queue_summary
from netpolarna.netwalk.triage.work_queue import QueueItem
from netpolarna.reports.texts import category_name

PUBLIC_ENDPOINTS = {"console.login", "console.static"}
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)


def staff() -> User:
    """The signed-in staff member (set for every page but sign-in)."""
    user: User = g.console_user
    return user


def ui_locale(user: User | None) -> str:
    """Swedish or English: the account's locale, else the browser's (Swedish by default)."""
    wanted = user.locale if user is not None else request_locale(default="sv")
    return "en" if wanted == "en" else "sv"


def _signed_in_user() -> User | None:
    family_id = session.get("fam")
    if not family_id:
        return None
    claims = {"fam": family_id, "sub": session.get("sub")}
    family, user = tokens.token_family_and_user(claims)
    if family is None or user is None or not user.is_active or user.role not in STAFF:
        return None
    return user


def _is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


@console_bp.before_request
def check_session_and_csrf() -> Any:
    g.console_user = None
    # Flask-WTF keeps the token of the request in `g`; start from the session's each time
    # (an app context can outlive one request, as in tests).
    g.pop("csrf_token", None)
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        # Every form post and htmx request carries the token (field or X-CSRFToken header).
        token = request.form.get("csrf_token") or request.headers.get("X-CSRFToken")
        try:
            validate_csrf(token)
        except CsrfInvalid as exc:
            raise CSRFError(str(exc)) from exc
    if request.endpoint in PUBLIC_ENDPOINTS:
        g.console_locale = ui_locale(None)
        return None
    user = _signed_in_user()
    if user is None:
        session.pop("fam", None)
        session.pop("sub", None)
        wanted = request.full_path if request.method == "GET" else None
        target = url_for("console.login", next=wanted)
        if _is_htmx():
            return Response(status=401, headers={"HX-Redirect": target})
        return redirect(target)
    g.console_user = user
    g.console_locale = ui_locale(user)
    return None


@console_bp.after_request
def security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    if request.endpoint != "console.static":
        # Pages show youth reports and hateful text: never cached, never kept in history.
        response.headers["Cache-Control"] = "no-store"
    return response


@console_bp.app_template_global("_")
def translate_ui(key: str, **params: Any) -> str:
    return text(key, g.get("console_locale", "sv"), **params)


@console_bp.app_template_filter("words")
def value_words(value: str | None) -> str:
    return "-" if value is None else value_text(value, g.get("console_locale", "sv"))


@console_bp.app_template_filter("category")
def category_words(code: str | None) -> str:
    return "-" if code is None else category_name(code, g.get("console_locale", "sv"))


@console_bp.app_template_filter("queue_summary")
def queue_summary_words(item: QueueItem) -> str:
    return queue_summary(item, g.get("console_locale", "sv"))


@console_bp.app_template_global("csrf_token")
def csrf_token() -> str:
    return generate_csrf()


@console_bp.app_template_filter("when")
def format_when(value: datetime | None) -> str:
    if value is None:
        return "-"
    local = value.astimezone(ZoneInfo(current_app.config["TIMEZONE"]))
    return local.strftime("%Y-%m-%d %H:%M")


@console_bp.app_template_filter("ago")
def format_ago(value: datetime | None) -> str:
    """A short age: 5 min, 3 h, 2 d."""
    if value is None:
        return "-"
    seconds = max(0, int((utcnow() - value).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"


@console_bp.app_template_filter("until")
def format_until(value: datetime | None) -> str:
    """Time left to a deadline, or how late it is (negative)."""
    if value is None:
        return "-"
    seconds = int((value - utcnow()).total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    if seconds < 3600:
        return f"{sign}{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{sign}{seconds // 3600} h"
    return f"{sign}{seconds // 86400} d"


@console_bp.app_template_filter("pct")
def format_pct(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)} %"


def render(template: str, **context: Any) -> str:
    return render_template(f"console/{template}", user=g.get("console_user"), **context)


def load_form(schema: Schema, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a form with the API's own schema (one set of rules)."""
    return dict(schema.load(data))


def back(default: str = "console.queue") -> str:
    """Where a form post returns to: the page it came from, if it is a console page."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if parts.netloc == request.host and parts.path.startswith("/console/"):
        return referrer
    return url_for(default)


def problem_message(exc: DomainError) -> str:
    locale = g.get("console_locale", "sv")
    title = translate(f"problem.{exc.code}", locale)
    if title == f"problem.{exc.code}":
        title = exc.code.replace("_", " ")
    return f"{title}. {exc.detail}" if exc.detail and locale == "en" else title


def _failed(message: str, status: int) -> Any:
    if request.method == "POST" and not _is_htmx():
        flash(message, "error")
        return redirect(back())
    return render("error.html", message=message, status=status), status


@console_bp.errorhandler(DomainError)
def domain_error(exc: DomainError) -> Any:
    return _failed(problem_message(exc), exc.status)


@console_bp.errorhandler(SchemaError)
def form_error(exc: SchemaError) -> Any:
    messages = exc.messages if isinstance(exc.messages, dict) else {"form": exc.messages}
    parts = [
        f"{field}: {' '.join(map(str, msgs if isinstance(msgs, list) else [msgs]))}"
        for field, msgs in messages.items()
    ]
    intro = text("form_invalid", g.get("console_locale", "sv"))
    return _failed(f"{intro} {'; '.join(parts)}", 422)


@console_bp.errorhandler(CSRFError)
def csrf_error(exc: CSRFError) -> Any:
    g.console_locale = g.get("console_locale") or ui_locale(None)
    return render("error.html", message=text("csrf_failed", g.console_locale), status=400), 400


@console_bp.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> Any:
    g.console_locale = g.get("console_locale") or ui_locale(None)
    return render("error.html", message=exc.description, status=exc.code), exc.code or 500


def is_admin(user: User) -> bool:
    return user.role == Role.ADMIN
