"""Access and refresh tokens: families, rotation with reuse detection, revocation.

Every sign-in starts a token family. Refreshing rotates: the old refresh token is marked used
and a new pair is issued in the same family. Presenting a used refresh token again means it
leaked (or the client lost a response): within a short grace window we rotate again, after it
we revoke the whole family. Revocations live in the database, so they survive restarts and
hold across every API process.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token, get_jti
from jwt import ExpiredSignatureError, InvalidTokenError
from sqlalchemy import CursorResult, bindparam, select, update

from netpolarna.accounts.models import RefreshToken, TokenFamily, User
from netpolarna.db import db, utcnow
from netpolarna.errors import Unauthorized


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"


def _access_lifetime() -> timedelta:
    return timedelta(minutes=current_app.config["ACCESS_TOKEN_MINUTES"])


def _refresh_lifetime() -> timedelta:
    return timedelta(days=current_app.config["REFRESH_TOKEN_DAYS"])


def issue_pair(user: User, family: TokenFamily | None = None) -> TokenPair:
    """A new access/refresh pair for `user`, in `family` or a new one. The caller commits."""
    if family is None:
        family = TokenFamily(id=uuid.uuid4().hex, user_id=user.id)
        db.session.add(family)
        db.session.flush()  # the refresh-token row below references it
    identity = str(user.id)
    claims = {"role": user.role, "fam": family.id}
    access = create_access_token(
        identity=identity, additional_claims=claims, expires_delta=_access_lifetime()
    )
    refresh = create_refresh_token(
        identity=identity, additional_claims={"fam": family.id}, expires_delta=_refresh_lifetime()
    )
    db.session.add(
        RefreshToken(
            jti=get_jti(refresh), family_id=family.id, expires_at=utcnow() + _refresh_lifetime()
        )
    )
    return TokenPair(access, refresh, int(_access_lifetime().total_seconds()))


def _decode_refresh(token: str) -> dict[str, Any]:
    try:
        payload = decode_token(token)
    except ExpiredSignatureError as exc:
        raise Unauthorized(code="token_expired") from exc
    except (InvalidTokenError, ValueError, KeyError) as exc:
        raise Unauthorized(code="token_invalid") from exc
    if payload.get("type") != "refresh" or "fam" not in payload:
        raise Unauthorized(code="token_invalid", detail="This is not a refresh token.")
    return payload


def rotate(refresh_token: str) -> TokenPair:
    """Exchange a refresh token for a new pair; detect and punish reuse."""
    payload = _decode_refresh(refresh_token)
    row = db.session.get(RefreshToken, payload["jti"])
    family = db.session.get(TokenFamily, payload["fam"])
    if (
        row is None
        or family is None
        or row.family_id != family.id
        or payload.get("sub") != str(family.user_id)
    ):
        raise Unauthorized(code="token_invalid")
    if family.revoked_at is not None:
        raise Unauthorized(code="token_revoked")
    user = db.session.get(User, family.user_id)
    if user is None or not user.is_active:
        raise Unauthorized(code="account_inactive")

    now = utcnow()
    # Atomic claim: of two concurrent refreshes with one token, exactly one wins this update.
    claimed = _rowcount(
        update(RefreshToken)
        .where(RefreshToken.jti == row.jti, RefreshToken.rotated_at.is_(None))
        .values(rotated_at=now)
    )
    if not claimed:
        db.session.refresh(row)
        grace = timedelta(seconds=current_app.config["REFRESH_REUSE_GRACE_SECONDS"])
        if row.rotated_at is None or now - row.rotated_at > grace:
            revoke_family(family, reason="reuse_detected")
            db.session.commit()
            raise Unauthorized(code="refresh_token_reused")
        # A client that never received its new pair: retire whatever is live, issue afresh.
        db.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family.id, RefreshToken.rotated_at.is_(None))
            .values(rotated_at=now)
        )
    pair = issue_pair(user, family)
    db.session.execute(
        update(RefreshToken)
        .where(RefreshToken.jti == row.jti)
        .values(replaced_by=get_jti(pair.refresh_token))
    )
    db.session.commit()
    return pair


def revoke_family(family: TokenFamily, *, reason: str) -> None:
    if family.revoked_at is None:
        family.revoked_at = utcnow()
        family.revoked_reason = reason


def revoke_family_id(family_id: str, *, reason: str) -> None:
    family = db.session.get(TokenFamily, family_id)
    if family is not None:
        revoke_family(family, reason=reason)


def revoke_all_for_user(user_id: int, *, reason: str) -> None:
    for family in db.session.scalars(
        select(TokenFamily).where(TokenFamily.user_id == user_id, TokenFamily.revoked_at.is_(None))
    ):
        revoke_family(family, reason=reason)


def is_revoked(payload: dict[str, Any]) -> bool:
    return token_family_and_user(payload)[0] is None


def subject_matches(payload: dict[str, Any], user: User | None) -> bool:
    """A token speaks for its family's owner only: a `sub` naming anyone else is forged."""
    return user is not None and payload.get("sub") == str(user.id)


def token_family_and_user(payload: dict[str, Any]) -> tuple[TokenFamily | None, User | None]:
    """The access token's family if it is not revoked, and the family's user: one query.

    Every authenticated request checks both; with the user loaded here, `active_user_for`
    finds it in the session instead of querying again (while the caller holds it).
    """
    family_id = payload.get("fam")
    if not family_id:
        return None, None
    row = db.session.execute(_FAMILY_AND_USER, {"family_id": family_id}).first()
    if row is None:
        return None, None
    family, user = row._tuple()
    if family.revoked_at is not None or not subject_matches(payload, user):
        return None, user
    return family, user


# Built once: every authenticated request runs it, and a prebuilt statement keeps its cache key.
_FAMILY_AND_USER = (
    select(TokenFamily, User)
    .outerjoin(User, User.id == TokenFamily.user_id)
    .where(TokenFamily.id == bindparam("family_id"))
)


def active_user_for(payload: dict[str, Any]) -> User | None:
    try:
        user = db.session.get(User, int(payload["sub"]))
    except (KeyError, ValueError):
        return None
    return user if user is not None and user.is_active else None


def purge_expired(before: datetime) -> int:
    """Delete refresh-token rows that expired before `before` (families stay for the audit)."""
    removed = _rowcount(RefreshToken.__table__.delete().where(RefreshToken.expires_at < before))
    db.session.commit()
    return removed


def _rowcount(statement: Any) -> int:
    result = cast(CursorResult[Any], db.session.execute(statement))
    return int(result.rowcount or 0)
