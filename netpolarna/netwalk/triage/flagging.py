"""Raising and updating the one flag per thread, and linking flags with youth reports.

Called by the scoring hook inside the ingestion transaction: nothing here commits.

- A thread whose assessment reaches `FLAG_MIN_SEVERITY` gets a flag (status `new`).
- While the flag is open it follows the thread: score, reasons and evidence are refreshed; the
  severity only goes up (it records how bad the thread got), and going up is an escalation:
  audited, a higher priority and an earlier response target if nobody has responded yet.
- A closed or false-alarm flag is re-raised only when the thread goes beyond its level at
  closing: a higher severity, or a score at least `FLAG_REOPEN_MARGIN` above the closing score.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from netpolarna.audit.service import record
from netpolarna.common.sql import one_of
from netpolarna.db import db, utcnow
from netpolarna.netwalk.detection.conflict_state import Assessment, severity_rank
from netpolarna.netwalk.models import Message, Thread
from netpolarna.netwalk.retention import retain_threads
from netpolarna.netwalk.triage.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Flag,
    FlagReportLink,
)
from netpolarna.netwalk.triage.urls import link_keys
from netpolarna.reports.models import Report

SYSTEM_ROLE = "system"
PRIORITY_BY_SEVERITY = {"critical": 1, "high": 2, "medium": 3, "low": 4}


def priority_for(severity: str, danger: bool) -> int:
    return 1 if danger else PRIORITY_BY_SEVERITY.get(severity, 4)


def response_target(priority: int) -> timedelta:
    targets: dict[Any, Any] = current_app.config["FLAG_RESPONSE_TARGET_MINUTES"]
    minutes = targets.get(priority, targets.get(str(priority), 24 * 60))
    return timedelta(minutes=int(minutes))


def _tighten_due(flag: Flag, now: datetime) -> None:
    """A more urgent flag nobody has answered yet gets the earlier of the two deadlines."""
    if flag.responded_at is None:
        flag.response_due_at = min(flag.response_due_at, now + response_target(flag.priority))


def _evidence_urls(evidence_ids: Iterable[int]) -> dict[int, str]:
    """The links of evidence messages, in one query. No autoflush: messages are written with
    Core statements, so the store has them already, and pending thread counters can wait for
    the commit instead of being flushed piecemeal."""
    ids = sorted(set(evidence_ids))
    if not ids:
        return {}
    with db.session.no_autoflush:
        rows = db.session.execute(select(Message.id, Message.url).where(one_of(Message.id, ids)))
        return {row.id: row.url for row in rows if row.url}


def _flag_urls(thread: Thread, evidence_ids: list[int], url_of: dict[int, str]) -> list[str]:
    urls = [thread.url] if thread.url else []
    urls += [url_of[i] for i in evidence_ids if i in url_of]
    keys: set[str] = set()
    for url in urls:
        keys |= link_keys(url)
    return sorted(keys)


def flags_of_threads(thread_ids: Iterable[int]) -> dict[int, Flag]:
    """The flags of many threads in one query per 500, for `raise_or_update_flags(known=...)`."""
    ids = sorted(set(thread_ids))
    flags: dict[int, Flag] = {}
    for start in range(0, len(ids), 500):
        stmt = select(Flag).where(one_of(Flag.thread_id, ids[start : start + 500]))
        flags.update({flag.thread_id: flag for flag in db.session.scalars(stmt)})
    return flags


def raise_or_update_flag(
    thread: Thread,
    assessment: Assessment,
    *,
    now: datetime | None = None,
    known: dict[int, Flag] | None = None,
) -> Flag | None:
    """One thread's flag (see `raise_or_update_flags`)."""
    return raise_or_update_flags([(thread, assessment)], now=now, known=known)[0]


class _Followups:
    """What a batch of flag decisions leaves to do together: the new flags' rows, audits and
    report links, and the evidence to keep."""

    def __init__(self) -> None:
        self.raised: list[Flag] = []
        self.relinked: list[Flag] = []  # flags (new or with new links) to match with reports
        self.retained_threads: list[Thread] = []
        self.retained_messages: list[int] = []

    def finish(self, now: datetime) -> None:
        if self.raised:
            db.session.flush()  # the new flags' ids, for their audit rows and links
            for flag in self.raised:
                _audit(flag, "flag.raised", {"severity": flag.severity, "score": flag.score})
        retain_threads(self.retained_threads)
        mark_messages_retained(self.retained_messages)
        if any(flag.urls for flag in self.relinked):
            reports = list(_candidate_reports(now))
            for flag in self.relinked:
                link_reports_by_url(flag, now=now, reports=reports)


def flag_assessed_threads(assessed: Sequence[tuple[Thread, Assessment]], now: datetime) -> None:
    """Detection's listener (`detection.events`): raise or update the assessed threads' flags."""
    raise_or_update_flags(assessed, now=now)


def raise_or_update_flags(
    assessed: Sequence[tuple[Thread, Assessment]],
    *,
    now: datetime | None = None,
    known: dict[int, Flag] | None = None,
) -> list[Flag | None]:
    """Raise, follow or re-raise the flags of many threads; their flags (None: no flag).

    `known`: the threads' flags, loaded together (`flags_of_threads`). The work the decisions
    share (evidence links, new rows, audits, report links, retention) is done in a few
    statements for the whole batch, not per thread.
    """
    now = now or utcnow()
    minimum = severity_rank(current_app.config["FLAG_MIN_SEVERITY"])
    if known is None:
        known = flags_of_threads(thread.id for thread, _ in assessed)
    # Links of the evidence of every thread that has or may get a flag: one query.
    url_of = _evidence_urls(
        evidence_id
        for thread, assessment in assessed
        if thread.id in known or severity_rank(assessment.severity) >= minimum
        for evidence_id in assessment.evidence_ids
    )
    followups = _Followups()
    flags = [
        _decide(thread, assessment, known.get(thread.id), minimum, now, url_of, followups)
        for thread, assessment in assessed
    ]
    followups.finish(now)
    return flags


def _decide(
    thread: Thread,
    assessment: Assessment,
    flag: Flag | None,
    minimum: int,
    now: datetime,
    url_of: dict[int, str],
    followups: _Followups,
) -> Flag | None:
    rank = severity_rank(assessment.severity)
    reasons = [r.to_dict() for r in assessment.reasons]
    if flag is None:
        if rank < minimum:
            return None
        priority = priority_for(assessment.severity, False)
        flag = Flag(
            thread_id=thread.id,
            status="new",
            severity=assessment.severity,
            severity_rank=rank,
            score=assessment.score,
            priority=priority,
            danger=False,
            reasons=reasons,
            evidence_message_ids=assessment.evidence_ids,
            urls=_flag_urls(thread, assessment.evidence_ids, url_of),
            first_seen_at=now,
            last_escalated_at=now,
            response_due_at=now + response_target(priority),
        )
        db.session.add(flag)
        followups.raised.append(flag)
        followups.retained_threads.append(thread)
        followups.relinked.append(flag)
        return flag

    if flag.status in OPEN_STATUSES:
        flag.score = assessment.score
        flag.reasons = reasons
        if assessment.evidence_ids != flag.evidence_message_ids:
            flag.evidence_message_ids = assessment.evidence_ids
            followups.retained_messages.extend(assessment.evidence_ids)
            urls = _flag_urls(thread, assessment.evidence_ids, url_of)
            if urls != flag.urls:
                flag.urls = urls
                followups.relinked.append(flag)
        if rank > flag.severity_rank:
            _escalate(flag, assessment, rank, now, "flag.escalated")
        return flag

    # Closed or false alarm: only a further escalation brings it back.
    closed_rank = severity_rank(flag.closed_level)
    margin = float(current_app.config["FLAG_REOPEN_MARGIN"])
    beyond = rank > closed_rank or (
        flag.closed_score is not None and assessment.score >= flag.closed_score + margin
    )
    if rank < minimum or not beyond:
        return flag
    previous = flag.status
    flag.status = "new"
    flag.closed_at = None
    flag.responded_at = None
    flag.reopened_count += 1
    flag.score = assessment.score
    flag.reasons = reasons
    flag.evidence_message_ids = assessment.evidence_ids
    flag.urls = _flag_urls(thread, assessment.evidence_ids, url_of)
    flag.response_due_at = now + response_target(priority_for(assessment.severity, flag.danger))
    _escalate(flag, assessment, rank, now, "flag.reraised", previous_status=previous)
    followups.retained_threads.append(thread)
    followups.relinked.append(flag)
    return flag


def _escalate(
    flag: Flag, assessment: Assessment, rank: int, now: datetime, action: str, **detail: Any
) -> None:
    before = flag.severity
    flag.severity = assessment.severity
    flag.severity_rank = rank
    flag.priority = priority_for(flag.severity, flag.danger)
    flag.last_escalated_at = now
    flag.version += 1
    _tighten_due(flag, now)
    _audit(flag, action, {"from": before, "to": flag.severity, "score": flag.score, **detail})


def _audit(flag: Flag, action: str, detail: dict[str, Any]) -> None:
    record(
        actor_id=None,
        actor_role=SYSTEM_ROLE,
        action=action,
        subject_type="flag",
        subject_id=flag.id,
        detail=detail,
    )


def _report_keys(report: Report) -> dict[str, str]:
    keys: dict[str, str] = {}
    for url in report.links or []:
        for key in link_keys(url):
            keys.setdefault(key, url)
    return keys


def _candidate_reports(now: datetime) -> Iterable[Report]:
    """Open reports, and reports closed recently: few, so matching them in Python is cheap."""
    since = now - timedelta(days=int(current_app.config["FLAG_REPORT_LINK_DAYS"]))
    stmt = select(Report).where((Report.closed_at.is_(None)) | (Report.closed_at >= since))
    return db.session.scalars(stmt)


def add_link(
    flag: Flag,
    report: Report,
    *,
    matched_by: str,
    url: str | None,
    by_id: int | None,
    actor_role: str,
    now: datetime,
) -> tuple[FlagReportLink, bool]:
    """Link a report to a flag once; returns the link and whether it is new."""
    existing = db.session.scalar(
        select(FlagReportLink).where(
            FlagReportLink.flag_id == flag.id, FlagReportLink.report_id == report.id
        )
    )
    if existing is not None:
        return existing, False
    link = FlagReportLink(
        flag_id=flag.id,
        report_id=report.id,
        matched_by=matched_by,
        url=url,
        by_id=by_id,
        created_at=now,
    )
    db.session.add(link)
    if report.in_danger and not flag.danger:
        flag.danger = True
        flag.priority = 1
        flag.version += 1
        if flag.status in OPEN_STATUSES:
            _tighten_due(flag, now)
    record(
        actor_id=by_id,
        actor_role=actor_role,
        action="flag.report_linked",
        subject_type="flag",
        subject_id=flag.id,
        detail={"report_id": report.id, "matched_by": matched_by, "danger": report.in_danger},
    )
    return link, True


def link_reports_by_url(
    flag: Flag, *, now: datetime, reports: Iterable[Report] | None = None
) -> int:
    """Link every candidate youth report sharing a link with the flag; returns new links.

    `reports`: the candidate reports (`_candidate_reports`), loaded once for many flags."""
    flag_keys = set(flag.urls or [])
    if not flag_keys:
        return 0
    linked = set(
        db.session.scalars(
            select(FlagReportLink.report_id).where(FlagReportLink.flag_id == flag.id)
        )
    )
    made = 0
    for report in _candidate_reports(now) if reports is None else reports:
        if report.id in linked:
            continue
        shared = [url for key, url in _report_keys(report).items() if key in flag_keys]
        if shared:
            _link, created = add_link(flag, report, matched_by="url", url=shared[0],
                                      by_id=None, actor_role=SYSTEM_ROLE, now=now)  # fmt: skip
            made += created
    return made


def link_flags_for_report(report: Report, *, now: datetime | None = None) -> int:
    """For the reports side: link a new or edited youth report to flags on the same links.

    Adds links (and raises the flags' danger) in the caller's transaction; returns new links.
    Reads only the report's id, links and danger, so a report just inserted with Core (not
    in the session) needs no query.
    """
    now = now or utcnow()
    keys = _report_keys(report)
    if not keys:
        return 0
    since = now - timedelta(days=int(current_app.config["FLAG_REPORT_LINK_DAYS"]))
    # Runs on every new report: compare only the flags' link keys, and load a whole flag
    # only when it shares one.
    candidates = db.session.execute(
        select(Flag.id, Flag.urls).where(
            Flag.status.in_(OPEN_STATUSES)
            | (Flag.status.in_(CLOSED_STATUSES) & (Flag.closed_at >= since))
        )
    ).all()
    made = 0
    for flag_id, flag_urls in candidates:
        flag_keys = set(flag_urls or [])
        shared = [url for key, url in keys.items() if key in flag_keys]
        flag = db.session.get(Flag, flag_id) if shared else None
        if flag is not None:
            _link, created = add_link(flag, report, matched_by="url", url=shared[0],
                                      by_id=None, actor_role=SYSTEM_ROLE, now=now)  # fmt: skip
            made += created
    return made


def mark_messages_retained(message_ids: Iterable[int]) -> None:
    ids = sorted(set(message_ids))
    if ids:
        with db.session.no_autoflush:  # messages are written with Core; nothing to flush first
            db.session.execute(
                update(Message)
                .where(one_of(Message.id, ids))
                .values(retained=True)
                .execution_options(synchronize_session=False)
            )
