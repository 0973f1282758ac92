"""Staff actors for the triage tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def walker(make_actor: Callable[..., Any]) -> Any:
    return make_actor("netwalker")


@pytest.fixture
def admin(make_actor: Callable[..., Any]) -> Any:
    return make_actor("admin")
