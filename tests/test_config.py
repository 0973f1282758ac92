"""Settings come from NETPOLARNA_* variables; production refuses development secrets."""

from __future__ import annotations

import pytest

from netpolarna.config import DEV_SECRET, ConfigError, Settings


def test_defaults_and_overrides() -> None:
    settings = Settings.from_env(
        {
            "NETPOLARNA_ACCESS_TOKEN_MINUTES": "5",
            "NETPOLARNA_CORPUS_DIRS": "/a:/b",
            "NETPOLARNA_INSTANCE_PATH": "/tmp/np-instance",
        }
    )
    config = settings.to_flask_config()
    assert config["ACCESS_TOKEN_MINUTES"] == 5
    assert config["CORPUS_DIRS"] == ["/a", "/b"]
    assert config["SQLALCHEMY_DATABASE_URI"] == "sqlite:////tmp/np-instance/netpolarna.sqlite3"
    assert config["UPLOAD_DIR"] == "/tmp/np-instance/uploads"
    assert config["LOG_FORMAT"] == "text"


def test_bad_integer_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="NETPOLARNA_ACCESS_TOKEN_MINUTES"):
        Settings.from_env({"NETPOLARNA_ACCESS_TOKEN_MINUTES": "soon"})


def test_production_refuses_default_secrets() -> None:
    with pytest.raises(ConfigError, match="NETPOLARNA_SECRET_KEY"):
        Settings.from_env({"NETPOLARNA_ENV": "production"}).check()
    strong = "s" * 40
    Settings.from_env(
        {
            "NETPOLARNA_ENV": "production",
            "NETPOLARNA_SECRET_KEY": strong,
            "NETPOLARNA_PSEUDONYM_KEY": "p" * 40,
        }
    ).check()
    with pytest.raises(ConfigError, match="JWT"):
        Settings.from_env(
            {
                "NETPOLARNA_ENV": "production",
                "NETPOLARNA_SECRET_KEY": strong,
                "NETPOLARNA_PSEUDONYM_KEY": "p" * 40,
                "NETPOLARNA_JWT_SECRET_KEY": DEV_SECRET,
            }
        ).check()


def test_production_logs_json() -> None:
    settings = Settings.from_env({"NETPOLARNA_ENV": "production"})
    assert settings.to_flask_config()["LOG_FORMAT"] == "json"


def test_create_app_fails_fast_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    from netpolarna import create_app

    monkeypatch.setenv("NETPOLARNA_ENV", "production")
    monkeypatch.delenv("NETPOLARNA_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        create_app()
