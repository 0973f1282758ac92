"""A small demo year, generated in bulk, for the analytics tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask

from netpolarna.analytics.demo_year import generate

END = date(2026, 11, 20)
MONTH = "2026-10"


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"ANALYTICS_SETTLE_SECONDS": 0}


@pytest.fixture
def demo_year(app: Flask) -> dict[str, int]:
    return generate(0.004, END)
