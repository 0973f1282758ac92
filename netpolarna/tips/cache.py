"""A per-process cache of rendered public tip lists, checked against the catalogue version.

Every app open asks for the same few lists. Rendering one costs a query over the articles
and their translations plus serialisation; checking `catalogue_version()` is one aggregate
query. A change in any worker changes the version, so no worker serves a stale list.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

MAX_ENTRIES = 256


@dataclass(frozen=True)
class RenderedList:
    version: Hashable
    body: str  # JSON object text, without its closing brace, so a field can be appended
    etag: str


class RenderedListCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[Hashable, RenderedList] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, key: Hashable, version: Hashable, render: Callable[[], str]) -> RenderedList:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.version == version:
                self._entries.move_to_end(key)
                return entry
        text = render()
        if not text.endswith("}"):
            raise ValueError("render() must return a JSON object")
        entry = RenderedList(version, text[:-1], hashlib.sha256(text.encode()).hexdigest()[:32])
        with self._lock:
            self._entries[key] = entry
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return entry


public_lists = RenderedListCache()
