"""Storing one prepared connector batch: dedup against the store, place replies, grow threads.

The cost of a batch follows its size, never the size of its threads or of the database: each
step is one query over the batch's ids (existing messages, content hashes, parents, authors
already in the threads, orphans waiting for a parent) using the unique indexes. The caller
commits the batch together with the connector's checkpoint.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    and_,
    func,
    literal,
    or_,
    select,
    update,
)

from netpolarna.common.sql import one_of
from netpolarna.db import db, utcnow
from netpolarna.netwalk.connectors import FetchedMessage
from netpolarna.netwalk.ingestion.bulk import (
    existing_pairs,
    insert_messages,
    reserve_message_ids,
)
from netpolarna.netwalk.ingestion.gazetteer import app_gazetteer
from netpolarna.netwalk.ingestion.preparing import (
    PreparedBatch,
    PreparedMessage,
    complete,
    forget_stale_scores,
    prepare_batch,
)
from netpolarna.netwalk.ingestion.pseudonyms import Pseudonymiser
from netpolarna.netwalk.ingestion.scorer import (
    MessageScores,
    StoredMessage,
    current_model_version,
    score_batch,
)
from netpolarna.netwalk.models import Message, Source, Thread

MAX_DEPTH = 60  # deeper replies hang at this depth; keeps reply_path within its column
_CHUNK = 500  # ids per IN (...) list


@dataclass
class BatchCounts:
    fetched: int = 0
    new: int = 0
    duplicate: int = 0
    updated: int = 0
    failed: int = 0
    stored: list[StoredMessage] = field(default_factory=list)


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def ingest_batch(
    source: Source, messages: Sequence[FetchedMessage], *, pseudonym_key: str
) -> BatchCounts:
    """Prepare and store a batch in the current transaction (see `store_batch`)."""
    names = Pseudonymiser(pseudonym_key, source.kind)
    return store_batch(source.id, prepare_batch(messages, names))


def store_batch(source_id: int, prepared: PreparedBatch) -> BatchCounts:
    """Store a prepared batch in the current transaction; the caller commits it with the
    connector's checkpoint."""
    counts = BatchCounts(fetched=prepared.fetched, duplicate=prepared.repeats)
    batch = prepared.messages
    if not batch:
        return counts
    # Stored messages whose content is unchanged are duplicates and cost nothing more: a
    # source read again (a feed's overlapping pages, a resumed file) is mostly these.
    stored_hashes = _stored_hashes(source_id, [p.message_id for p in batch])
    fresh, changed = [], []
    for item in batch:
        stored_hash = stored_hashes.get(item.message_id)
        if stored_hash is None:
            fresh.append(item)
        elif stored_hash != item.content_hash:
            changed.append(item)
    counts.duplicate += len(batch) - len(fresh) - len(changed)
    if not fresh and not changed:
        return counts
    now = utcnow()
    threads = _threads_for(source_id, [*changed, *fresh], now)
    version = current_model_version()
    if changed:
        forget_stale_scores(changed, version)
        # Language, scores and places of the new text, before the update.
        complete(changed, places=app_gazetteer())
        stored = _existing_messages(source_id, [p.message_id for p in changed])
        for item in changed:
            if _apply_edit(stored[item.message_id], item, threads, now, counts):
                counts.updated += 1
            else:
                counts.duplicate += 1

    fresh = _drop_content_duplicates(fresh, threads, counts)
    if fresh:
        forget_stale_scores(fresh, version)
        # What preparation left open (all of it unless it ran ahead) is decided here, before
        # the insert, so each message is stored with its language, scores and places.
        complete(fresh, places=app_gazetteer())
        _insert_new(source_id, fresh, threads, now, counts)
    if counts.stored:
        score_batch(counts.stored)
    return counts


def _threads_for(
    source_id: int, batch: Sequence[PreparedMessage], now: datetime
) -> dict[str, Thread]:
    keys = sorted({p.thread_key for p in batch})
    threads: dict[str, Thread] = {}
    for chunk in _chunks(keys):
        stmt = select(Thread).where(
            Thread.source_id == source_id, one_of(Thread.source_thread_id, chunk)
        )
        threads.update({t.source_thread_id: t for t in db.session.scalars(stmt)})
    created = False
    for item in batch:
        thread = threads.get(item.thread_key)
        if thread is None:
            thread = Thread(
                source_id=source_id,
                source_thread_id=item.thread_key,
                message_count=0,
                author_count=0,
                reply_count=0,
                max_depth=0,
                lang_counts={},
                created_at=now,
                updated_at=now,
            )
            db.session.add(thread)
            threads[item.thread_key] = thread
            created = True
        if thread.title is None and item.title:
            thread.title = item.title
        if thread.url is None and item.parent_id is None and item.url:
            thread.url = item.url
    if created:
        db.session.flush()
    return threads


def _by_message_id(source_id: int, ids: Sequence[str], *columns: Any) -> Iterator[Any]:
    """Rows (message id first, then `columns`) of the source's stored messages among `ids`."""
    for chunk in _chunks(ids):
        yield from db.session.execute(
            select(Message.message_id, *columns).where(
                Message.source_id == source_id, one_of(Message.message_id, chunk)
            )
        )


def _stored_hashes(source_id: int, ids: Sequence[str]) -> dict[str, str]:
    """The content hash of each of these messages that the source has stored."""
    return dict(_by_message_id(source_id, ids, Message.content_hash))


def _existing_messages(source_id: int, ids: Sequence[str]) -> dict[str, Any]:
    rows = _by_message_id(
        source_id,
        ids,
        Message.id,
        Message.thread_id,
        Message.content_hash,
        Message.lang,
        Message.author_pseudonym,
        Message.created_at,
        Message.parent_message_id,
    )
    return {row.message_id: row for row in rows}


def _apply_edit(
    row: Any, item: PreparedMessage, threads: dict[str, Thread], now: datetime, counts: BatchCounts
) -> bool:
    """Update a stored message whose content changed; False when it is a plain duplicate."""
    if row.content_hash == item.content_hash:
        return False
    lang = str(item.lang)  # decided by `complete`
    clash = db.session.scalar(
        select(Message.id).where(
            Message.thread_id == row.thread_id,
            Message.content_hash == item.content_hash,
            Message.id != row.id,
        )
    )
    values: dict[str, Any] = {
        "text": item.text,
        "lang": lang,
        "edited_at": item.edited_at or now,
        "places": _places_value(item),
        **dict(zip(SCORE_COLUMNS, _score_values(item.scores, now), strict=True)),
    }
    if clash is None:  # an edit that repeats another message keeps its own hash
        values["content_hash"] = item.content_hash
    if item.url:
        values["url"] = item.url
    db.session.execute(update(Message).where(Message.id == row.id).values(**values))
    thread = next((t for t in threads.values() if t.id == row.thread_id), None)
    if thread is not None:
        if lang != row.lang:
            langs = dict(thread.lang_counts or {})
            langs[row.lang] = max(0, langs.get(row.lang, 0) - 1)
            langs[lang] = langs.get(lang, 0) + 1
            thread.lang_counts = {k: v for k, v in langs.items() if v}
        thread.needs_rescore = True
        thread.updated_at = now
    counts.stored.append(
        StoredMessage(
            id=row.id,
            thread_id=row.thread_id,
            text=item.text,
            lang=lang,
            author_pseudonym=row.author_pseudonym,
            created_at=row.created_at,
            parent_message_id=row.parent_message_id,
            scores=item.scores,
            edited=True,
            places=item.places,
        )
    )
    return True


def _drop_content_duplicates(
    fresh: list[PreparedMessage], threads: dict[str, Thread], counts: BatchCounts
) -> list[PreparedMessage]:
    pairs = {(threads[p.thread_key].id, p.content_hash) for p in fresh}
    taken = existing_pairs(Message.content_hash, pairs)
    kept = []
    for item in fresh:
        key = (threads[item.thread_key].id, item.content_hash)
        if key in taken:
            counts.duplicate += 1
            continue
        taken.add(key)
        kept.append(item)
    return kept


def _stored_parents(source_id: int, ids: Sequence[str]) -> dict[str, Any]:
    columns = (Message.id, Message.thread_id, Message.depth, Message.reply_path)
    return {row.message_id: row for row in _by_message_id(source_id, ids, *columns)}


def _insert_new(
    source_id: int,
    fresh: list[PreparedMessage],
    threads: dict[str, Thread],
    now: datetime,
    counts: BatchCounts,
) -> None:
    by_id = {p.message_id: p for p in fresh}
    outside = sorted({p.parent_id for p in fresh if p.parent_id and p.parent_id not in by_id})
    stored_parents = _stored_parents(source_id, outside)
    placed: dict[str, tuple[int, str]] = {}  # message id -> (depth, reply_path)

    def place(item: PreparedMessage, hops: int = 0) -> tuple[int, str]:
        if item.message_id in placed:
            return placed[item.message_id]
        key = item.path_key
        assert key is not None  # `complete` gave every fresh message its key
        depth, path = 0, key
        parent = item.parent_id
        thread_id = threads[item.thread_key].id
        if parent and parent in by_id and hops < MAX_DEPTH + 5:
            parent_item = by_id[parent]
            if parent_item.thread_key == item.thread_key:
                depth, path = _below(*place(parent_item, hops + 1), key)
        elif parent and parent in stored_parents:
            row = stored_parents[parent]
            if row.thread_id == thread_id:
                depth, path = _below(row.depth, row.reply_path, key)
        placed[item.message_id] = (depth, path)
        return depth, path

    authors_before = existing_pairs(
        Message.author_pseudonym, {(threads[p.thread_key].id, p.author) for p in fresh}
    )
    for item in fresh:
        place(item)
    # Ids first: a reply names its parent's row in the same insert, with no update after.
    ids = dict(zip(by_id, reserve_message_ids(len(fresh)), strict=True))
    stored: list[StoredMessage] = []
    rows: list[tuple[Any, ...]] = []
    for item in fresh:
        thread_id = threads[item.thread_key].id
        depth, path = placed[item.message_id]
        parent_row = stored_parents.get(item.parent_id or "")
        parent_message_id = (
            parent_row.id if parent_row and parent_row.thread_id == thread_id else None
        )
        if (
            item.parent_id is not None
            and item.parent_id in ids
            and by_id[item.parent_id].thread_key == item.thread_key
            and depth > 0
        ):
            parent_message_id = ids[item.parent_id]
        row_id = ids[item.message_id]
        rows.append(
            (
                row_id, source_id, thread_id, item.message_id, item.parent_id,
                parent_message_id, depth, path, item.author, item.text, item.content_hash,
                item.lang, item.url, item.created_at, item.edited_at, now, False,
                _places_value(item), *_score_values(item.scores, now),
            )
        )  # fmt: skip
        stored.append(
            StoredMessage(
                id=row_id,
                thread_id=thread_id,
                text=item.text,
                lang=str(item.lang),
                author_pseudonym=item.author,
                created_at=item.created_at,
                parent_message_id=parent_message_id,
                scores=item.scores,
                places=item.places,
            )
        )
    insert_messages(INSERT_COLUMNS, rows)
    thread_of = {p.message_id: threads[p.thread_key].id for p in fresh}
    _adopt_orphans(source_id, ids, placed, thread_of)
    _count_into_threads(fresh, stored, placed, authors_before, threads, now)
    counts.new += len(stored)
    counts.stored.extend(stored)


# The columns of a new message, in the order `_insert_new` gives their values.
SCORE_COLUMNS = ("label", "score", "threat", "targets", "model_version", "scored_at")
INSERT_COLUMNS = (
    "id", "source_id", "thread_id", "message_id", "parent_id", "parent_message_id", "depth",
    "reply_path", "author_pseudonym", "text", "content_hash", "lang", "url", "created_at",
    "edited_at", "ingested_at", "retained", "places", *SCORE_COLUMNS,
)  # fmt: skip


def _places_value(item: PreparedMessage) -> list[str] | None:
    """The message's `places` column: the places `complete` found in its text."""
    return None if item.places is None else list(item.places)


def _score_values(scored: MessageScores | None, now: datetime) -> tuple[Any, ...]:
    """A message's `SCORE_COLUMNS`: its scores go in its INSERT or UPDATE, classified before."""
    if scored is None:
        return (None, None, None, None, None, None)
    return (scored.label, scored.score, scored.threat, scored.targets, scored.model_version, now)


def _below(parent_depth: int, parent_path: str, key: str) -> tuple[int, str]:
    if parent_depth >= MAX_DEPTH:  # hang deep replies beside their parent
        return parent_depth, parent_path.rsplit(".", 1)[0] + "." + key
    return parent_depth + 1, f"{parent_path}.{key}"


def _adopt_orphans(
    source_id: int,
    ids: dict[str, int],
    placed: dict[str, tuple[int, str]],
    thread_of: dict[str, int],
) -> None:
    """Stored replies that arrived before their parent move under it, with their subtrees."""
    new_ids = set(ids.values())
    orphans: list[Any] = []
    for chunk in _chunks(sorted(ids)):
        stmt = select(
            Message.id, Message.parent_id, Message.thread_id, Message.depth, Message.reply_path
        ).where(
            Message.source_id == source_id,
            one_of(Message.parent_id, chunk),
            Message.parent_message_id.is_(None),
        )
        orphans.extend(row for row in db.session.execute(stmt) if row.id not in new_ids)
    for orphan in orphans:
        if orphan.thread_id != thread_of[orphan.parent_id]:
            continue  # a "parent" in another thread is not one
        db.session.execute(
            update(Message)
            .where(Message.id == orphan.id)
            .values(parent_message_id=ids[orphan.parent_id])
        )
        old = orphan.reply_path
        subtree = and_(
            Message.thread_id == orphan.thread_id,
            or_(Message.reply_path == old, Message.reply_path.startswith(old + ".")),
        )
        deepest = db.session.scalar(select(func.max(Message.depth)).where(subtree)) or 0
        parent_depth, parent_path = placed[orphan.parent_id]
        if orphan.depth != 0 or parent_depth + 1 + deepest > MAX_DEPTH:
            continue  # too deep to move: it stays linked but listed at the top level
        new_path = f"{parent_path}.{old}"
        db.session.execute(
            update(Message)
            .where(subtree)
            .values(
                reply_path=literal(new_path) + func.substr(Message.reply_path, len(old) + 1),
                depth=Message.depth + parent_depth + 1,
            )
            .execution_options(synchronize_session=False)
        )


def _count_into_threads(
    fresh: Sequence[PreparedMessage],
    stored: Sequence[StoredMessage],
    placed: dict[str, tuple[int, str]],
    authors_before: set[tuple[int, str]],
    threads: dict[str, Thread],
    now: datetime,
) -> None:
    """Add the new messages to their threads' counters: summed per thread, set once per thread."""
    by_thread_id = {t.id: t for t in threads.values()}
    seen_authors = set(authors_before)
    grouped: dict[int, list[tuple[PreparedMessage, StoredMessage]]] = {}
    for item, message in zip(fresh, stored, strict=True):
        grouped.setdefault(message.thread_id, []).append((item, message))
    for thread_id, group in grouped.items():
        thread = by_thread_id[thread_id]
        thread.message_count += len(group)
        thread.reply_count += sum(1 for item, _ in group if item.parent_id)
        thread.max_depth = max(thread.max_depth, *(placed[i.message_id][0] for i, _ in group))
        first = min(m.created_at for _, m in group)
        last = max(m.created_at for _, m in group)
        if thread.first_message_at is None or first < thread.first_message_at:
            thread.first_message_at = first
        if thread.last_message_at is None or last > thread.last_message_at:
            thread.last_message_at = last
        langs = dict(thread.lang_counts or {})
        new_authors = 0
        for _, message in group:
            langs[message.lang] = langs.get(message.lang, 0) + 1
            author_key = (thread_id, message.author_pseudonym)
            if author_key not in seen_authors:
                seen_authors.add(author_key)
                new_authors += 1
        thread.lang_counts = langs
        thread.author_count += new_authors
        thread.needs_rescore = True
        thread.updated_at = now
