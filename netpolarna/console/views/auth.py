"""Sign-in and sign-out with the accounts service: same accounts, roles and login throttle."""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, request, session, url_for
from flask_jwt_extended import decode_token

from netpolarna.accounts import service as accounts
from netpolarna.accounts.roles import STAFF
from netpolarna.console import console_bp
from netpolarna.console.texts import text
from netpolarna.console.web import render
from netpolarna.errors import RateLimited, Unauthorized


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/console/") and not target.startswith("//"):
        return target
    return url_for("console.queue")


@console_bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    error = None
    status = 200
    if request.method == "POST":
        try:
            user, pair = accounts.login(
                email=request.form.get("email", ""), password=request.form.get("password", "")
            )
        except RateLimited as exc:
            seconds = exc.headers.get("Retry-After", "60")
            error, status = text("throttled", g.console_locale, seconds=seconds), 429
        except Unauthorized as exc:
            key = "inactive" if exc.code == "account_inactive" else "bad_login"
            error, status = text(key, g.console_locale), 401
        else:
            claims = decode_token(pair.access_token)
            family_id = claims["fam"]
            if user.role not in STAFF:
                # Schools sign in to the API, not here: end the session just made.
                accounts.logout(family_id=family_id)
                error, status = text("staff_only", g.console_locale), 403
            else:
                session.clear()
                session.permanent = True
                session["fam"] = family_id
                session["sub"] = claims["sub"]  # checked against the family's owner, as a token's
                return redirect(_safe_next(request.args.get("next")))
    return render("login.html", error=error, email=request.form.get("email", "")), status


@console_bp.route("/logout", methods=["POST"])
def logout() -> Any:
    locale = g.console_locale
    accounts.logout(family_id=session["fam"])
    session.clear()
    flash(text("signed_out", locale), "info")
    return redirect(url_for("console.login"))


@console_bp.route("/")
def home() -> Any:
    return redirect(url_for("console.queue"))
