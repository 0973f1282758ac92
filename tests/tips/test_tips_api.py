"""Tips: languages, drafts, sanitised Markdown, search, ETag/304, sync with tombstones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from netpolarna.db import db
from netpolarna.tips import service
from netpolarna.tips.demo import load_demo_tips
from netpolarna.tips.demo_content import DEMO_TIPS
from netpolarna.tips.models import Tip

TIPS = "/api/v1/tips"


def _tr(lang: str, title: str, body: str = "Text") -> dict[str, str]:
    return {"lang": lang, "title": title, "summary": f"{title} summary", "body": body}


def _tip(slug: str, *translations: dict[str, str], status: str = "published") -> Tip:
    return service.create_tip(
        None, slug=slug, topic="trolls", translations=list(translations), status=status
    )


def test_language_follows_accept_language_with_fallback(client: FlaskClient) -> None:
    _tip("both", _tr("sv", "Svenska"), _tr("en", "English"))
    _tip("swedish-only", _tr("sv", "Bara svenska"))
    items = client.get(TIPS, headers={"Accept-Language": "da"}).get_json()["items"]
    assert {(t["slug"], t["lang"], t["title"]) for t in items} == {
        ("both", "en", "English"),
        ("swedish-only", "sv", "Bara svenska"),
    }
    swedish = client.get(f"{TIPS}?lang=sv").get_json()["items"]
    assert {t["title"] for t in swedish} == {"Svenska", "Bara svenska"}


def test_drafts_are_for_staff_until_published(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    staff, youth = make_actor("netwalker"), make_actor("youth")
    created = client.post(
        TIPS,
        json={"slug": "new-tip", "topic": "privacy", "translations": [_tr("en", "New")]},
        headers=staff.headers,
    ).get_json()
    assert created["status"] == "draft"
    assert client.get(TIPS).get_json()["items"] == []
    assert client.get(f"{TIPS}/{created['id']}", headers=youth.headers).status_code == 404
    assert len(client.get(TIPS, headers=staff.headers).get_json()["items"]) == 1

    published = client.patch(
        f"{TIPS}/{created['id']}", json={"status": "published"}, headers=staff.headers
    )
    assert published.get_json()["published_at"] is not None
    assert [t["slug"] for t in client.get(TIPS).get_json()["items"]] == ["new-tip"]


def test_markdown_is_rendered_and_sanitised(client: FlaskClient) -> None:
    body = (
        "## Heading\n\n**bold** [call](tel:116111) [bad](javascript:alert(1))\n\n"
        "<script>alert(1)</script><img src=x onerror=alert(1)>"
    )
    tip = _tip("md", _tr("en", "Markdown", body))
    html = client.get(f"{TIPS}/{tip.id}").get_json()["body_html"]
    assert "<h2>Heading</h2>" in html and "<strong>bold</strong>" in html
    assert 'href="tel:116111"' in html
    for dangerous in ("<script", "javascript:", "onerror", "<img"):
        assert dangerous not in html


def test_search_finds_words_in_any_language(client: FlaskClient) -> None:
    _tip("drev", _tr("sv", "När ett drev drar igång", "Spara BEVIS"), _tr("en", "Pile-ons"))
    _tip("other", _tr("en", "Something else"))
    hits = client.get(f"{TIPS}?q=bevis&lang=en").get_json()["items"]
    assert [t["slug"] for t in hits] == ["drev"]
    assert client.get(f"{TIPS}?q=%25").get_json()["items"] == []  # LIKE wildcards are literal
    assert client.get(f"{TIPS}?q=" + "x" * 101).status_code == 422


def test_etag_and_if_none_match(client: FlaskClient) -> None:
    tip = _tip("etag", _tr("en", "Cached"), _tr("sv", "Cachad"))
    first = client.get(TIPS)
    etag = first.headers["ETag"]
    again = client.get(TIPS, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    single = client.get(f"{TIPS}/{tip.id}")
    assert (
        client.get(
            f"{TIPS}/{tip.id}", headers={"If-None-Match": single.headers["ETag"]}
        ).status_code
        == 304
    )
    # Another language is another representation.
    assert (
        client.get(TIPS, headers={"If-None-Match": etag, "Accept-Language": "sv"}).status_code
        == 200
    )


def test_updated_since_returns_changes_and_tombstones(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    staff = make_actor("netwalker")
    keep = _tip("keep", _tr("en", "Keep"))
    gone = _tip("gone", _tr("en", "Gone"))
    hidden = _tip("hidden", _tr("en", "Hidden"))
    synced_at = client.get(TIPS).get_json()["synced_at"]

    client.patch(
        f"{TIPS}/{keep.id}",
        json={"translations": [_tr("en", "Kept, edited")]},
        headers=staff.headers,
    )
    assert client.delete(f"{TIPS}/{gone.id}", headers=staff.headers).status_code == 204
    client.patch(f"{TIPS}/{hidden.id}", json={"status": "draft"}, headers=staff.headers)

    delta = client.get(TIPS, query_string={"updated_since": synced_at}).get_json()
    assert [t["title"] for t in delta["items"]] == ["Kept, edited"]
    assert sorted(t["slug"] for t in delta["tombstones"]) == ["gone", "hidden"]
    assert client.get(f"{TIPS}/{gone.id}").status_code == 404
    later = client.get(TIPS, query_string={"updated_since": delta["synced_at"]}).get_json()
    assert later["items"] == [] and later["tombstones"] == []


def test_duplicate_slug_and_bad_input_change_nothing(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    staff = make_actor("admin")
    _tip("taken", _tr("en", "First"))
    clash = client.post(
        TIPS,
        json={"slug": "taken", "topic": "trolls", "translations": [_tr("en", "x")]},
        headers=staff.headers,
    )
    assert clash.status_code == 409 and clash.get_json()["code"] == "slug_taken"
    bad = client.post(
        TIPS,
        json={"slug": "Bad Slug", "topic": "trolls", "translations": [_tr("xx", "x")]},
        headers=staff.headers,
    )
    assert bad.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Tip)) == 1


def test_demo_tips_cover_every_topic_in_four_languages(client: FlaskClient) -> None:
    load_demo_tips()
    load_demo_tips()  # idempotent
    assert db.session.scalar(select(func.count()).select_from(Tip)) == len(DEMO_TIPS)
    items = client.get(f"{TIPS}?limit=200").get_json()["items"]
    assert {t["topic"] for t in items} == set(service.TOPICS)
    assert all(sorted(t["languages"]) == ["da", "en", "nb", "sv"] for t in items)
    swedish = client.get(f"{TIPS}?topic=pile_ons", headers={"Accept-Language": "sv"})
    assert swedish.get_json()["items"][0]["title"] == "När ett drev drar igång"


def test_helplines_per_country(client: FlaskClient) -> None:
    sweden = client.get("/api/v1/helplines?country=SE", headers={"Accept-Language": "sv"})
    items = sweden.get_json()["items"]
    assert items[0]["phone"] == "112" and items[0]["emergency"] is True
    assert ("BRIS", "116 111") in {(h["name"], h["phone"]) for h in items}
    assert {h["country"] for h in items} == {"SE"}
    norway = client.get("/api/v1/helplines?country=NO").get_json()["items"]
    assert ("Alarmtelefonen for barn og unge", "116 111") in {
        (h["name"], h["phone"]) for h in norway
    }
    denmark = client.get("/api/v1/helplines?country=DK&lang=da").get_json()["items"]
    assert ("Børnetelefonen", "116 111") in {(h["name"], h["phone"]) for h in denmark}
    assert client.get("/api/v1/helplines?country=XX").status_code == 422
