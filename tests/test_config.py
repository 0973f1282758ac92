"""Settings come from NETPOLARNA_* variables; production refuses development secrets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netpolarna.config import DEV_SECRET, ConfigError, Settings, default_corpus_dirs


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


def test_domain_settings_come_from_their_variables_typed_and_config_wins() -> None:
    from flask import Flask

    from netpolarna.common.settings import Setting, apply, settings

    declared = [
        *settings({"A_INT": 3, "A_FLAG": False, "A_TEXT": "x", "A_TABLE": {1: 2}, "A_SET": 7}),
        Setting("A_RENAMED", "d", variable="NETPOLARNA_OTHER_NAME"),
    ]
    app = Flask("t")
    app.config["A_SET"] = 9
    environ = {
        "NETPOLARNA_A_INT": "12",
        "NETPOLARNA_A_FLAG": "yes",
        "NETPOLARNA_A_TABLE": "ignored",
        "NETPOLARNA_A_SET": "1",
        "NETPOLARNA_OTHER_NAME": "renamed",
    }
    apply(app, declared, environ)
    assert app.config["A_INT"] == 12
    assert app.config["A_FLAG"] is True
    assert app.config["A_TEXT"] == "x"
    assert app.config["A_TABLE"] == {1: 2}
    assert app.config["A_SET"] == 9
    assert app.config["A_RENAMED"] == "renamed"


@pytest.mark.parametrize(
    ("raw", "mode"),
    [("auto", "auto"), ("ON", "on"), ("off", "off"), ("1", "on"), ("0", "off"), ("-1", "auto")],
)
def test_prepare_process_setting_reads_words_and_the_earlier_numbers(raw: str, mode: str) -> None:
    from netpolarna.netwalk.ingestion.process_tuning import prepare_process_mode

    assert prepare_process_mode(raw) == mode


def test_prepare_process_setting_refuses_other_values() -> None:
    from netpolarna.netwalk.ingestion.process_tuning import prepare_process_mode

    with pytest.raises(ValueError, match="auto, on or off"):
        prepare_process_mode("sometimes")


def test_corpus_dirs_default_to_shared_data_next_to_the_checkout(tmp_path: Path) -> None:
    checkout = tmp_path / "backend"
    checkout.mkdir()
    assert default_corpus_dirs(checkout) == ()
    (tmp_path / "shared" / "data").mkdir(parents=True)
    assert default_corpus_dirs(checkout) == (str(tmp_path / "shared" / "data"),)
    assert Settings.from_env({}).corpus_dirs == default_corpus_dirs()
    assert Settings.from_env({"NETPOLARNA_CORPUS_DIRS": ""}).corpus_dirs == ()
    chosen = Settings.from_env({"NETPOLARNA_CORPUS_DIRS": f"/a{os.pathsep}/b"})
    assert chosen.to_flask_config()["CORPUS_DIRS"] == ["/a", "/b"]


def test_a_domain_setting_reads_its_older_name_and_refuses_bad_values() -> None:
    from flask import Flask

    from netpolarna.common.settings import Setting, apply

    declared = [
        Setting("B_FILE", None, variable="NETPOLARNA_B", also=("NETPOLARNA_B_FILE",)),
        Setting("B_COUNT", 2),
    ]
    app = Flask("t")
    apply(app, declared, {"NETPOLARNA_B_FILE": "/old/name"})
    assert app.config["B_FILE"] == "/old/name"
    app = Flask("t")
    apply(app, declared, {"NETPOLARNA_B_FILE": "/old/name", "NETPOLARNA_B": "/new/name"})
    assert app.config["B_FILE"] == "/new/name"
    with pytest.raises(ConfigError, match="NETPOLARNA_B_COUNT"):
        apply(Flask("t"), declared, {"NETPOLARNA_B_COUNT": "a few"})


@pytest.mark.parametrize(
    "variable", ["NETPOLARNA_SMTP_TIMEOUT", "NETPOLARNA_ANALYTICS_REFRESH_MINUTES"]
)
def test_domain_settings_fail_the_start_with_the_variable_name(
    monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    from netpolarna import create_app

    monkeypatch.setenv(variable, "ten")
    with pytest.raises(ConfigError, match=variable):
        create_app({"TESTING": True})
