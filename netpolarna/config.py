"""The core's typed settings, read from NETPOLARNA_* variables by the one settings mechanism
(`common.settings`), as every domain's are.

Every setting has a documented default that works on a laptop; production refuses to start
while any secret still has its development default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from netpolarna.common.settings import PREFIX, Setting, read
from netpolarna.common.settings import ConfigError as ConfigError

DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef"


@dataclass(frozen=True)
class Settings:
    """All settings, with defaults. The field name in upper case, prefixed, is the variable."""

    env: str = "development"  # development | production | testing
    secret_key: str = DEV_SECRET
    jwt_secret_key: str = ""  # empty: falls back to secret_key
    pseudonym_key: str = DEV_SECRET  # HMAC key for social-media authors; never stored with data
    instance_path: str = "instance"
    database_url: str = ""  # empty: SQLite file in the instance folder
    upload_dir: str = ""  # empty: <instance>/uploads
    corpus_dirs: tuple[str, ...] = field(default_factory=lambda: default_corpus_dirs())
    # Public test sets read by `netpolarna model evaluate --public` only, never for training.
    eval_dirs: tuple[str, ...] = ()
    access_token_minutes: int = 15
    refresh_token_days: int = 30
    refresh_reuse_grace_seconds: int = 30
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    ratelimit_storage_uri: str = ""  # empty: an SQLite file in the instance folder
    ratelimit_default: str = "600/minute"
    device_registration_limit: str = "20/hour"
    max_content_mb: int = 12
    log_format: str = ""  # json | text; empty: json in production, text otherwise
    log_level: str = "INFO"
    timezone: str = "Europe/Stockholm"
    public_base_url: str = "http://127.0.0.1:5000"
    # Hosts and CIDRs (comma-separated) that sources may fetch besides public addresses,
    # e.g. a municipality's intranet forum; see netwalk/connectors/outbound.py.
    outbound_allow: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def declared(cls) -> list[Setting]:
        """Each field as a `Setting` of its variable, `NETPOLARNA_<FIELD>`, typed by its default."""
        defaults = cls()
        return [
            Setting(f.name.upper(), getattr(defaults, f.name))
            for f in fields(cls)
            if f.name != "extra"
        ]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        values = read(cls.declared(), environ)
        return cls(**{key.lower(): value for key, value in values.items()})

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    def check(self) -> None:
        """Fail fast on settings that would be unsafe or meaningless."""
        if self.env not in {"development", "production", "testing"}:
            raise ConfigError(f"{PREFIX}ENV must be development, production or testing")
        if self.is_production:
            weak = [n for n in ("secret_key", "pseudonym_key") if getattr(self, n) == DEV_SECRET]
            if self.jwt_secret_key == DEV_SECRET:
                weak.append("jwt_secret_key")
            if weak:
                names = ", ".join(PREFIX + n.upper() for n in weak)
                raise ConfigError(f"production refuses default secrets: set {names}")
            if len(self.secret_key) < 32 or len(self.pseudonym_key) < 32:
                raise ConfigError("production secrets must be at least 32 characters")

    def resolved_instance_path(self) -> Path:
        return Path(self.instance_path).expanduser().resolve()

    def to_flask_config(self) -> dict[str, Any]:
        instance = self.resolved_instance_path()
        database_url = self.database_url or f"sqlite:///{instance / 'netpolarna.sqlite3'}"
        upload_dir = (
            Path(self.upload_dir).expanduser().resolve()
            if self.upload_dir
            else (instance / "uploads")
        )
        return {
            "ENV_NAME": self.env,
            "TESTING": self.env == "testing",
            "SECRET_KEY": self.secret_key,
            "JWT_SECRET_KEY": self.jwt_secret_key or self.secret_key,
            "PSEUDONYM_KEY": self.pseudonym_key,
            "SQLALCHEMY_DATABASE_URI": database_url,
            # Liveness checks on checkout: netpolarna.db pings connections that sat idle.
            # hide_parameters: a database error never quotes what a young person wrote.
            "SQLALCHEMY_ENGINE_OPTIONS": {"hide_parameters": True},
            "UPLOAD_DIR": str(upload_dir),
            "CORPUS_DIRS": list(self.corpus_dirs),
            "EVAL_DIRS": list(self.eval_dirs),
            "ACCESS_TOKEN_MINUTES": self.access_token_minutes,
            "REFRESH_TOKEN_DAYS": self.refresh_token_days,
            "REFRESH_REUSE_GRACE_SECONDS": self.refresh_reuse_grace_seconds,
            "LOGIN_MAX_FAILURES": self.login_max_failures,
            "LOGIN_LOCKOUT_MINUTES": self.login_lockout_minutes,
            # Shared by every worker process, with nothing else running (see
            # netpolarna.common.ratelimit_storage); Redis for several machines.
            "RATELIMIT_STORAGE_URI": self.ratelimit_storage_uri
            or f"netpolarna+sqlite:///{instance / 'ratelimits.sqlite3'}",
            "RATELIMIT_DEFAULT": self.ratelimit_default,
            "DEVICE_REGISTRATION_LIMIT": self.device_registration_limit,
            "MAX_CONTENT_LENGTH": self.max_content_mb * 1024 * 1024,
            "LOG_FORMAT": self.log_format or ("json" if self.is_production else "text"),
            "LOG_LEVEL": self.log_level.upper(),
            "TIMEZONE": self.timezone,
            "PUBLIC_BASE_URL": self.public_base_url.rstrip("/"),
            "OUTBOUND_ALLOW": self.outbound_allow,
            **dict(self.extra),
        }


def default_corpus_dirs(checkout: Path | None = None) -> tuple[str, ...]:
    """``../shared/data`` next to the checkout when it is there (the public training corpora).

    Set ``NETPOLARNA_CORPUS_DIRS`` to choose others, or to an empty value for none.
    """
    root = checkout or Path(__file__).resolve().parent.parent
    shared = root.parent / "shared" / "data"
    return (str(shared),) if shared.is_dir() else ()
