"""A per-process cache of availability answers, checked against the data on every read.

Listing a ten-week window costs milliseconds of search; the data behind it changes rarely.
An answer is kept with the fingerprint of everything the search reads (`data_version`, one
query of small aggregates), so a write in any process - a confirmation, a cancellation, an
absence, a holiday, an offering, a school's travel time, a net-walker's hours, cap or
account - changes the fingerprint and the next read searches again.

Time also moves: a slot drops out once it is inside the offering's notice. That only ever
removes slots, so an answer stays exact while none of its slots has dropped out, and a
complete answer (fewer slots than the limit) stays exact with the dropped ones removed;
otherwise the search runs again.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Date, Select, String, bindparam, cast, func, select
from sqlalchemy.sql.elements import ColumnElement

from netpolarna.accounts.models import User
from netpolarna.bookings.booking_schemas import FreeSlotSchema
from netpolarna.bookings.models import (
    Booking,
    Offering,
    School,
    SchoolHoliday,
    StaffAbsence,
    StaffAssignment,
    StaffProfile,
)
from netpolarna.db import UTCDateTime, db

MAX_ENTRIES = 256
_slot_schema = FreeSlotSchema(many=True)


def _text(*columns: Any) -> ColumnElement[str]:
    """`a:b:c` as text on both databases, to aggregate a small table's rows exactly."""
    joined: ColumnElement[str] = cast(columns[0], String)
    for column in columns[1:]:
        joined = joined.concat(":").concat(cast(column, String))
    return joined


def data_version(now: datetime) -> tuple:
    """Everything the availability search reads, reduced to one row.

    Bookings, offerings, schools and users carry `updated_at`; assignments come and go with
    their bookings; the small tables (profiles, future absences and holidays) are read in
    full as text, so that edits in place and deletions show too.
    """
    params = {"now": now, "yesterday": (now - timedelta(days=1)).date()}
    return tuple(db.session.execute(_version_query(), params).one())


@functools.cache
def _version_query() -> Select:
    """Built once: building the statement costs more than running it."""

    def scalar(query: Any) -> Any:
        return query.scalar_subquery()

    def rows(*columns: Any) -> Any:
        return func.aggregate_strings(_text(*columns), ",")

    return select(
        scalar(select(func.count()).select_from(Booking)),
        scalar(select(func.max(Booking.updated_at))),
        scalar(select(func.count()).select_from(StaffAssignment)),
        scalar(select(func.max(StaffAssignment.id))),
        scalar(select(func.sum(StaffAssignment.id + StaffAssignment.staff_id))),
        scalar(select(func.count()).select_from(Offering)),
        scalar(select(func.max(Offering.updated_at))),
        scalar(select(func.max(School.updated_at))),
        scalar(select(func.count()).select_from(User)),
        scalar(select(func.max(User.updated_at))),
        scalar(
            select(
                rows(
                    StaffProfile.user_id,
                    StaffProfile.max_school_days_per_week,
                    StaffProfile.weekly_hours,
                )
            )
        ),
        scalar(
            select(
                rows(
                    StaffAbsence.id,
                    StaffAbsence.staff_id,
                    StaffAbsence.starts_at,
                    StaffAbsence.ends_at,
                )
            ).where(StaffAbsence.ends_at > bindparam("now", type_=UTCDateTime()))
        ),
        scalar(
            select(rows(SchoolHoliday.id, SchoolHoliday.starts_on, SchoolHoliday.ends_on)).where(
                SchoolHoliday.ends_on >= bindparam("yesterday", type_=Date())
            )
        ),
    )


@dataclass(frozen=True)
class _Entry:
    computed_at: datetime
    slots: list[dict[str, Any]]  # JSON-ready, as FreeSlotSchema dumps them
    starts: list[datetime]
    complete: bool  # fewer than `limit` slots: the whole window was searched


class AvailabilityCache:
    """Answers by (query, data version), a bounded LRU shared by the threads of a process."""

    def __init__(self, size: int = MAX_ENTRIES) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def get_or_compute(
        self,
        key: Hashable,
        *,
        now: datetime,
        notice: timedelta,
        limit: int,
        compute: Callable[[], list[dict[str, Any]]],
    ) -> list[dict[str, Any]]:
        """The JSON-ready slots for `key` at `now` (`key` must hold the data version)."""
        # As the search judges it: a start is bookable from `now + notice`, never at `now`.
        threshold = max(now + notice, now + timedelta(microseconds=1))
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
        if entry is not None and entry.computed_at <= now:
            kept = [i for i, start in enumerate(entry.starts) if start >= threshold]
            if len(kept) == len(entry.starts):
                return entry.slots
            if entry.complete:
                return [entry.slots[i] for i in kept]
        found = compute()
        fresh = _Entry(
            computed_at=now,
            slots=_slot_schema.dump(found),
            starts=[slot["start"] for slot in found],
            complete=len(found) < limit,
        )
        with self._lock:
            self._entries[key] = fresh
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return fresh.slots


def app_cache() -> AvailabilityCache:
    """This app's cache: one per process, and apart for each app built in tests."""
    return current_app.extensions.setdefault("bookings_availability", AvailabilityCache())
