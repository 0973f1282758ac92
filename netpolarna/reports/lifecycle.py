"""Retention of evidence after a report closes, and erasure of a young person's data."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select, update

from netpolarna.accounts.erasure import on_erase
from netpolarna.common import idempotency
from netpolarna.common.jobs import PeriodicJob, register_periodic_job
from netpolarna.db import db, utcnow
from netpolarna.reports.evidence import delete_files_of
from netpolarna.reports.listeners import reports_erased
from netpolarna.reports.models import Evidence, InternalNote, Report, ReportMessage

log = logging.getLogger(__name__)
ERASED_NOTE = "[Erased with the reporter's data]"


def purge_closed_evidence() -> int:
    """Delete the files of evidence on reports closed more than N days ago; keep the rows."""
    days = int(current_app.config["EVIDENCE_RETENTION_DAYS"])
    cutoff = utcnow() - timedelta(days=days)
    rows = list(
        db.session.scalars(
            select(Evidence)
            .join(Report, Report.id == Evidence.report_id)
            .where(
                Report.status == "closed",
                Report.closed_at < cutoff,
                Evidence.removed_at.is_(None),
            )
        )
    )
    if rows:
        delete_files_of(rows, keep_rows=True)
    db.session.commit()
    log.info("evidence retention: removed %d evidence files (closed > %d days)", len(rows), days)
    return len(rows)


@on_erase
def erase_reporter(user_id: int) -> None:
    """A youth erases their account: their conversations and evidence go, their reports stay
    for the statistics but no longer point at them, and lose the free text that could."""
    report_ids = list(db.session.scalars(select(Report.id).where(Report.reporter_id == user_id)))
    if report_ids:
        # Other domains first (the triage's flag notes), while the reports still hold their text.
        reports_erased(report_ids)
        # The whole conversation: staff replies quote and answer the young person.
        db.session.execute(delete(ReportMessage).where(ReportMessage.report_id.in_(report_ids)))
        # Internal notes stay as a record that staff acted, but their text may quote the
        # young person, so it goes.
        db.session.execute(
            update(InternalNote)
            .where(InternalNote.report_id.in_(report_ids))
            .values(body=ERASED_NOTE)
            .execution_options(synchronize_session=False)
        )
        evidence = list(
            db.session.scalars(select(Evidence).where(Evidence.report_id.in_(report_ids)))
        )
        if evidence:
            delete_files_of(evidence, keep_rows=False)
        db.session.execute(
            update(Report)
            .where(Report.id.in_(report_ids))
            .values(
                reporter_id=None,
                reporter_erased_at=utcnow(),
                description="",
                links=[],
                reporter_read_message_id=0,
                staff_read_message_id=0,
            )
            .execution_options(synchronize_session=False)
        )
    idempotency.forget_user(user_id)


register_periodic_job(
    PeriodicJob(
        id="reports.purge_closed_evidence",
        func="netpolarna.reports.lifecycle:purge_closed_evidence",
        interval_minutes="EVIDENCE_RETENTION_INTERVAL_MINUTES",
        description="Delete evidence files of reports closed longer than the retention period.",
    )
)
