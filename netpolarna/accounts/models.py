"""Accounts: users of every role, youth devices, token families and login throttling."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netpolarna.db import TimestampMixin, db, utcnow


class User(TimestampMixin, db.Model):  # type: ignore[name-defined]
    """Anyone who signs in. Youth accounts carry no personal data: no e-mail, phone or name."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(16), index=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str | None] = mapped_column(String(120))
    organisation: Mapped[str | None] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(5), default="sv")
    is_active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None]
    deactivated_at: Mapped[datetime | None]

    devices: Mapped[list[Device]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )


class Device(db.Model):  # type: ignore[name-defined]
    """A youth's phone. The app keeps `id` and the secret; we keep only the secret's hash."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="devices")


class TokenFamily(db.Model):  # type: ignore[name-defined]
    """One sign-in session: every refresh token rotated from one login or device registration."""

    __tablename__ = "token_families"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(32))


class RefreshToken(db.Model):  # type: ignore[name-defined]
    """A refresh token by its JWT id; `rotated_at` marks it used, `replaced_by` its successor."""

    __tablename__ = "refresh_tokens"

    jti: Mapped[str] = mapped_column(String(36), primary_key=True)
    family_id: Mapped[str] = mapped_column(
        ForeignKey("token_families.id", ondelete="CASCADE"), index=True
    )
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    rotated_at: Mapped[datetime | None]
    replaced_by: Mapped[str | None] = mapped_column(String(36))


class LoginThrottle(db.Model):  # type: ignore[name-defined]
    """Failed sign-ins per e-mail (hashed), shared by every API process through the database."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]
