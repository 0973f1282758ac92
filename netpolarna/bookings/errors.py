"""The problems bookings raise besides the shared ones."""

from __future__ import annotations

from typing import Any

from netpolarna.bookings.conflicts import SlotConflict
from netpolarna.errors import Conflict


class BookingConflict(Conflict):
    """409 with every reason the slot cannot be taken. The reasons stay facts here; the
    bookings problem handler words them as `conflicts` in the request's language."""

    code = "booking_conflict"

    def __init__(self, conflicts: list[SlotConflict], detail: str | None = None, **extra: Any):
        super().__init__(
            detail or "The time cannot be booked; see conflicts for every reason.", **extra
        )
        self.conflicts = conflicts
