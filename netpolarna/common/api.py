"""flask-smorest plumbing: problem+json documented everywhere, role-aware blueprints."""

from __future__ import annotations

import http
from collections.abc import Callable
from typing import Any

import flask_smorest
from flask_smorest.utils import prepare_response

from netpolarna.common.bounded_json import BoundedFlaskParser
from netpolarna.common.input_limits import harden_schema
from netpolarna.common.schemas import ProblemSchema
from netpolarna.errors import PROBLEM_MIMETYPE
from netpolarna.security import require_roles

BEARER_SCHEME = "bearerAuth"


class ProblemApi(flask_smorest.Api):
    """An Api whose error responses are documented as RFC 9457 problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        # netpolarna.errors.register_error_handlers owns error rendering.
        return None

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            content_type = "application/json"
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
                content_type = PROBLEM_MIMETYPE
            prepare_response(response, self.spec, content_type)
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "Problem details (RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response("DEFAULT_ERROR", default, lazy=True)


api = ProblemApi()  # unbound; `create_app` binds it and registers every domain's blueprints


class ApiBlueprint(flask_smorest.Blueprint):
    """A smorest Blueprint that documents and enforces who may call each view."""

    def roles(self, *roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Only these roles may call the view: 401 without a valid token, 403 for other roles."""

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            guarded = require_roles(*roles)(func)
            documented = self.doc(security=[{BEARER_SCHEME: []}])(guarded)
            documented = self.alt_response(401, response="UNAUTHORIZED")(documented)
            return self.alt_response(403, response="FORBIDDEN")(documented)

        return decorator

    # JSON bodies are read within size, depth and text limits (netpolarna.common.bounded_json).
    ARGUMENTS_PARSER = BoundedFlaskParser()

    def arguments(self, schema: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        """As flask-smorest's, but a schema class is instantiated once here: webargs would
        build a new instance (copying every field) on each request. The schema gets the
        edge's input limits (integer ranges, strict booleans) before it is documented."""
        harden_schema(schema, kwargs.get("location", "json"))
        if isinstance(schema, type):
            schema = schema()
        return super().arguments(schema, **kwargs)

    def public(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Anyone may call the view, signed in or not."""
        return self.doc(security=[])(func)

    def errors(self, *statuses: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Document problem responses the view can give besides auth and validation."""

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            for status in statuses:
                func = self.alt_response(status, response=http.HTTPStatus(status).name)(func)
            return func

        return decorator
