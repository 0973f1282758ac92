"""The application factory: extensions, blueprints, error handlers, CLI.

Each `register_*` imports what it registers when it runs: `netpolarna --help` imports this
module and must not load the core or any domain (`tests/test_cli_startup.py`).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

from netpolarna.common.settings import ConfigError
from netpolarna.config import Settings

# Domain packages, each exposing `blueprints` and optionally `init_app(app)`.
DOMAINS = [
    "netpolarna.health",
    "netpolarna.accounts",
    "netpolarna.netwalk",
    "netpolarna.reports",
    "netpolarna.tips",
    "netpolarna.bookings",
    "netpolarna.netwalk.triage",
    "netpolarna.audit.api",
    "netpolarna.console",
    "netpolarna.analytics",
]

API_INFO = {
    "title": "Nätpolarna API",
    "version": "1",
    "description": (
        "Backend of Nätpolarna: anonymous youth reporting, tips and helplines, theme-week "
        "bookings, and the net-walkers' scanning and triage tools. Errors are RFC 9457 "
        "problem+json documents with a stable `code`."
    ),
}

# Bodies we accept; anything else with a body is 415 (evidence uploads are multipart).
ACCEPTED_BODY_TYPES = {"application/json", "multipart/form-data", "application/merge-patch+json"}


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    settings = Settings.from_env()
    settings.check()
    instance_path = settings.resolved_instance_path()
    app = Flask("netpolarna", instance_path=str(instance_path), static_folder=None)
    app.config.from_mapping(settings.to_flask_config())
    app.config.update(_api_config())
    if test_config:
        app.config.update(test_config)
    if app.config["ENV_NAME"] == "production" and app.config.get("OUTBOUND_ALLOW_LOOPBACK"):
        raise ConfigError("OUTBOUND_ALLOW_LOOPBACK is for tests only; production refuses it")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if settings.is_production:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]

    register_logging(app)
    register_extensions(app)
    register_scheduler(app)
    register_errorhandlers(app)
    register_blueprints(app)
    register_request_guards(app)
    register_commands(app)
    return app


def _api_config() -> dict[str, Any]:
    return {
        "API_TITLE": API_INFO["title"],
        "API_VERSION": API_INFO["version"],
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "API_SPEC_OPTIONS": {
            "info": {"description": API_INFO["description"]},
            "components": {
                "securitySchemes": {
                    "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
                }
            },
        },
        "JWT_TOKEN_LOCATION": ["headers"],
        "JWT_ERROR_MESSAGE_KEY": "detail",
        # Only 429 answers carry Retry-After (set by the problem handler), not every response.
        "RATELIMIT_HEADERS_ENABLED": False,
        "RATELIMIT_STRATEGY": "sliding-window-counter",
    }


def register_logging(app: Flask) -> None:
    from netpolarna.logging_setup import configure_logging

    configure_logging(app)


def register_extensions(app: Flask) -> None:
    from netpolarna.common import (
        input_limits,
        ratelimit_storage,  # noqa: F401  (registers its URI scheme)
    )
    from netpolarna.common.api import api
    from netpolarna.common.bounded_json import BoundedRequest
    from netpolarna.common.ratelimit import limiter
    from netpolarna.db import db, ping_idle_connections
    from netpolarna.extensions import migrate
    from netpolarna.jwt_manager import jwt

    app.request_class = BoundedRequest
    input_limits.init_app(app)  # before any route: the id converter
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            ping_idle_connections(engine)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    jwt.init_app(app)  # its callbacks: accounts.init_app
    app.config["RATELIMIT_DEFAULT"] = app.config.get("RATELIMIT_DEFAULT") or None
    limiter.init_app(app)
    api.init_app(app)


def register_scheduler(app: Flask) -> None:
    from netpolarna import scheduler

    scheduler.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    from netpolarna.problem_handlers import register_error_handlers

    register_error_handlers(app)


def register_blueprints(app: Flask) -> None:
    from netpolarna.common.api import api

    for name in DOMAINS:
        module = importlib.import_module(name)
        for blueprint in module.blueprints:
            api.register_blueprint(blueprint)
        init = getattr(module, "init_app", None)
        if init is not None:
            init(app)


def register_commands(app: Flask) -> None:
    from netpolarna.commands import attach_domain_commands

    attach_domain_commands(app.cli)


def register_request_guards(app: Flask) -> None:
    from netpolarna.errors import UnsupportedMediaType

    @app.before_request
    def require_known_body_type() -> None:
        # A chunked body has no Content-Length but is a body all the same.
        chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
        has_body = request.method in {"POST", "PUT", "PATCH"} and (
            request.content_length or chunked
        )
        # The console's HTML forms post urlencoded bodies (checked for CSRF there).
        if has_body and request.path.startswith("/console/"):
            return
        if has_body and request.mimetype not in ACCEPTED_BODY_TYPES:
            raise UnsupportedMediaType(detail="Send the body as application/json.")

    @app.after_request
    def no_content_type_without_content(response: Response) -> Response:
        if response.status_code == 204:
            response.headers.pop("Content-Type", None)
        return response
