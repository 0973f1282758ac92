"""Youth-report tables as analytics reads them (never the description or the reporter)."""

from __future__ import annotations

from netpolarna.reports.models import Report

__all__ = ["Report"]
