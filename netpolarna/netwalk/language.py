"""Language detection restricted to the programme's languages (sv, da, nb, en) or "other".

Ingestion and the classifier share this so a message gets the same language everywhere.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

SUPPORTED_LANGUAGES: tuple[str, ...] = ("sv", "da", "nb", "en")
OTHER = "other"

# py3langid knows Norwegian as "no" (Bokmål-dominated) and "nn" (Nynorsk); we report both as nb.
_ALIASES = {"no": "nb", "nn": "nb", "nob": "nb", "nno": "nb", "swe": "sv", "dan": "da", "eng": "en"}
# Below this share of probability on our four languages a short text is "other" (e.g. "lol", "ok").
_MIN_SUPPORTED_MASS = 0.3

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _identifier() -> Any:
    # Imported lazily: loading the model costs ~0.5 s and not every process needs it.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def normalise_language_code(code: str | None) -> str | None:
    """Map a given code ("no", "sv-SE", "EN") onto ours; None stays None, unknown codes pass."""
    if code is None:
        return None
    base = code.strip().lower().replace("_", "-").split("-")[0]
    if not base:
        return None
    return _ALIASES.get(base, base)


def detect_language(text: str) -> str:
    """Return "sv", "da", "nb", "en" or "other" for a piece of text."""
    if not text or not text.strip():
        return OTHER
    with _lock:  # the identifier keeps no state per call, but loading must happen once
        identifier = _identifier()
    merged: dict[str, float] = {}
    for lang, prob in identifier.rank(text):
        key = _ALIASES.get(lang, lang)
        merged[key] = merged.get(key, 0.0) + prob
    best = max(merged, key=lambda k: merged[k])
    if best in SUPPORTED_LANGUAGES:
        return best
    ours = {lang: merged.get(lang, 0.0) for lang in SUPPORTED_LANGUAGES}
    if sum(ours.values()) >= _MIN_SUPPORTED_MASS:
        return max(ours, key=lambda k: ours[k])
    return OTHER
