"""Config schemas per source kind, and the registry the ingestion layer looks connectors up in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from .base import Connector
from .discourse import DiscourseConnector
from .jsonl import JsonlConnector
from .mastodon import MastodonConnector
from .reddit import RedditConnector
from .rss import RssConnector


def _http_url(**kwargs: Any) -> fields.URL:
    # require_tld=False: intranet hosts and the tests' 127.0.0.1 are fine.
    return fields.URL(schemes={"http", "https"}, require_tld=False, **kwargs)


def _max_pages() -> fields.Integer:
    return fields.Integer(
        validate=validate.Range(min=1, max=100),
        metadata={"description": "Cap on listing pages fetched per scan (default 10)."},
    )


class _BaseUrlMixin(Schema):
    base_url = _http_url(required=True)
    max_pages = _max_pages()


class RssConfigSchema(Schema):
    url = _http_url(required=True)
    max_pages = _max_pages()


class MastodonConfigSchema(_BaseUrlMixin):
    hashtag = fields.String(
        validate=validate.Regexp(r"^#?\w{1,100}$", error="A hashtag is letters, digits and _.")
    )
    account = fields.String(
        validate=validate.Regexp(
            r"^@?[A-Za-z0-9_]{1,30}(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?$",
            error="An account is name or name@server.",
        )
    )
    timeline = fields.String(validate=validate.OneOf(["public", "local"]))
    page_size = fields.Integer(validate=validate.Range(min=1, max=40))

    @validates_schema
    def exactly_one_listing(self, data: Mapping[str, Any], **kwargs: Any) -> None:
        given = [key for key in ("hashtag", "account", "timeline") if data.get(key)]
        if len(given) != 1:
            message = "Give exactly one of hashtag, account or timeline."
            raise ValidationError({key: [message] for key in given or ["hashtag"]})


class RedditConfigSchema(_BaseUrlMixin):
    base_url = _http_url(load_default="https://www.reddit.com")
    subreddit = fields.String(
        required=True,
        validate=validate.Regexp(r"^[A-Za-z0-9_]{2,21}$", error="Not a subreddit name."),
    )
    page_size = fields.Integer(validate=validate.Range(min=1, max=100))


class DiscourseConfigSchema(_BaseUrlMixin):
    category = fields.String(
        validate=validate.Regexp(r"^[\w-]+(/[\w-]+)*$", error="A category slug or id.")
    )


class JsonlConfigSchema(Schema):
    path = fields.String(required=True, validate=validate.Length(min=1, max=4096))
    batch_size = fields.Integer(validate=validate.Range(min=1, max=100_000))
    max_pages = _max_pages()  # accepted for symmetry; files have no pages


@dataclass(frozen=True, slots=True)
class ConnectorSpec:
    connector: Connector
    config_schema: Schema


CONNECTORS: dict[str, ConnectorSpec] = {
    "rss": ConnectorSpec(RssConnector(), RssConfigSchema()),
    "mastodon": ConnectorSpec(MastodonConnector(), MastodonConfigSchema()),
    "reddit": ConnectorSpec(RedditConnector(), RedditConfigSchema()),
    "discourse": ConnectorSpec(DiscourseConnector(), DiscourseConfigSchema()),
    "jsonl": ConnectorSpec(JsonlConnector(), JsonlConfigSchema()),
}


def validate_config(kind: str, config: Mapping[str, Any]) -> dict[str, Any]:
    """The config with defaults applied, or ``ValidationError`` with per-field messages."""
    spec = CONNECTORS.get(kind)
    if spec is None:
        raise ValidationError({"kind": [f"Must be one of: {', '.join(sorted(CONNECTORS))}."]})
    if not isinstance(config, Mapping):
        raise ValidationError({"config": ["Must be an object."]})
    loaded: dict[str, Any] = spec.config_schema.load(dict(config))
    if kind == "mastodon" and loaded.get("hashtag"):
        loaded["hashtag"] = loaded["hashtag"].lstrip("#")
    if kind == "mastodon" and loaded.get("account"):
        loaded["account"] = loaded["account"].lstrip("@")
    return loaded
