"""Keyed pseudonyms for authors, and scrubbing of handles out of text and links.

A pseudonym is HMAC-SHA256(key, platform kind + handle): stable, so the conflict detector can see
that many authors pile on one target, but not reversible without the key, which lives in the
configuration and never in the database. Mentions (`@name`, `u/name`) in text, titles and links
are replaced by the mentioned person's pseudonym token for the same reason.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from urllib.parse import urlsplit, urlunsplit

TOKEN_PREFIX = "@anon-"
TOKEN_LENGTH = 10

# @name or @name@server, not inside an e-mail address or a word.
_MENTION = re.compile(
    r"(?<![\w@.])@([A-Za-z0-9_][A-Za-z0-9_.-]{0,63}(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)"
)
# Reddit's u/name and /u/name.
_REDDIT_USER = re.compile(r"(?<![\w/])/?u/([A-Za-z0-9_-]{3,20})\b")


class Pseudonymiser:
    """Pseudonyms for one platform kind with one key; reuses digests within a batch."""

    def __init__(self, key: str, kind: str) -> None:
        self._key = key.encode()
        self._prefix = kind.encode() + b"\x00"
        self._cache: dict[str, str] = {}

    def author(self, handle: str) -> str:
        """The 64-hex pseudonym of a handle (case-insensitive, `@` and spaces ignored)."""
        normal = handle.strip().lstrip("@").lower()
        cached = self._cache.get(normal)
        if cached is None:
            digest = hmac.new(self._key, self._prefix + normal.encode(), hashlib.sha256)
            cached = digest.hexdigest()
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[normal] = cached
        return cached

    def token(self, handle: str) -> str:
        return TOKEN_PREFIX + self.author(handle)[:TOKEN_LENGTH]

    def scrub_text(self, text: str) -> str:
        """Replace mentions of people by their pseudonym tokens."""
        if "@" in text:
            text = _MENTION.sub(lambda m: self.token(m.group(1)), text)
        if "u/" in text:
            text = _REDDIT_USER.sub(lambda m: self.token(m.group(1)), text)
        return text

    def scrub_url(self, url: str | None, handle: str) -> str | None:
        """Drop the author's handle from a link's path (Mastodon's /@name/123 and the like)."""
        if not url:
            return url
        local = handle.strip().lstrip("@").split("@", 1)[0].lower()
        parts = urlsplit(url)
        if not local or local not in parts.path.lower():
            return url
        segments = [
            (
                ("@" if segment.startswith("@") else "") + self.token(local).lstrip("@")
                if segment.lstrip("@").split("@", 1)[0].lower() == local
                else segment
            )
            for segment in parts.path.split("/")
        ]
        return urlunsplit(parts._replace(path="/".join(segments)))
