"""Youth-report tables as analytics reads them (never the description or the reporter), and
the words for a report category."""

from __future__ import annotations

from netpolarna.reports.models import Report
from netpolarna.reports.texts import CATEGORY_NAMES

__all__ = ["CATEGORY_NAMES", "Report"]
