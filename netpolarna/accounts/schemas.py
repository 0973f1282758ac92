"""Request and response schemas for accounts and tokens."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from netpolarna.accounts.passwords import MIN_PASSWORD_LENGTH
from netpolarna.accounts.roles import LOGIN_ROLES, Role
from netpolarna.common.i18n import SUPPORTED_LOCALES
from netpolarna.common.schemas import CursorQuerySchema, page_schema

LOCALE = validate.OneOf(SUPPORTED_LOCALES)
PASSWORD = validate.Length(min=MIN_PASSWORD_LENGTH, max=1024)


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    role = fields.String(dump_only=True, metadata={"enum": [r.value for r in Role]})
    email = fields.String(dump_only=True, allow_none=True)
    display_name = fields.String(dump_only=True, allow_none=True)
    organisation = fields.String(dump_only=True, allow_none=True)
    locale = fields.String(dump_only=True)
    is_active = fields.Boolean(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    last_login_at = fields.DateTime(dump_only=True, allow_none=True)


class TokenPairSchema(Schema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    token_type = fields.String(required=True, metadata={"example": "Bearer"})
    expires_in = fields.Integer(required=True, metadata={"description": "Access token seconds"})


class DeviceRegisterSchema(Schema):
    """Empty to register a new device; `device_id` and `device_secret` to sign a device in again."""

    device_id = fields.String(validate=validate.Length(equal=32))
    device_secret = fields.String(load_only=True, validate=validate.Length(min=16, max=128))
    locale = fields.String(validate=LOCALE)
    platform = fields.String(validate=validate.OneOf(["ios", "android", "web"]))

    @validates_schema
    def both_or_neither(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if ("device_id" in data) != ("device_secret" in data):
            raise ValidationError("Send both device_id and device_secret, or neither.", "device_id")


class DeviceSessionSchema(TokenPairSchema):
    device_id = fields.String(required=True)
    device_secret = fields.String(
        allow_none=True,
        metadata={"description": "Only on registration: keep it on the device to sign in again"},
    )
    user = fields.Nested(UserSchema, required=True)


class LoginSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=1024))


class LoginResultSchema(TokenPairSchema):
    user = fields.Nested(UserSchema, required=True)


class RefreshSchema(Schema):
    refresh_token = fields.String(required=True, validate=validate.Length(max=4096))


class UserCreateSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    role = fields.String(required=True, validate=validate.OneOf([r.value for r in LOGIN_ROLES]))
    password = fields.String(required=True, load_only=True, validate=PASSWORD)
    display_name = fields.String(validate=validate.Length(max=120))
    organisation = fields.String(validate=validate.Length(max=200))
    locale = fields.String(validate=LOCALE)


class UserUpdateSchema(Schema):
    display_name = fields.String(validate=validate.Length(max=120))
    organisation = fields.String(validate=validate.Length(max=200))
    locale = fields.String(validate=LOCALE)
    is_active = fields.Boolean()
    password = fields.String(load_only=True, validate=PASSWORD)


class UserQuerySchema(CursorQuerySchema):
    role = fields.String(validate=validate.OneOf([r.value for r in LOGIN_ROLES]))
    active = fields.Boolean()


UserPageSchema = page_schema(UserSchema, "UserPageSchema")
