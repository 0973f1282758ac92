"""A small demo year, generated in bulk, for the analytics tests."""

from __future__ import annotations

from typing import Any

import pytest
from analytics_support import END
from flask import Flask

from netpolarna.analytics.demo_year import generate


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"ANALYTICS_SETTLE_SECONDS": 0}


@pytest.fixture
def demo_year(app: Flask) -> dict[str, int]:
    return generate(0.004, END)
