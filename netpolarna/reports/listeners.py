"""Other domains can react to a new youth report, or to a reporter's erasure, without reports
importing them.

The net-walker triage registers listeners: one links a new report to flags on the same links,
one forgets what a linked flag learnt from reports whose reporter was erased. Listeners run in
the report's (or the erasure's) transaction, before it commits.
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


# An erasure listener gets the ids of the erased reporter's reports, before their text goes.
ErasureListener = Callable[[list[int]], object]
_erasure_listeners: list[ErasureListener] = []


def on_reports_erased(listener: ErasureListener) -> ErasureListener:
    if listener not in _erasure_listeners:
        _erasure_listeners.append(listener)
    return listener


def reports_erased(report_ids: list[int]) -> None:
    for listener in list(_erasure_listeners):
        listener(report_ids)
