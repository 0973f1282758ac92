"""Request ids and logging: JSON lines in production, no personal data anywhere.

Access lines carry the route *pattern* (`/api/v1/reports/<id>`), never the concrete URL, query
string, client address or body, so nothing identifying a young person reaches the logs. Every
record of every logger also passes `log_privacy.PrivacyFilter` (parameters, exception messages
and ids in paths removed), whatever failed.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

from netpolarna.log_privacy import install_privacy_filter

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_log = logging.getLogger("netpolarna.access")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def configure_logging(app: Flask) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    if app.config["LOG_FORMAT"] == "json":
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
        )
    ours = logging.getLogger("netpolarna")
    ours.handlers = [handler]
    ours.setLevel(app.config["LOG_LEVEL"])
    ours.propagate = False
    # Other libraries' records (sqlalchemy, werkzeug, apscheduler) reach the root logger: give
    # it the same handler, so none of them falls through to Python's unfiltered last resort.
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not getattr(h, "netpolarna_handler", False)]
    handler.netpolarna_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    install_privacy_filter(ours)

    app.before_request(_start_request)
    app.after_request(_finish_request)


def _start_request() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish_request(response: Response) -> Response:
    request_id = g.get("request_id")
    if request_id:
        response.headers["X-Request-ID"] = request_id
    started = g.get("request_started")
    route = request.url_rule.rule if request.url_rule else "<unmatched>"
    if started is not None:
        access_log.info(
            "%s %s %s %.1fms",
            request.method,
            route,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
    return response
