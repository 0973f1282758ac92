"""Other domains can react to a new youth report without reports importing them.

The net-walker triage registers a listener that links the report to flags on the same links.
Listeners run in the report's transaction, before it commits.
"""

from __future__ import annotations

from collections.abc import Callable

ReportListener = Callable[[int], object]
_listeners: list[ReportListener] = []


def on_report_created(listener: ReportListener) -> ReportListener:
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def report_created(report_id: int) -> None:
    for listener in list(_listeners):
        listener(report_id)
