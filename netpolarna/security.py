"""The role guard of the views (JWT callbacks: `accounts.jwt_callbacks`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import request
from flask_jwt_extended import current_user, verify_jwt_in_request

from netpolarna.errors import Forbidden

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
