"""Tuning of a process that scans or prepares batches for hours: the one place it is done."""

from __future__ import annotations

import gc

# Young-object collections every this many allocations, rather than Python's 700.
SCANNING_GC_THRESHOLD = 20_000


def tune_cycle_collector() -> None:
    """Keep Python's cycle collector from walking the loaded models again and again.

    Everything loaded so far is frozen out of its reach, and young objects are collected every
    20,000 allocations. A batch allocates rows, dicts and predictions by the thousand, and with
    the default setting full collections walked the models over and over, about a tenth of a
    scan's time.
    """
    gc.freeze()
    _gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(SCANNING_GC_THRESHOLD, gen1, gen2)
