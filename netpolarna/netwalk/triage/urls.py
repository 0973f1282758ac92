"""Link keys: two links that point at the same post share a key, however they were written.

Scanned links have authors' handles replaced by pseudonym tokens (`/@anon-1a2b…/123`), while a
youth pastes the original (`/@name/123`); so each link also gets a key without `@user` segments.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

_TRACKING = ("utm_", "fbclid", "gclid", "igshid", "si", "ref", "ref_src", "share_id", "context")
_HOST_PREFIXES = ("www.", "m.", "mobile.", "old.", "new.")


def _host(netloc: str) -> str:
    host = netloc.rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def link_keys(url: str | None) -> set[str]:
    """Comparable keys of a link; empty for anything that is not an http(s) link."""
    if not url:
        return set()
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return set()
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return set()
    host = _host(parts.netloc)
    segments = [s for s in parts.path.split("/") if s]
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    )
    suffix = f"?{urlencode(query)}" if query else ""
    keys = {f"{host}/{'/'.join(segments)}{suffix}"}
    without_users = [s for s in segments if not s.startswith("@")]
    if without_users and len(without_users) != len(segments):
        keys.add(f"{host}/~/{'/'.join(without_users)}{suffix}")
    return keys
