"""Reading threads and their messages in reply order."""

from __future__ import annotations

from sqlalchemy import select

from netpolarna.common.pagination import Page, SortKey, paginate
from netpolarna.db import db
from netpolarna.errors import NotFound
from netpolarna.netwalk.models import Message, Thread


def get_thread(thread_id: int) -> Thread:
    thread = db.session.get(Thread, thread_id)
    if thread is None:
        raise NotFound(code="thread_not_found")
    return thread


def thread_messages(thread_id: int, *, cursor: str | None, limit: int) -> Page[Message]:
    """A thread's messages depth-first: each reply right after its parent, siblings by time."""
    stmt = select(Message).where(Message.thread_id == thread_id)
    keys = [SortKey(Message.reply_path), SortKey(Message.id)]
    return paginate(stmt, keys, lambda m: [m.reply_path, m.id], cursor=cursor, limit=limit)


def list_threads(*, source_id: int | None, cursor: str | None, limit: int) -> Page[Thread]:
    """Most recently active first."""
    stmt = select(Thread).where(Thread.last_message_at.is_not(None))
    if source_id is not None:
        stmt = stmt.where(Thread.source_id == source_id)
    keys = [SortKey(Thread.last_message_at, descending=True), SortKey(Thread.id, descending=True)]
    return paginate(stmt, keys, lambda t: [t.last_message_at, t.id], cursor=cursor, limit=limit)
