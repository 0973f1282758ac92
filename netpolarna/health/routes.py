"""`/healthz` says the process is up; `/readyz` says it can reach its database."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from netpolarna.db import db
from netpolarna.errors import DomainError
from netpolarna.health import blp


class StatusSchema(Schema):
    status = fields.String(required=True, metadata={"example": "ok"})


class NotReady(DomainError):
    status, code = 503, "unavailable"


@blp.route("/healthz")
@blp.public
@blp.response(200, StatusSchema)
def healthz() -> Any:
    """Liveness: the process answers."""
    return {"status": "ok"}


@blp.route("/readyz")
@blp.public
@blp.response(200, StatusSchema)
@blp.errors(503)
def readyz() -> Any:
    """Readiness: the database answers a query."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        db.session.rollback()
        raise NotReady(detail="The database cannot be reached.") from exc
    return {"status": "ok"}
