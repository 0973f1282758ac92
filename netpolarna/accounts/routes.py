"""Thin views for accounts; the rules live in accounts.service and accounts.tokens."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_jwt_extended import current_user, get_jwt
from flask_limiter.util import get_remote_address

from netpolarna.accounts import auth_blp, me_blp, service, tokens, users_blp
from netpolarna.accounts.roles import ALL_ROLES, Role
from netpolarna.accounts.schemas import (
    DeviceRegisterSchema,
    DeviceSessionSchema,
    LoginResultSchema,
    LoginSchema,
    RefreshSchema,
    TokenPairSchema,
    UserCreateSchema,
    UserPageSchema,
    UserQuerySchema,
    UserSchema,
    UserUpdateSchema,
)
from netpolarna.common.ratelimit import limiter


def _device_limit() -> str:
    return str(current_app.config["DEVICE_REGISTRATION_LIMIT"])


def _session_body(session: service.DeviceSession) -> dict[str, Any]:
    return {
        **session.pair.__dict__,
        "device_id": session.device.id,
        "device_secret": session.device_secret,
        "user": session.user,
    }


@auth_blp.route("/device", methods=["POST"])
@auth_blp.public
@auth_blp.arguments(DeviceRegisterSchema)
@auth_blp.response(201, DeviceSessionSchema, description="A new anonymous youth account")
@auth_blp.alt_response(200, schema=DeviceSessionSchema, description="Signed in again")
@auth_blp.errors(401, 429)
@limiter.limit(_device_limit, key_func=get_remote_address)
def register_device(data: dict[str, Any]) -> Any:
    """Register a youth device anonymously (no e-mail, phone or name), or sign it in again."""
    if "device_id" in data:
        session = service.sign_in_device(
            device_id=data["device_id"], device_secret=data["device_secret"]
        )
        return _session_body(session), 200
    session = service.register_device(locale=data.get("locale"), platform=data.get("platform"))
    return _session_body(session), 201


@auth_blp.route("/login", methods=["POST"])
@auth_blp.public
@auth_blp.arguments(LoginSchema)
@auth_blp.response(200, LoginResultSchema)
@auth_blp.errors(401, 429)
def login(data: dict[str, Any]) -> Any:
    """Staff and school sign-in with e-mail and password."""
    user, pair = service.login(email=data["email"], password=data["password"])
    return {**pair.__dict__, "user": user}


@auth_blp.route("/refresh", methods=["POST"])
@auth_blp.public
@auth_blp.arguments(RefreshSchema)
@auth_blp.response(200, TokenPairSchema)
@auth_blp.errors(401)
def refresh(data: dict[str, Any]) -> Any:
    """Rotate a refresh token. Reusing a rotated token ends the whole session."""
    return tokens.rotate(data["refresh_token"]).__dict__


@auth_blp.route("/logout", methods=["POST"])
@auth_blp.roles(*ALL_ROLES)
@auth_blp.response(204)
def logout() -> None:
    """End this session: its access and refresh tokens stop working at once."""
    service.logout(family_id=get_jwt()["fam"])


@me_blp.route("")
class Me(MethodView):
    @me_blp.roles(*ALL_ROLES)
    @me_blp.response(200, UserSchema)
    def get(self) -> Any:
        """The signed-in account."""
        return current_user

    @me_blp.roles(*ALL_ROLES)
    @me_blp.response(204)
    def delete(self) -> None:
        """Erase a youth account and everything it sent (staff accounts are deactivated instead)."""
        service.erase_self(current_user)


@users_blp.route("")
class Users(MethodView):
    @users_blp.roles(Role.ADMIN)
    @users_blp.arguments(UserQuerySchema, location="query")
    @users_blp.response(200, UserPageSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """Staff and school accounts, oldest first."""
        page = service.list_users(
            role=query.get("role"),
            active=query.get("active"),
            cursor=query["cursor"],
            limit=query["limit"],
        )
        return {"items": page.items, "next_cursor": page.next_cursor}

    @users_blp.roles(Role.ADMIN)
    @users_blp.arguments(UserCreateSchema)
    @users_blp.response(201, UserSchema)
    @users_blp.errors(409)
    def post(self, data: dict[str, Any]) -> Any:
        """Create a staff or school account."""
        return service.create_user(actor=current_user, **data)


@users_blp.route("/<int:user_id>")
class UserById(MethodView):
    @users_blp.roles(Role.ADMIN)
    @users_blp.response(200, UserSchema)
    @users_blp.errors(404)
    def get(self, user_id: int) -> Any:
        """One staff or school account."""
        return service.get_user(user_id)

    @users_blp.roles(Role.ADMIN)
    @users_blp.arguments(UserUpdateSchema)
    @users_blp.response(200, UserSchema)
    @users_blp.errors(404, 409)
    def patch(self, data: dict[str, Any], user_id: int) -> Any:
        """Change, deactivate or reactivate an account; deactivation ends its sessions."""
        return service.update_user(user_id, actor=current_user, **data)
