"""Locale negotiation and the catalogue of user-facing texts (sv, da, nb, en)."""

from __future__ import annotations

from flask import has_request_context, request

SUPPORTED_LOCALES = ("sv", "da", "nb", "en")
DEFAULT_LOCALE = "en"
# Norwegian clients send no, nn or nb; we write Bokmål.
_ALIASES = {"no": "nb", "nn": "nb", "nb": "nb", "sv": "sv", "da": "da", "en": "en"}

_catalogue: dict[str, dict[str, str]] = {}


def register_texts(texts: dict[str, dict[str, str]]) -> None:
    """Add texts: {key: {locale: text}}. Each domain registers its own at import."""
    _catalogue.update(texts)


def normalise_locale(value: str | None) -> str | None:
    if not value:
        return None
    primary = value.replace("_", "-").split("-")[0].lower()
    return _ALIASES.get(primary)


def request_locale(default: str = DEFAULT_LOCALE) -> str:
    """The best supported locale for the current request's Accept-Language."""
    if not has_request_context():
        return default
    for lang, _quality in request.accept_languages:
        found = normalise_locale(lang)
        if found:
            return found
    return default


def translate(key: str, locale: str | None = None, **params: object) -> str:
    """The text for `key` in `locale`, falling back to English, then to the key itself."""
    locale = locale or request_locale()
    variants = _catalogue.get(key, {})
    text = variants.get(locale) or variants.get(DEFAULT_LOCALE) or key
    return text.format(**params) if params else text
