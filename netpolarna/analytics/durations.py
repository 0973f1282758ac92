"""Response times kept as counts per duration bucket, so percentiles can be summed over days
without storing any single flag's time."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# Upper edges in minutes; the last bucket is open.
BUCKET_MINUTES: tuple[float, ...] = (
    15,
    30,
    60,
    120,
    240,
    480,
    720,
    1440,
    2880,
    4320,
    10080,
    20160,
    43200,
    float("inf"),
)


def empty() -> list[int]:
    return [0] * len(BUCKET_MINUTES)


def bucket_of(minutes: float) -> int:
    for index, edge in enumerate(BUCKET_MINUTES):
        if minutes <= edge:
            return index
    return len(BUCKET_MINUTES) - 1


def add(into: list[int], other: Sequence[int] | None) -> None:
    for index, count in enumerate(other or ()):
        into[index] += int(count)


def total(buckets: Iterable[int]) -> int:
    return sum(buckets)


def percentile(buckets: Sequence[int], fraction: float) -> float | None:
    """The upper edge (minutes) of the bucket holding the `fraction` quantile; None if empty
    or if it falls in the open last bucket (then "more than a month")."""
    count = sum(buckets)
    if not count:
        return None
    rank = fraction * count
    running = 0
    for index, bucket_count in enumerate(buckets):
        running += bucket_count
        if running >= rank and bucket_count:
            edge = BUCKET_MINUTES[index]
            return None if edge == float("inf") else float(edge)
    return None
