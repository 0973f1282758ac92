"""Other domains can react to a new youth report without reports importing them.

The net-walker triage registers a listener that links the report to flags on the same links.
Listeners run in the report's transaction, before it commits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netpolarna.reports.models import Report

# A listener gets the new report's values; it may not be in the session (Core insert), so
# a listener reads its attributes and refers to it by id, never attaches it to other rows.
ReportListener = Callable[["Report"], object]
_listeners: list[ReportListener] = []


def on_report_created(listener: ReportListener) -> ReportListener:
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def report_created(report: Report) -> None:
    for listener in list(_listeners):
        listener(report)
