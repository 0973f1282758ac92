"""Staff labels on scanned messages: the classifier's training signal from triage.

A staff member labels a message directly, or marks a flag a false alarm, which labels the flag's
evidence messages `neutral` (except messages a person already labelled explicitly). The newest
label per message is what `staff_label_examples()` hands to `netpolarna model train`.
Labels do not rewrite the message's stored classification: that stays the model's output.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select

from netpolarna.accounts.models import User
from netpolarna.audit.service import actor_did
from netpolarna.db import db, utcnow
from netpolarna.errors import NotFound
from netpolarna.netwalk.classifier.corpus import (
    STAFF_SOURCE,
    CorpusError,
    Example,
    example_from_mapping,
)
from netpolarna.netwalk.classifier.language import normalise_language_code
from netpolarna.netwalk.models import Message
from netpolarna.netwalk.triage.models import Flag, MessageLabel


def label_message(
    message_id: int,
    actor: User,
    *,
    label: str,
    threat: bool = False,
    targets: Sequence[str] = (),
) -> MessageLabel:
    if db.session.get(Message, message_id) is None:
        raise NotFound(detail=f"No message {message_id}.")
    row = MessageLabel(
        message_id=message_id,
        label=label,
        threat=threat,
        targets=list(dict.fromkeys(targets)),
        source="staff",
        by_id=actor.id,
        at=utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    actor_did(
        actor,
        "message.labelled",
        "message",
        message_id,
        {"label": label, "threat": threat, "targets": row.targets, "label_id": row.id},
    )
    db.session.commit()
    return row


def label_false_alarm(flag: Flag, actor: User, now: datetime) -> list[int]:
    """Label the flag's evidence `neutral` (no commit); returns the labelled message ids."""
    ids = list(flag.evidence_message_ids or [])
    if not ids:
        return []
    existing = set(db.session.scalars(select(Message.id).where(Message.id.in_(ids))))
    by_person = set(
        db.session.scalars(
            select(MessageLabel.message_id).where(
                MessageLabel.message_id.in_(ids), MessageLabel.source == "staff"
            )
        )
    )
    labelled = [i for i in ids if i in existing and i not in by_person]
    for message_id in labelled:
        db.session.add(
            MessageLabel(
                message_id=message_id,
                label="neutral",
                threat=False,
                targets=[],
                source="false_alarm",
                flag_id=flag.id,
                by_id=actor.id,
                at=now,
            )
        )
    actor_did(actor, "flag.false_alarm_labelled", "flag", flag.id, {"message_ids": labelled})
    return labelled


def staff_label_examples() -> list[Example]:
    """The newest staff label of every labelled message, as classifier training examples."""
    newest = select(func.max(MessageLabel.id)).group_by(MessageLabel.message_id)
    stmt = (
        select(MessageLabel, Message.text, Message.lang)
        .join(Message, Message.id == MessageLabel.message_id)
        .where(MessageLabel.id.in_(newest))
        .order_by(MessageLabel.id)
    )
    examples = []
    for label, text, lang in db.session.execute(stmt):
        try:
            examples.append(
                example_from_mapping(
                    {
                        "text": text,
                        "lang": normalise_language_code(lang) or "other",
                        "label": label.label,
                        "threat": bool(label.threat),
                        "targets": list(label.targets or []),
                    },
                    source=STAFF_SOURCE,
                )
            )
        except CorpusError:
            continue  # an emptied message text cannot teach anything
    return examples


def latest_labels(message_ids: Sequence[int]) -> dict[int, MessageLabel]:
    """The newest label of each of these messages (staff or false alarm)."""
    if not message_ids:
        return {}
    newest = (
        select(func.max(MessageLabel.id))
        .where(MessageLabel.message_id.in_(list(message_ids)))
        .group_by(MessageLabel.message_id)
    )
    rows = db.session.scalars(select(MessageLabel).where(MessageLabel.id.in_(newest)))
    return {row.message_id: row for row in rows}
