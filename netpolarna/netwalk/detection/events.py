"""What detection found, announced to whoever listens, so detection imports none of them.

Triage subscribes in its `init_app` and raises or updates one flag per assessed thread.
Listeners run in the caller's transaction and do not commit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netpolarna.netwalk.detection.conflict_state import Assessment
    from netpolarna.netwalk.models import Thread

# The threads whose escalation was (re)assessed, each with its assessment, and when.
AssessedListener = Callable[[Sequence[tuple["Thread", "Assessment"]], datetime], object]
_listeners: list[AssessedListener] = []


def on_threads_assessed(listener: AssessedListener) -> AssessedListener:
    """Call `listener` with every batch of assessed threads (once, however often registered)."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def threads_assessed(assessed: Sequence[tuple[Thread, Assessment]], now: datetime) -> None:
    for listener in list(_listeners):
        listener(assessed, now)
