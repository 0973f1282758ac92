"""E-mail through an outbox: written with the change it tells about, sent after the commit.

A booking never waits for or depends on the mail server: the row is part of the booking's
transaction; after the commit a thread (or, in tests, the request itself) sends what is due,
and the periodic `bookings-outbox` job retries failures with growing pauses. With no
`NETPOLARNA_SMTP_URL` each message is written as an `.eml` file to `<instance>/outbox/`.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from flask import Flask, current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from netpolarna.bookings.models import OutboxMail
from netpolarna.db import db, utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
CLAIM = timedelta(minutes=5)
_PENDING_KEY = "bookings_mail_pending"


def enqueue(
    recipient: str,
    subject: str,
    body: str,
    *,
    ics: str | None = None,
    method: str | None = None,
    dedupe_key: str | None = None,
) -> None:
    """Add a message to the current transaction; it is sent once that commits."""
    db.session.add(
        OutboxMail(
            recipient=recipient,
            subject=subject,
            body=body,
            ics=ics,
            ics_method=method,
            dedupe_key=dedupe_key,
        )
    )
    db.session.info[_PENDING_KEY] = True


def build_message(row: OutboxMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Message-ID"] = make_msgid(domain="netpolarna")
    message.set_content(row.body)
    if row.ics:
        message.add_attachment(
            row.ics.encode(),
            maintype="text",
            subtype="calendar",
            filename="invite.ics" if row.ics_method != "CANCEL" else "cancel.ics",
            params={"method": row.ics_method or "PUBLISH"},
        )
    return message


def _send(message: EmailMessage, row_id: int, config: dict[str, Any], instance: str) -> None:
    url = config.get("BOOKINGS_SMTP_URL") or ""
    if not url:
        folder = Path(instance) / "outbox"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{row_id:08d}.eml").write_bytes(message.as_bytes())
        return
    parts = urlsplit(url)
    timeout = float(config.get("BOOKINGS_SMTP_TIMEOUT", 10))
    port = parts.port or (465 if parts.scheme == "smtps" else 25)
    client: smtplib.SMTP
    if parts.scheme == "smtps":
        client = smtplib.SMTP_SSL(parts.hostname or "localhost", port, timeout=timeout)
    else:
        client = smtplib.SMTP(parts.hostname or "localhost", port, timeout=timeout)
    with client:
        if parts.scheme == "smtp+starttls" or parse_qs(parts.query).get("starttls") == ["1"]:
            client.starttls()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(message)


def deliver_due(limit: int = 50) -> int:
    """Send due messages (each claimed first, so two senders never send one twice)."""
    config = dict(current_app.config)
    instance = current_app.instance_path
    sent = 0
    with Session(db.engine) as session:
        now = utcnow()
        ids = list(
            session.scalars(
                select(OutboxMail.id)
                .where(
                    or_(
                        OutboxMail.status == "pending",
                        (OutboxMail.status == "sending") & (OutboxMail.claimed_until < now),
                    ),
                    OutboxMail.next_attempt_at <= now,
                )
                .order_by(OutboxMail.id)
                .limit(limit)
            )
        )
        session.commit()
        for row_id in ids:
            claimed = session.execute(
                update(OutboxMail)
                .where(
                    OutboxMail.id == row_id,
                    or_(
                        OutboxMail.status == "pending",
                        (OutboxMail.status == "sending") & (OutboxMail.claimed_until < now),
                    ),
                )
                .values(status="sending", claimed_until=utcnow() + CLAIM)
            )
            session.commit()
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                continue
            row = session.get(OutboxMail, row_id)
            assert row is not None
            try:
                _send(build_message(row, config["BOOKINGS_MAIL_FROM"]), row.id, config, instance)
            except (OSError, smtplib.SMTPException) as error:
                row.attempts += 1
                row.last_error = f"{type(error).__name__}: {error}"[:500]
                row.status = "failed" if row.attempts >= MAX_ATTEMPTS else "pending"
                row.next_attempt_at = utcnow() + timedelta(minutes=2**row.attempts)
                log.warning(
                    "mail %s not sent (attempt %s): %s", row.id, row.attempts, type(error).__name__
                )
            else:
                row.status, row.sent_at, row.attempts = "sent", utcnow(), row.attempts + 1
                sent += 1
            session.commit()
    return sent


def deliver_job() -> None:
    """Periodic job: send what is due, including retries."""
    deliver_due(limit=500)


def _deliver_in_background(app: Flask) -> None:
    with app.app_context():
        try:
            deliver_due()
        except Exception:  # the periodic job tries again
            log.exception("sending mail after a commit failed")


def after_commit(session: Session) -> None:
    if not session.info.pop(_PENDING_KEY, False):
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    mode = app.config["BOOKINGS_MAIL_AFTER_COMMIT"]
    if mode == "inline":
        _deliver_in_background(app)
    elif mode == "thread":
        threading.Thread(target=_deliver_in_background, args=(app,), daemon=True).start()


def after_rollback(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)
