"""Token checks wired to the accounts store, and token errors to problem+json."""

from __future__ import annotations

from typing import Any

from flask import Response, g
from flask_jwt_extended import JWTManager

from netpolarna.accounts import tokens
from netpolarna.problem_handlers import problem


def register_jwt_callbacks(jwt: JWTManager) -> None:
    """Wire token checks to the accounts store, and token errors to problem+json."""

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
