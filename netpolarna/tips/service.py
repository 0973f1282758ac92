"""Tip rules: drafts and publishing, language fallback, search, sync with tombstones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import markdown
import nh3
from sqlalchemy import func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from netpolarna.accounts.models import User
from netpolarna.audit import service as audit
from netpolarna.common.pagination import Page, SortKey, paginate
from netpolarna.db import commit, db, utcnow
from netpolarna.errors import Conflict, NotFound, ValidationFailed
from netpolarna.tips.models import Tip, TipTranslation

TOPICS = (
    "pile_ons",
    "trolls",
    "critique_vs_hate",
    "supporting_a_friend",
    "reporting",
    "privacy",
)
STATUSES = ("draft", "published")
FALLBACK_ORDER = ("en", "sv", "nb", "da")
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "a", "code", "pre", "hr",
}  # fmt: skip


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to show in a web view: no scripts, styles or odd links."""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )


def pick_translation(tip: Tip, lang: str) -> TipTranslation | None:
    """The requested language, else English, Swedish, Norwegian, Danish."""
    by_lang = {t.lang: t for t in tip.translations}
    for candidate in (lang, *FALLBACK_ORDER):
        if candidate in by_lang:
            return by_lang[candidate]
    return None


@dataclass(frozen=True, slots=True)
class TipInLanguage:
    """A published tip and the translation a reader gets (their language or the fallback)."""

    tip: Tip
    translation: TipTranslation


def tips_for_topic(topic: str, lang: str, *, limit: int) -> list[TipInLanguage]:
    """Published tips on a topic, each in `lang` or its fallback (e.g. for a report made for a
    friend)."""
    tips = db.session.scalars(
        select(Tip)
        .where(Tip.topic == topic, Tip.status == "published", Tip.deleted_at.is_(None))
        .order_by(Tip.id)
        .limit(limit)
    )
    found = ((tip, pick_translation(tip, lang)) for tip in tips)
    return [TipInLanguage(tip, chosen) for tip, chosen in found if chosen is not None]


@dataclass(frozen=True)
class TipFilters:
    topic: str | None = None
    q: str | None = None
    status: str | None = None  # staff only
    updated_since: datetime | None = None


def list_tips(filters: TipFilters, *, staff: bool, cursor: str | None, limit: int) -> Page[Tip]:
    """Published tips (staff: also drafts), oldest change first so a sync can page through."""
    stmt = select(Tip).where(Tip.deleted_at.is_(None))
    if not staff:
        stmt = stmt.where(Tip.status == "published")
    elif filters.status:
        stmt = stmt.where(Tip.status == filters.status)
    if filters.topic:
        stmt = stmt.where(Tip.topic == filters.topic)
    if filters.updated_since:
        stmt = stmt.where(Tip.updated_at >= filters.updated_since)
    if filters.q:
        needle = filters.q.casefold()
        stmt = stmt.where(
            Tip.id.in_(
                select(TipTranslation.tip_id).where(
                    TipTranslation.search_text.contains(needle, autoescape=True)
                )
            )
        )
    keys = [SortKey(Tip.updated_at), SortKey(Tip.id)]
    return paginate(stmt, keys, lambda t: [t.updated_at, t.id], cursor=cursor, limit=limit)


# Asked on every public list request: built once, and run on the session's connection
# (no ORM result processing is needed for two aggregates).
_CATALOGUE_VERSION = select(func.count(Tip.id), func.max(Tip.updated_at))


def catalogue_version() -> tuple[int, datetime | None]:
    """Changes whenever any tip changes: edits bump updated_at, deletion leaves a tombstone."""
    count, latest = db.session.connection().execute(_CATALOGUE_VERSION).one()
    return int(count), latest


def tombstones(since: datetime, *, staff: bool) -> list[Tip]:
    """Tips an offline app must forget: deleted since then, or (for the public) unpublished."""
    gone: ColumnElement[bool] = Tip.deleted_at.isnot(None)
    if not staff:
        gone = or_(gone, Tip.status != "published")
    return list(
        db.session.scalars(
            select(Tip).where(gone, Tip.updated_at >= since).order_by(Tip.updated_at, Tip.id)
        )
    )


def get_tip(tip_id: int, *, staff: bool) -> Tip:
    tip = db.session.get(Tip, tip_id)
    if tip is None or tip.deleted_at is not None or (not staff and tip.status != "published"):
        raise NotFound()
    return tip


def _set_translations(tip: Tip, translations: list[dict[str, str]]) -> None:
    langs = [t["lang"] for t in translations]
    if len(set(langs)) != len(langs):
        raise ValidationFailed(errors={"translations": ["One translation per language."]})
    existing = {t.lang: t for t in tip.translations}
    for item in translations:
        row = existing.get(item["lang"])
        if row is None:
            row = TipTranslation(lang=item["lang"])
            tip.translations.append(row)
        row.title, row.summary, row.body_markdown = item["title"], item["summary"], item["body"]
        row.body_html = render_markdown(item["body"])
        row.search_text = "\n".join((item["title"], item["summary"], item["body"])).casefold()


def _check_slug(slug: str, tip_id: int | None) -> None:
    clash = db.session.scalar(select(Tip.id).where(Tip.slug == slug))
    if clash is not None and clash != tip_id:
        raise Conflict(code="slug_taken", detail="Another tip uses this slug.")


def _set_status(tip: Tip, status: str) -> None:
    if status == "published" and not tip.translations:
        raise ValidationFailed(errors={"status": ["Add a translation before publishing."]})
    if status == "published" and tip.status != "published":
        tip.published_at = utcnow()
    tip.status = status


def _audit(actor: User, action: str, tip: Tip) -> None:
    audit.actor_did(actor, action, "tip", tip.id)


def create_tip(
    actor: User | None,
    *,
    slug: str,
    topic: str,
    translations: list[dict[str, str]],
    status: str = "draft",
) -> Tip:
    _check_slug(slug, None)
    tip = Tip(slug=slug, topic=topic, status="draft", author_id=actor.id if actor else None)
    _set_translations(tip, translations)
    _set_status(tip, status)
    db.session.add(tip)
    db.session.flush()
    if actor is not None:
        _audit(actor, "tip.create", tip)
    commit()
    return tip


def update_tip(actor: User, tip_id: int, **changes: Any) -> Tip:
    tip = get_tip(tip_id, staff=True)
    if "slug" in changes:
        _check_slug(changes["slug"], tip.id)
        tip.slug = changes["slug"]
    if "topic" in changes:
        tip.topic = changes["topic"]
    if "translations" in changes:
        _set_translations(tip, changes["translations"])
    if "status" in changes:
        _set_status(tip, changes["status"])
    tip.updated_at = utcnow()  # also when only a translation changed
    _audit(actor, "tip.update", tip)
    db.session.commit()
    return tip


def delete_tip(actor: User, tip_id: int) -> None:
    """Leave a tombstone: the row without its content, so syncing apps remove their copy."""
    tip = get_tip(tip_id, staff=True)
    now = utcnow()
    tip.translations.clear()
    tip.deleted_at = now
    tip.updated_at = now
    tip.status = "deleted"
    _audit(actor, "tip.delete", tip)
    db.session.commit()
