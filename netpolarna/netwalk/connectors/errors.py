"""The one error a connector raises when a source cannot be scanned now."""

from __future__ import annotations


class ConnectorError(Exception):
    """The source cannot be scanned now. ``retry_after`` (seconds) says when to try again."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status
