"""The application factory: extensions, blueprints, error handlers, CLI."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

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
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if settings.is_production:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]

    register_logging(app)
    register_extensions(app)
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
    from netpolarna.db import ping_idle_connections
    from netpolarna.extensions import api, db, jwt, limiter, migrate
    from netpolarna.security import register_jwt_callbacks

    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            ping_idle_connections(engine)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    jwt.init_app(app)
    register_jwt_callbacks(jwt)
    app.config["RATELIMIT_DEFAULT"] = app.config.get("RATELIMIT_DEFAULT") or None
    limiter.init_app(app)
    api.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    from netpolarna.errors import register_error_handlers

    register_error_handlers(app)


def register_blueprints(app: Flask) -> None:
    from netpolarna.extensions import api

    for name in DOMAINS:
        module = importlib.import_module(name)
        for blueprint in module.blueprints:
            api.register_blueprint(blueprint)
        init = getattr(module, "init_app", None)
        if init is not None:
            init(app)


def register_commands(app: Flask) -> None:
    from netpolarna.cli import _attach_domain_commands

    _attach_domain_commands(app.cli)


def register_request_guards(app: Flask) -> None:
    from netpolarna.errors import UnsupportedMediaType

    @app.before_request
    def require_known_body_type() -> None:
        has_body = request.method in {"POST", "PUT", "PATCH"} and request.content_length
        if has_body and request.mimetype not in ACCEPTED_BODY_TYPES:
            raise UnsupportedMediaType(detail="Send the body as application/json.")
