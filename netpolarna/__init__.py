"""Nätpolarna backend: youth reporting, net-walker triage and theme-week bookings."""

from netpolarna.app import create_app

__all__ = ["create_app"]
__version__ = "0.1.0"
