"""Tuning of a process that scans or prepares batches for hours: the one place it is done."""

from __future__ import annotations

import gc
from typing import Any, Literal

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


PrepareProcess = Literal["auto", "on", "off"]
_OLD_PREPARE_VALUES = {"1": "on", "0": "off", "-1": "auto"}  # the earlier 1 | 0 | -1


def prepare_process_mode(value: Any) -> PrepareProcess:
    """`NETWALK_PREPARE_PROCESS` as auto | on | off; the earlier 1 | 0 | -1 are read too."""
    text = str(value).strip().lower()
    mode = _OLD_PREPARE_VALUES.get(text, text)
    if mode not in ("auto", "on", "off"):
        raise ValueError(f"NETWALK_PREPARE_PROCESS must be auto, on or off, not {value!r}")
    return mode  # type: ignore[return-value]


def uses_prepare_process(mode: str, dialect: str) -> bool:
    """Whether scans prepare batches in a second process: auto means on PostgreSQL only."""
    return mode == "on" or (mode == "auto" and dialect == "postgresql")
