"""A rate-limit storage in an SQLite file: shared by every worker process, needing no server.

The default (`netpolarna+sqlite:///<instance>/ratelimits.sqlite3`) makes every gunicorn worker
count against the same limits with nothing else running; Redis (`redis://...`) remains the
choice for several machines. Each check-and-count runs in one `BEGIN IMMEDIATE` transaction,
so two processes cannot both take the last request a limit allows.
"""

from __future__ import annotations

import math
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from limits.storage import Storage
from limits.storage.base import SlidingWindowCounterSupport, TimestampedSlidingWindow

SCHEME = "netpolarna+sqlite"


def default_uri(instance_path: Path) -> str:
    return f"{SCHEME}:///{instance_path / 'ratelimits.sqlite3'}"


class SQLiteStorage(Storage, SlidingWindowCounterSupport, TimestampedSlidingWindow):
    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = uri.split("://", 1)[1]
        self._local = threading.local()

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        # One connection per thread and process: a forked worker opens its own.
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS counters "
                "(key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at REAL NOT NULL)"
            )
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @staticmethod
    def _count(conn: sqlite3.Connection, key: str, now: float) -> tuple[int, float]:
        row = conn.execute(
            "SELECT count, expires_at FROM counters WHERE key = ? AND expires_at > ?", (key, now)
        ).fetchone()
        return (int(row[0]), float(row[1])) if row else (0, now)

    @staticmethod
    def _add(conn: sqlite3.Connection, key: str, expiry: float, amount: int, now: float) -> int:
        row = conn.execute(
            "INSERT INTO counters (key, count, expires_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET "
            " count = CASE WHEN expires_at <= ? THEN excluded.count"
            "         ELSE count + excluded.count END,"
            " expires_at = CASE WHEN expires_at <= ? THEN excluded.expires_at ELSE expires_at END "
            "RETURNING count",
            (key, amount, now + expiry, now, now),
        ).fetchone()
        return int(row[0])

    # --- the fixed-window primitives -----------------------------------------------------------

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        with self._transaction() as conn:
            return self._add(conn, key, expiry, amount, time.time())

    def get(self, key: str) -> int:
        return self._count(self._connection(), key, time.time())[0]

    def get_expiry(self, key: str) -> float:
        return self._count(self._connection(), key, time.time())[1]

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        with self._transaction() as conn:
            return conn.execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM counters WHERE key = ?", (key,))

    # --- the sliding window counter (the app's strategy) ---------------------------------------

    def _window(
        self, conn: sqlite3.Connection, key: str, expiry: int, now: float
    ) -> tuple[str, int, float, int, float]:
        previous_key, current_key = self.sliding_window_keys(key, expiry, now)
        previous_count = self._count(conn, previous_key, now)[0]
        current_count = self._count(conn, current_key, now)[0]
        previous_ttl = 0.0 if not previous_count else (1 - ((now - expiry) / expiry) % 1) * expiry
        current_ttl = (1 - (now / expiry) % 1) * expiry + expiry
        return current_key, previous_count, previous_ttl, current_count, current_ttl

    def acquire_sliding_window_entry(
        self, key: str, limit: int, expiry: int, amount: int = 1
    ) -> bool:
        if amount > limit:
            return False
        now = time.time()
        with self._transaction() as conn:
            current_key, previous, previous_ttl, current, _ = self._window(conn, key, expiry, now)
            if math.floor(previous * previous_ttl / expiry + current) + amount > limit:
                return False
            self._add(conn, current_key, 2 * expiry, amount, now)
            if now % 60 < 1:  # about once a minute: drop counters that ran out
                conn.execute("DELETE FROM counters WHERE expires_at <= ?", (now,))
            return True

    def get_sliding_window(self, key: str, expiry: int) -> tuple[int, float, int, float]:
        _, previous, previous_ttl, current, current_ttl = self._window(
            self._connection(), key, expiry, time.time()
        )
        return previous, previous_ttl, current, current_ttl

    def clear_sliding_window(self, key: str, expiry: int) -> None:
        for window_key in self.sliding_window_keys(key, expiry, time.time()):
            self.clear(window_key)
