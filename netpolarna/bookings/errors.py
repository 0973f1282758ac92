"""The problems bookings raise besides the shared ones."""

from __future__ import annotations

from typing import Any

from netpolarna.errors import Conflict


class BookingConflict(Conflict):
    """409 with every reason the slot cannot be taken, in `conflicts`."""

    code = "booking_conflict"

    def __init__(self, conflicts: list[dict[str, Any]], detail: str | None = None, **extra: Any):
        super().__init__(
            detail or "The time cannot be booked; see conflicts for every reason.",
            conflicts=conflicts,
            **extra,
        )
