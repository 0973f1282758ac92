"""JWT callbacks, the role guard and the bearer scheme for the OpenAPI document."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Response, g, request
from flask_jwt_extended import JWTManager, current_user, verify_jwt_in_request

from netpolarna.errors import Forbidden, problem

F = TypeVar("F", bound=Callable[..., Any])

# Set in the WSGI environ (per request) once the access token passed every check.
VERIFIED_KEY = "netpolarna.jwt_verified"


def require_roles(*roles: str) -> Callable[[F], F]:
    """Reject callers without a valid access token (401) or with another role (403)."""
    allowed = frozenset(str(role) for role in roles)

    def decorator(func: F) -> F:
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            # The rate limiter may have verified this request's token already (same checks:
            # signature, expiry, revocation, active user); don't decode and query twice.
            if not request.environ.get(VERIFIED_KEY):
                verify_jwt_in_request()
                request.environ[VERIFIED_KEY] = True
            if current_user.role not in allowed:
                raise Forbidden()
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def register_jwt_callbacks(jwt: JWTManager) -> None:
    """Wire token checks to the accounts store, and token errors to problem+json."""
    from netpolarna.accounts import tokens

    @jwt.user_lookup_loader
    def load_user(_header: dict[str, Any], payload: dict[str, Any]) -> Any:
        return tokens.active_user_for(payload)

    @jwt.token_in_blocklist_loader
    def is_revoked(_header: dict[str, Any], payload: dict[str, Any]) -> bool:
        family, user = tokens.token_family_and_user(payload)
        # Held for this request, so the user lookup right after finds it without a query.
        g.netpolarna_token_user = user
        return family is None

    @jwt.unauthorized_loader
    def missing(reason: str) -> Response:
        return problem(401, "token_missing", detail="Send 'Authorization: Bearer <access token>'.")

    @jwt.invalid_token_loader
    def invalid(reason: str) -> Response:
        return problem(401, "token_invalid")

    @jwt.expired_token_loader
    def expired(_header: dict[str, Any], _payload: dict[str, Any]) -> Response:
        return problem(401, "token_expired")

    @jwt.revoked_token_loader
    def revoked(_header: dict[str, Any], _payload: dict[str, Any]) -> Response:
        return problem(401, "token_revoked")

    @jwt.user_lookup_error_loader
    def inactive(_header: dict[str, Any], _payload: dict[str, Any]) -> Response:
        return problem(401, "account_inactive")

    @jwt.needs_fresh_token_loader
    def needs_fresh(_header: dict[str, Any], _payload: dict[str, Any]) -> Response:
        return problem(401, "token_invalid", detail="A fresh sign-in is needed.")

    @jwt.token_verification_failed_loader
    def failed(_header: dict[str, Any], _payload: dict[str, Any]) -> Response:
        return problem(401, "token_invalid")
