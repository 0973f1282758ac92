"""The staff console: server-rendered pages under /console/ that call the same services as the API.

Pages are Jinja templates with htmx (vendored in static/) for partial refreshes; no inline
scripts, so the Content-Security-Policy allows scripts from this origin only. Sign-in uses the
accounts service (same accounts, roles and login throttle) and keeps the token family's id in a
signed session cookie, so signing out or deactivating an account ends console sessions too.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Flask

console_bp = Blueprint(
    "console",
    __name__,
    url_prefix="/console",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

# Not an API blueprint: registered on the app directly, so it stays out of openapi.yaml.
blueprints: list[object] = []


def init_app(app: Flask) -> None:
    config = app.config
    # How often the queue page refreshes its list.
    config.setdefault("CONSOLE_POLL_SECONDS", 20)
    # A CSRF token lives as long as the console session.
    config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    # Only the console uses a cookie session: scope it to /console, keep scripts away from it,
    # send it on same-site requests only, and only over https outside a laptop or a test run.
    if config["SESSION_COOKIE_NAME"] == "session":
        config["SESSION_COOKIE_NAME"] = "netpolarna_console"
    config["SESSION_COOKIE_PATH"] = config.get("SESSION_COOKIE_PATH") or "/console"
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["SESSION_COOKIE_SAMESITE"] = config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    if config.get("ENV_NAME") not in ("development", "testing"):
        config["SESSION_COOKIE_SECURE"] = True
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=12)
    from netpolarna.console import views  # noqa: F401  (attaches the pages)

    app.register_blueprint(console_bp)
