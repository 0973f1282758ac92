"""Demo tips: six published articles in all four languages."""

from __future__ import annotations

from sqlalchemy import select

from netpolarna.db import db
from netpolarna.demo import demo_loader
from netpolarna.tips import service
from netpolarna.tips.demo_content import DEMO_TIPS
from netpolarna.tips.models import Tip


@demo_loader("tips")
def load_demo_tips() -> list[str]:
    added = 0
    for slug, topic, texts in DEMO_TIPS:
        if db.session.scalar(select(Tip.id).where(Tip.slug == slug)) is not None:
            continue
        translations = [
            {"lang": lang, "title": title, "summary": summary, "body": body.strip()}
            for lang, (title, summary, body) in texts.items()
        ]
        service.create_tip(
            None, slug=slug, topic=topic, translations=translations, status="published"
        )
        added += 1
    return [f"Tips: {added} added, {len(DEMO_TIPS) - added} already there."]
