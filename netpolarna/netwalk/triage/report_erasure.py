"""What a flag learnt from a youth report goes when the reporter erases their data.

A flag linked to a report keeps the link (staff acted on it; the statistics count it), but the
link's URL came from the young person's report, and notes written on the flag once the report
was linked may quote it, so both are blanked, as the reports domain blanks its internal notes.
Notes written before the link are about the public thread alone and stay.
"""

from __future__ import annotations

from sqlalchemy import select, update

from netpolarna.db import db
from netpolarna.netwalk.triage.models import FlagNote, FlagReportLink
from netpolarna.reports.lifecycle import ERASED_NOTE


def forget_erased_reports(report_ids: list[int]) -> None:
    """The reports listener (`reports.listeners.on_reports_erased`), in the erasure's
    transaction."""
    links = db.session.execute(
        select(FlagReportLink.flag_id, FlagReportLink.created_at).where(
            FlagReportLink.report_id.in_(report_ids)
        )
    ).all()
    for flag_id, linked_at in links:
        db.session.execute(
            update(FlagNote)
            .where(FlagNote.flag_id == flag_id, FlagNote.at >= linked_at)
            .values(body=ERASED_NOTE)
            .execution_options(synchronize_session=False)
        )
    db.session.execute(
        update(FlagReportLink)
        .where(FlagReportLink.report_id.in_(report_ids))
        .values(url=None)
        .execution_options(synchronize_session=False)
    )
