"""The digital city map: k-anonymous aggregates, the monthly report and the open-data package.

`init_app` sets the defaults (each overridable in config or as NETPOLARNA_<NAME>); the rollup
job registers itself with the core scheduler when `rollups` is imported.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from netpolarna.common.api import ApiBlueprint
from netpolarna.common.settings import apply, settings

analytics_blp = ApiBlueprint(
    "analytics",
    __name__,
    url_prefix="/api/v1/analytics",
    description="The digital city map: suppressed aggregates, monthly report, open data",
)

DEFAULTS: dict[str, Any] = {
    # Minutes between runs of the rollup job.
    "ANALYTICS_REFRESH_MINUTES": 5,
    # New messages are rolled up once they are this old, so ids still committing elsewhere
    # are never skipped by the watermark.
    "ANALYTICS_SETTLE_SECONDS": 120,
    # A message counts as a threat from this classifier probability.
    "ANALYTICS_THREAT_THRESHOLD": 0.5,
    # The municipality named in the monthly report and the open-data package.
    "ANALYTICS_MUNICIPALITY": "Karlskoga",
    # The report's default language (sv or en).
    "ANALYTICS_REPORT_LANG": "sv",
}


def init_app(app: Flask) -> None:
    apply(app, settings(DEFAULTS))


from netpolarna.analytics import rollups, routes  # noqa: E402,F401  (views, the periodic job)

blueprints = [analytics_blp]
