"""Typed settings from NETPOLARNA_* variables: the one mechanism that reads them, for the core
(`config.Settings`) and every domain.

A domain declares its settings as `Setting`s (config key, default, the variable's name when it is
not `NETPOLARNA_<KEY>`, older names still read, and a parser when the default's type is not
enough); its `init_app` calls `apply(app, SETTINGS)`. A value already in the app's config
(tests, `test_config`) wins. `read` gives the values without an app (`config.Settings`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask

PREFIX = "NETPOLARNA_"
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


class ConfigError(RuntimeError):
    """The configuration is unusable; the process must not start."""


@dataclass(frozen=True)
class Setting:
    key: str  # the app.config key
    default: Any
    variable: str | None = None  # default: NETPOLARNA_<key>
    parse: Callable[[str], Any] | None = None  # default: by the default's type
    also: tuple[str, ...] = ()  # older variable names, read when `variable` is not set

    @property
    def env_name(self) -> str:
        return self.variable or PREFIX + self.key

    def from_text(self, raw: str) -> Any:
        """The value a variable's text gives; ConfigError when it does not fit."""
        try:
            return self._parsed(raw)
        except ValueError as exc:
            raise ConfigError(f"{self.env_name}: {exc}") from exc

    def _parsed(self, raw: str) -> Any:
        if self.parse is not None:
            return self.parse(raw)
        default = self.default
        if isinstance(default, bool):
            return raw.strip().lower() in TRUE_WORDS
        if isinstance(default, int | float):
            try:
                return type(default)(raw)
            except ValueError:
                kind = "an integer" if isinstance(default, int) else "a number"
                raise ValueError(f"must be {kind}, not {raw!r}") from None
        if isinstance(default, tuple):  # a list of paths, as PATH is written
            return tuple(part for part in raw.split(os.pathsep) if part)
        if isinstance(default, dict | list):
            return default  # structured settings come from config, not the environment
        return raw

    def raw_from(self, environ: Mapping[str, str]) -> str | None:
        for name in (self.env_name, *self.also):
            raw = environ.get(name)
            if raw is not None:
                return raw
        return None


def settings(defaults: Mapping[str, Any], **overrides: Setting) -> list[Setting]:
    """`Setting`s for plain defaults by key, with some spelled out in full."""
    return [overrides.get(key) or Setting(key, default) for key, default in defaults.items()]


def read(declared: Iterable[Setting], environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Each setting's value by key: its variable's, else its default."""
    environ = os.environ if environ is None else environ
    values = {}
    for setting in declared:
        raw = setting.raw_from(environ)
        values[setting.key] = setting.default if raw is None else setting.from_text(raw)
    return values


def apply(
    app: Flask,
    declared: Iterable[Setting],
    environ: Mapping[str, str] | None = None,
    *,
    defaults: Mapping[str, Any] | None = None,
) -> None:
    """Each setting into `app.config` unless it is there: its variable's value, else its
    default (`defaults` replaces declared ones for this app, e.g. while testing)."""
    environ = os.environ if environ is None else environ
    for setting in declared:
        if setting.key in app.config:
            continue
        raw = setting.raw_from(environ)
        if raw is not None:
            app.config[setting.key] = setting.from_text(raw)
        elif defaults is not None and setting.key in defaults:
            app.config[setting.key] = defaults[setting.key]
        else:
            app.config[setting.key] = setting.default
