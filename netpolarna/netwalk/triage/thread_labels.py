"""Staff verdicts on flags as labelled threads for the pile-on model's next training.

A flag marked a false alarm is a thread that should not have been flagged; a flag on which staff
took an action other than "no action" is a confirmed pile-on. `netpolarna model train` adds these
to the generated thread corpus (see `detection/thread_model.py`).
"""

from __future__ import annotations

from sqlalchemy import select

from netpolarna.db import db
from netpolarna.netwalk.detection.thread_features import ThreadMessage
from netpolarna.netwalk.detection.thread_model import LabelledThread
from netpolarna.netwalk.models import Message
from netpolarna.netwalk.triage.models import Flag, FlagAction

STAFF_THREAD_SOURCE = "staff"
# A thread's first messages are what the detector saw when it flagged; enough to learn from.
MAX_MESSAGES = 500


def flag_verdicts() -> dict[int, bool]:
    """thread id -> True (confirmed pile-on) or False (false alarm)."""
    verdicts: dict[int, bool] = {}
    for thread_id, _status in db.session.execute(
        select(Flag.thread_id, Flag.status).where(Flag.status == "false_alarm")
    ):
        verdicts[thread_id] = False
    acted = (
        select(Flag.thread_id)
        .join(FlagAction, FlagAction.flag_id == Flag.id)
        .where(FlagAction.kind != "no_action", Flag.status != "false_alarm")
        .distinct()
    )
    for (thread_id,) in db.session.execute(acted):
        verdicts[thread_id] = True
    return verdicts


def staff_thread_examples() -> list[LabelledThread]:
    threads = []
    for thread_id, should_flag in sorted(flag_verdicts().items()):
        stmt = (
            select(
                Message.id,
                Message.parent_message_id,
                Message.author_pseudonym,
                Message.text,
                Message.created_at,
                Message.lang,
            )
            .where(Message.thread_id == thread_id)
            .order_by(Message.created_at, Message.id)
            .limit(MAX_MESSAGES)
        )
        messages = tuple(
            ThreadMessage(
                id=str(row.id),
                parent_id=None if row.parent_message_id is None else str(row.parent_message_id),
                author=row.author_pseudonym,
                text=row.text,
                created_at=row.created_at,
                lang=row.lang or "",
            )
            for row in db.session.execute(stmt)
        )
        if messages:
            threads.append(
                LabelledThread(
                    messages=messages,
                    should_flag=should_flag,
                    kind="staff_confirmed" if should_flag else "staff_false_alarm",
                    lang=messages[0].lang,
                    source=STAFF_THREAD_SOURCE,
                )
            )
    return threads
