"""Triage tables as analytics reads them."""

from __future__ import annotations

from netpolarna.netwalk.triage.models import Flag

__all__ = ["Flag"]
