"""`Idempotency-Key` for creating POSTs: a retried request replays the first response.

Flaky mobile networks retry. With a key, the first request claims `(caller, key)` by inserting
a row; the database's unique constraint decides races between gunicorn workers and replicas.
The finished response (status, body, a few headers) is stored on the row, so:

- same key, same request          -> the stored response again (`Idempotent-Replayed: true`)
- same key, different request     -> 422 `idempotency_key_reused`
- same key while the first runs   -> 409 `idempotency_in_flight` (with Retry-After)

Only successful responses are kept: after an error the key is released so the client can fix
the request or retry later. A claim whose worker died is taken over after a lock timeout.

The decorator ends the view's transaction: the view runs inside `db.unit_of_work()`, so the
service it calls commits as always and that commit is held, then made together with the stored
response (one commit, and never a saved resource without its replayable answer), or rolled
back with the released key.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, cast

from flask import Flask, Response, current_app, request
from flask_jwt_extended import current_user
from sqlalchemy import (
    JSON,
    CursorResult,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    delete,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from netpolarna.common.i18n import register_texts
from netpolarna.common.jobs import PeriodicJob, register_periodic_job
from netpolarna.common.settings import Setting, apply
from netpolarna.db import commit_keeping_loaded, db, insert_unless_taken, unit_of_work, utcnow
from netpolarna.errors import BadRequest, Conflict, ValidationFailed

HEADER = "Idempotency-Key"
_KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")  # printable ASCII, no spaces
_REPLAYED_HEADERS = ("Location", "Content-Language", "ETag")
MIN_TTL_HOURS = 24


class IdempotencyRecord(db.Model):  # type: ignore[name-defined]
    """One claimed key of one caller, and once finished, the response it produced."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_idempotency_keys_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    locked_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    response_status: Mapped[int | None]
    response_body: Mapped[str | None] = mapped_column(Text)
    response_headers: Mapped[dict[str, str] | None] = mapped_column(JSON)


register_texts(
    {
        "problem.idempotency_key_reused": {
            "en": "This Idempotency-Key was already used for a different request",
            "sv": "Den här Idempotency-Key har redan använts för en annan begäran",
            "da": "Denne Idempotency-Key er allerede brugt til en anden forespørgsel",
            "nb": "Denne Idempotency-Key er allerede brukt til en annen forespørsel",
        },
        "problem.idempotency_in_flight": {
            "en": "A request with this Idempotency-Key is still being processed",
            "sv": "En begäran med den här Idempotency-Key behandlas fortfarande",
            "da": "En forespørgsel med denne Idempotency-Key behandles stadig",
            "nb": "En forespørsel med denne Idempotency-Key behandles fortsatt",
        },
        "problem.idempotency_key_invalid": {
            "en": "The Idempotency-Key header is not valid",
            "sv": "Idempotency-Key-huvudet är ogiltigt",
            "da": "Idempotency-Key-headeren er ugyldig",
            "nb": "Idempotency-Key-headeren er ugyldig",
        },
    }
)


# How long keys are kept (never under 24 h) and when a claim counts as dead.
SETTINGS = [
    Setting("IDEMPOTENCY_TTL_HOURS", MIN_TTL_HOURS, parse=lambda raw: max(MIN_TTL_HOURS, int(raw))),
    Setting("IDEMPOTENCY_LOCK_SECONDS", 60),
]


def init_app(app: Flask) -> None:
    apply(app, SETTINGS)


def _ttl() -> timedelta:
    return timedelta(hours=max(MIN_TTL_HOURS, current_app.config.get("IDEMPOTENCY_TTL_HOURS", 24)))


def _lock_timeout() -> timedelta:
    return timedelta(seconds=current_app.config.get("IDEMPOTENCY_LOCK_SECONDS", 60))


def request_fingerprint() -> str:
    """A digest of what the request asks for: method, path, query and body content.

    Multipart boundaries differ between retries of the same upload, so for forms we hash the
    fields and each file's content rather than the raw bytes.
    """
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path}?".encode())
    digest.update(request.query_string)
    if request.mimetype == "multipart/form-data":
        form = sorted((k, v) for k, vs in request.form.lists() for v in vs)
        digest.update(json.dumps(form).encode())
        for name, storage in sorted(request.files.items(multi=True), key=lambda item: item[0]):
            content = hashlib.sha256()
            while chunk := storage.stream.read(65536):
                content.update(chunk)
            storage.stream.seek(0)
            digest.update(f"|{name}|{storage.filename}|{content.hexdigest()}".encode())
    else:
        body = request.get_data(cache=True)
        parsed = request.get_json(silent=True) if request.is_json else None
        if parsed is not None:
            # Key order and whitespace do not make a request different.
            body = json.dumps(parsed, sort_keys=True, separators=(",", ":")).encode()
        digest.update(b"|" + body)
    return digest.hexdigest()


def _rowcount(statement: Any) -> int:
    result = cast(CursorResult[Any], db.session.execute(statement))
    return int(result.rowcount or 0)


def claim(user_id: int, key: str, fingerprint: str) -> tuple[int, IdempotencyRecord | None]:
    """Claim the key: `(record id, None)` to run the view, or `(id, finished record)` to
    replay; raise 409/422 otherwise."""
    for _attempt in range(3):
        now = utcnow()
        claimed = db.session.execute(
            _CLAIM,
            {
                "user_id": user_id,
                "key": key,
                "fingerprint": fingerprint,
                "created_at": now,
                "locked_at": now,
            },
        ).scalar()
        # Visible to every worker before the view runs; the caller stays loaded.
        commit_keeping_loaded(db.session())
        if claimed is not None:
            return int(claimed), None
        existing = db.session.scalar(
            select(IdempotencyRecord).where(
                IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key
            )
        )
        if existing is None:  # released between our insert and our read: try again
            continue
        if existing.created_at < now - _ttl():
            # Expired but not yet purged: it no longer counts.
            db.session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == existing.id))
            db.session.commit()
            continue
        if existing.fingerprint != fingerprint:
            raise ValidationFailed(
                code="idempotency_key_reused",
                detail="Use a new Idempotency-Key for a different request.",
            )
        if existing.completed_at is not None:
            return existing.id, existing
        if existing.locked_at > now - _lock_timeout() or not _take_over(existing, now):
            raise Conflict(
                code="idempotency_in_flight",
                detail="Wait a moment and retry with the same key.",
                headers={"Retry-After": "1"},
            )
        return existing.id, None
    raise Conflict(code="idempotency_in_flight", headers={"Retry-After": "1"})


# The unique constraint decides races between workers; a taken key answers with no row.
_CLAIM = insert_unless_taken(
    IdempotencyRecord.__table__,
    ("user_id", "key", "fingerprint", "created_at", "locked_at"),
    ("user_id", "key"),
)


def _take_over(record: IdempotencyRecord, now: datetime) -> bool:
    """A claim older than the lock timeout was abandoned (its worker died); take it atomically."""
    taken = _rowcount(
        update(IdempotencyRecord)
        .where(
            IdempotencyRecord.id == record.id,
            IdempotencyRecord.completed_at.is_(None),
            IdempotencyRecord.locked_at == record.locked_at,
        )
        .values(locked_at=now)
    )
    db.session.commit()
    return taken == 1


def complete(record_id: int, response: Response) -> None:
    headers = {
        name: response.headers[name] for name in _REPLAYED_HEADERS if name in response.headers
    }
    headers["Content-Type"] = response.content_type or "application/json"
    db.session.execute(
        _COMPLETE,
        {
            "record_id": record_id,
            "completed_at": utcnow(),
            "response_status": response.status_code,
            "response_body": response.get_data(as_text=True),
            "response_headers": headers,
        },
    )
    db.session.commit()


# Built once (with its cache key): it runs on every successful creating POST with a key.
_COMPLETE = (
    update(IdempotencyRecord.__table__)
    .where(IdempotencyRecord.__table__.c.id == bindparam("record_id"))
    .values(
        completed_at=bindparam("completed_at"),
        response_status=bindparam("response_status"),
        response_body=bindparam("response_body"),
        response_headers=bindparam("response_headers"),
    )
)


def release(record_id: int) -> None:
    db.session.rollback()
    db.session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == record_id))
    db.session.commit()


def replay(record: IdempotencyRecord) -> Response:
    headers = dict(record.response_headers or {})
    content_type = headers.pop("Content-Type", "application/json")
    response = Response(
        record.response_body or "", status=record.response_status, content_type=content_type
    )
    for name, value in headers.items():
        response.headers[name] = value
    response.headers["Idempotent-Replayed"] = "true"
    return response


def idempotent(blp: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Make a creating view idempotent under `Idempotency-Key`, and document the header.

    Place it below the role guard (it needs the caller) and above `@blp.arguments` and
    `@blp.response` (it stores the finished response). With a key, it commits the view's
    writes together with that response.
    """

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = request.headers.get(HEADER)
            if key is None:
                return func(*args, **kwargs)
            if not _KEY_PATTERN.match(key):
                raise BadRequest(
                    code="idempotency_key_invalid",
                    detail="Send 1 to 255 printable ASCII characters, e.g. a UUID.",
                )
            record_id, finished = claim(int(current_user.id), key, request_fingerprint())
            if finished is not None:
                return replay(finished)
            try:
                with unit_of_work():  # the service's commit waits for the stored response
                    response = current_app.make_response(func(*args, **kwargs))
            except BaseException:
                release(record_id)
                raise
            if response.status_code < 400 and not response.is_streamed:
                complete(record_id, response)  # commits the view's writes too
            else:
                release(record_id)
            return response

        documented = blp.doc(
            parameters=[
                {
                    "in": "header",
                    "name": HEADER,
                    "required": False,
                    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                    "description": (
                        "Makes a retry safe: the same key with the same request replays the "
                        "first response (for at least 24 hours); with a different request "
                        "it is 422, while the first is still running 409."
                    ),
                }
            ]
        )(wrapper)
        documented = blp.alt_response(409, response="CONFLICT")(documented)
        return blp.alt_response(422, response="UNPROCESSABLE_ENTITY")(documented)

    return decorator


def purge_expired() -> int:
    """Forget keys older than the retention period (the scheduler runs this hourly)."""
    cutoff = utcnow() - _ttl()
    removed = _rowcount(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < cutoff))
    db.session.commit()
    return removed


def forget_user(user_id: int) -> None:
    """Erasure: drop a caller's keys and their stored responses (which may quote them)."""
    db.session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.user_id == user_id))


register_periodic_job(
    PeriodicJob(
        id="idempotency.purge_expired",
        func="netpolarna.common.idempotency:purge_expired",
        interval_minutes=60,
        description="Forget Idempotency-Key records past their retention period.",
    )
)
