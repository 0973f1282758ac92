"""Accounts: youth devices, staff and school sign-in, tokens, erasure, administration."""

from flask import Flask

from netpolarna.accounts.jwt_callbacks import register_jwt_callbacks
from netpolarna.common.api import ApiBlueprint
from netpolarna.jwt_manager import jwt

auth_blp = ApiBlueprint("auth", __name__, url_prefix="/api/v1/auth", description="Sign-in")
me_blp = ApiBlueprint("me", __name__, url_prefix="/api/v1/me", description="The signed-in user")
users_blp = ApiBlueprint(
    "users", __name__, url_prefix="/api/v1/users", description="Staff and school accounts"
)

from netpolarna.accounts import routes  # noqa: E402,F401  (attaches the views)

blueprints = [auth_blp, me_blp, users_blp]


def init_app(app: Flask) -> None:

    register_jwt_callbacks(jwt)
