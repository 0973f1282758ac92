"""Account rules: device registration, sign-in, sessions, erasure and user administration."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from netpolarna.accounts import throttle, tokens
from netpolarna.accounts.erasure import run_erasure_handlers
from netpolarna.accounts.models import Device, User
from netpolarna.accounts.passwords import hash_password, verify_password
from netpolarna.accounts.roles import LOGIN_ROLES, Role
from netpolarna.audit import service as audit
from netpolarna.common.i18n import normalise_locale
from netpolarna.common.pagination import Page, SortKey, paginate
from netpolarna.db import commit, db, utcnow
from netpolarna.errors import Conflict, Forbidden, NotFound, RateLimited, Unauthorized


@dataclass(frozen=True)
class DeviceSession:
    user: User
    device: Device
    pair: tokens.TokenPair
    device_secret: str | None  # only on first registration; the app must keep it


def _secret_digest(secret: str) -> str:
    # Device secrets are 256-bit random values, so a plain hash is enough (no brute force).
    return hashlib.sha256(secret.encode()).hexdigest()


def register_device(*, locale: str | None, platform: str | None) -> DeviceSession:
    """A new anonymous youth account bound to a new device."""
    user = User(role=Role.YOUTH, locale=normalise_locale(locale) or "sv")
    db.session.add(user)
    db.session.flush()
    secret = secrets.token_urlsafe(32)
    device = Device(
        id=uuid.uuid4().hex, user_id=user.id, secret_hash=_secret_digest(secret), platform=platform
    )
    db.session.add(device)
    pair = tokens.issue_pair(user)
    db.session.commit()
    return DeviceSession(user, device, pair, secret)


def sign_in_device(*, device_id: str, device_secret: str) -> DeviceSession:
    """A new session for a device that registered before (e.g. after its refresh token expired)."""
    device = db.session.get(Device, device_id)
    if device is None or not hmac.compare_digest(device.secret_hash, _secret_digest(device_secret)):
        raise Unauthorized(code="invalid_device")
    if not device.user.is_active:
        raise Unauthorized(code="account_inactive")
    device.last_seen_at = utcnow()
    pair = tokens.issue_pair(device.user)
    db.session.commit()
    return DeviceSession(device.user, device, pair, None)


def login(*, email: str, password: str) -> tuple[User, tokens.TokenPair]:
    """Staff and school sign-in, throttled per e-mail after repeated failures."""
    email = email.strip().lower()
    throttle.purge_expired()
    attempt = throttle.claim_attempt(email)
    if not attempt.allowed:
        raise RateLimited(attempt.retry_after_seconds, code="login_throttled")

    user = db.session.scalar(select(User).where(User.email == email))
    if user is None or user.role not in LOGIN_ROLES:
        verify_password(None, password)  # the same argon2 cost: timing tells no e-mail apart
        raise Unauthorized(code="invalid_credentials")
    if not verify_password(user.password_hash, password):
        raise Unauthorized(code="invalid_credentials")
    if not user.is_active:
        raise Unauthorized(code="account_inactive")
    throttle.forget(attempt.key)
    user.last_login_at = utcnow()
    pair = tokens.issue_pair(user)
    db.session.commit()
    return user, pair


def logout(*, family_id: str) -> None:
    tokens.revoke_family_id(family_id, reason="logout")
    db.session.commit()


def erase_self(user: User) -> None:
    """A young person erases their account: devices, tokens and everything domains registered."""
    if user.role != Role.YOUTH:
        raise Forbidden(code="erasure_not_allowed")
    user_id = user.id
    run_erasure_handlers(user_id)
    db.session.delete(user)
    db.session.commit()


# --- administration ------------------------------------------------------------------------


def create_user(
    *,
    email: str,
    role: str,
    password: str,
    display_name: str | None = None,
    organisation: str | None = None,
    locale: str | None = None,
    actor: User | None = None,
) -> User:
    """Create a staff or school account (youth accounts only come from devices)."""
    email = email.strip().lower()
    if db.session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise Conflict(code="email_taken")
    user = User(
        email=email,
        role=role,
        password_hash=hash_password(password),
        display_name=display_name,
        organisation=organisation,
        locale=normalise_locale(locale) or "sv",
    )
    db.session.add(user)
    db.session.flush()
    if actor is not None:
        audit.actor_did(actor, "user.create", "user", user.id, {"role": role})
    commit()
    return user


def list_users(
    *, role: str | None, active: bool | None, cursor: str | None, limit: int
) -> Page[User]:
    stmt = select(User).where(User.role != Role.YOUTH)
    if role:
        stmt = stmt.where(User.role == role)
    if active is not None:
        stmt = stmt.where(User.is_active.is_(active))
    return paginate(stmt, [SortKey(User.id)], lambda u: [u.id], cursor=cursor, limit=limit)


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.role == Role.YOUTH:
        # Youth accounts are not administered; they are not even listed.
        raise NotFound()
    return user


def update_user(
    user_id: int,
    *,
    actor: User,
    display_name: str | None = None,
    organisation: str | None = None,
    locale: str | None = None,
    is_active: bool | None = None,
    password: str | None = None,
) -> User:
    user = get_user(user_id)
    changed: list[str] = []
    if display_name is not None:
        user.display_name = display_name
        changed.append("display_name")
    if organisation is not None:
        user.organisation = organisation
        changed.append("organisation")
    if locale is not None:
        user.locale = normalise_locale(locale) or user.locale
        changed.append("locale")
    if password is not None:
        user.password_hash = hash_password(password)
        tokens.revoke_all_for_user(user.id, reason="password_reset")
        changed.append("password")
    if is_active is not None and is_active != user.is_active:
        if not is_active and user.id == actor.id:
            raise Conflict(code="conflict", detail="Admins cannot deactivate themselves.")
        user.is_active = is_active
        user.deactivated_at = None if is_active else utcnow()
        if not is_active:
            tokens.revoke_all_for_user(user.id, reason="deactivated")
        changed.append("is_active")
    audit.actor_did(actor, "user.update", "user", user.id, {"fields": changed})
    db.session.commit()
    return user
