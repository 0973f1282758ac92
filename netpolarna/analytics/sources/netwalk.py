"""Net-walker tables and the gazetteer, as analytics reads them."""

from __future__ import annotations

from netpolarna.netwalk.ingestion.gazetteer import Gazetteer, app_gazetteer
from netpolarna.netwalk.models import Message, NetwalkLog, Source, Thread

__all__ = ["Gazetteer", "Message", "NetwalkLog", "Source", "Thread", "app_gazetteer"]
