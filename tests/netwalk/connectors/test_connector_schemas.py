"""Config validation per source kind and the connector registry."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import ValidationError

from netpolarna.netwalk.connectors import CONNECTORS, validate_config


def errors(kind: str, config: Any) -> dict[str, Any]:
    with pytest.raises(ValidationError) as caught:
        validate_config(kind, config)
    messages = caught.value.messages
    assert isinstance(messages, dict)
    return messages


def test_every_kind_of_the_sources_contract_is_registered() -> None:
    assert set(CONNECTORS) == {"rss", "mastodon", "reddit", "discourse", "jsonl"}
    for kind, spec in CONNECTORS.items():
        assert spec.connector.kind == kind
        assert callable(spec.connector.iter_batches)


def test_rss_needs_an_http_url() -> None:
    assert validate_config("rss", {"url": "https://lokalnytt.example/feed/"}) == {
        "url": "https://lokalnytt.example/feed/"
    }
    assert (
        validate_config("rss", {"url": "http://127.0.0.1:8080/f", "max_pages": 3})["max_pages"] == 3
    )
    assert "url" in errors("rss", {"url": "file:///etc/passwd"})
    assert "url" in errors("rss", {})
    assert "max_pages" in errors("rss", {"url": "https://a.example/f", "max_pages": 0})
    assert "surprise" in errors("rss", {"url": "https://a.example/f", "surprise": 1})


def test_mastodon_needs_exactly_one_listing() -> None:
    base = {"base_url": "https://social.example"}
    assert validate_config("mastodon", {**base, "hashtag": "#Karlskoga"})["hashtag"] == "Karlskoga"
    assert validate_config("mastodon", {**base, "account": "@lars@mastodon.dk"})["account"] == (
        "lars@mastodon.dk"
    )
    assert validate_config("mastodon", {**base, "timeline": "local"})["timeline"] == "local"
    assert "hashtag" in errors("mastodon", base)
    both = errors("mastodon", {**base, "hashtag": "näthat", "timeline": "public"})
    assert set(both) == {"hashtag", "timeline"}
    assert "timeline" in errors("mastodon", {**base, "timeline": "federated"})
    assert "account" in errors("mastodon", {**base, "account": "not an account"})
    assert "base_url" in errors("mastodon", {"hashtag": "x"})


def test_reddit_defaults_to_reddit_and_checks_the_subreddit() -> None:
    assert validate_config("reddit", {"subreddit": "sweden"}) == {
        "base_url": "https://www.reddit.com",
        "subreddit": "sweden",
    }
    assert validate_config("reddit", {"subreddit": "sweden", "page_size": 50})["page_size"] == 50
    assert "page_size" in errors("reddit", {"subreddit": "sweden", "page_size": 500})
    assert "subreddit" in errors("reddit", {"subreddit": "r/sweden"})
    assert "subreddit" in errors("reddit", {"base_url": "https://www.reddit.com"})


def test_discourse_category_is_optional_slug_or_id() -> None:
    base = {"base_url": "https://forum.example"}
    assert validate_config("discourse", base) == base
    assert validate_config("discourse", {**base, "category": "trygghet/12"})["category"] == (
        "trygghet/12"
    )
    assert "category" in errors("discourse", {**base, "category": "../../admin"})


def test_jsonl_needs_a_path() -> None:
    assert validate_config("jsonl", {"path": "/srv/exports"}) == {"path": "/srv/exports"}
    assert "path" in errors("jsonl", {"path": ""})


def test_unknown_kind_and_non_object_config() -> None:
    assert "kind" in errors("twitter", {})
    assert "config" in errors("rss", ["https://a.example/feed"])
