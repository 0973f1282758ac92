"""Preparing the next batch of a scan while the current one is stored.

A scan alternates between work that needs only the connector and the models (fetching, parsing,
pseudonyms, language detection, classification) and work that waits for the database. One
worker thread does the first kind for batch n+1 while the scan's thread stores batch n. Both
hold Python's GIL in turn, so the worker gains the time the scan thread spends waiting: for
the database server's answers, for SQLite's C code, and for the network in a connector.

One batch is prepared ahead by default (`NETWALK_READ_AHEAD_BATCHES`), so a scan holds two. An
error in the connector reaches the scan's thread when it asks for that batch, after the batches
before it were stored: exactly as without the read-ahead.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Ready = TypeVar("Ready")
_END = object()


def read_ahead(
    items: Iterator[Item], prepare: Callable[[Item], Ready], *, depth: int = 1
) -> Generator[tuple[Item, Ready], None, None]:
    """Each item with `prepare(item)`; up to `depth` items ahead are read and prepared in a
    worker thread (0: all in the caller's thread, one at a time).

    Close the returned generator (or exhaust it) to stop the worker; it finishes the items it
    was given and reads no further.
    """
    if depth < 1:
        yield from ((item, prepare(item)) for item in items)
        return

    def step() -> tuple[Item, Ready] | object:
        item = next(items, _END)  # once exhausted, every later step ends too
        return _END if item is _END else (item, prepare(item))  # type: ignore[arg-type]

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="scan-read-ahead") as worker:
        # One worker runs the steps in the order they were submitted: the items' order.
        pending: deque[Future[tuple[Item, Ready] | object]] = deque(
            worker.submit(step) for _ in range(depth)
        )
        while True:
            ready = pending.popleft().result()  # the worker's exception, if any, rises here
            if ready is _END:
                for later in pending:
                    later.cancel()
                return
            pending.append(worker.submit(step))
            yield ready  # type: ignore[misc]
