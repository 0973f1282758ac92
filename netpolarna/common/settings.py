"""Typed per-domain settings from NETPOLARNA_* variables: one mechanism for every domain.

A domain declares its settings as `Setting`s (config key, default, the variable's name when it is
not `NETPOLARNA_<KEY>`, and a parser when the default's type is not enough); its `init_app`
calls `apply(app, SETTINGS)`. A value already in the app's config (tests, `test_config`) wins.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask

PREFIX = "NETPOLARNA_"
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


@dataclass(frozen=True)
class Setting:
    key: str  # the app.config key
    default: Any
    variable: str | None = None  # default: NETPOLARNA_<key>
    parse: Callable[[str], Any] | None = None  # default: by the default's type

    @property
    def env_name(self) -> str:
        return self.variable or PREFIX + self.key

    def from_text(self, raw: str) -> Any:
        if self.parse is not None:
            return self.parse(raw)
        default = self.default
        if isinstance(default, bool):
            return raw.strip().lower() in TRUE_WORDS
        if isinstance(default, int | float):
            return type(default)(raw)
        if isinstance(default, dict | list | tuple):
            return default  # structured settings come from config, not the environment
        return raw


def settings(defaults: Mapping[str, Any], **overrides: Setting) -> list[Setting]:
    """`Setting`s for plain defaults by key, with some spelled out in full."""
    return [overrides.get(key) or Setting(key, default) for key, default in defaults.items()]


def apply(
    app: Flask, declared: Iterable[Setting], environ: Mapping[str, str] | None = None
) -> None:
    """Each setting into `app.config` unless it is there: its variable's value, else its default."""
    environ = os.environ if environ is None else environ
    for setting in declared:
        if setting.key in app.config:
            continue
        raw = environ.get(setting.env_name)
        app.config[setting.key] = setting.default if raw is None else setting.from_text(raw)
