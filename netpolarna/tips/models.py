"""Tips: multilingual articles. A deleted tip stays as a tombstone so offline apps learn of it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netpolarna.db import TimestampMixin, db, utcnow


class Tip(TimestampMixin, db.Model):  # type: ignore[name-defined]
    __tablename__ = "tips"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    topic: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    published_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Every change bumps updated_at (also translation edits): `updated_since` relies on it.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    translations: Mapped[list[TipTranslation]] = relationship(
        back_populates="tip",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        order_by="TipTranslation.lang",
    )


class TipTranslation(db.Model):  # type: ignore[name-defined]
    __tablename__ = "tip_translations"
    __table_args__ = (UniqueConstraint("tip_id", "lang", name="uq_tip_translations_tip_lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tip_id: Mapped[int] = mapped_column(ForeignKey("tips.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500))
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)  # rendered and sanitised once, on save
    search_text: Mapped[str] = mapped_column(Text)  # casefolded title, summary and body

    tip: Mapped[Tip] = relationship(back_populates="translations")
