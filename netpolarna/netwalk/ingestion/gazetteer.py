"""The municipality's places and schools, found in message text for local relevance.

Configure with `GAZETTEER` (a list of lines) or a file named by `NETPOLARNA_GAZETTEER` (config
`GAZETTEER_FILE`); the default is the demo list for a Karlskoga-like town. A line reads
`kind: Name | alias | alias` (kind `place` or `school`, optional); `#` starts a comment.
Matching ignores case and diacritics and accepts a Swedish genitive -s ("Karlskogas").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app

DEMO_GAZETTEER = Path(__file__).with_name("gazetteer_demo.txt")
EXTENSION_KEY = "netwalk_gazetteer"
KINDS = ("place", "school")


class _CombiningMarks(dict[int, int | None]):
    """A `str.translate` table that drops combining marks, filled in as characters appear."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_DROP_COMBINING = _CombiningMarks()


def fold(text: str) -> str:
    """Lower case without diacritics: "Möckeln" -> "mockeln"."""
    if text.isascii():  # English messages; skip the Unicode decomposition
        return text.lower()
    # translate() looks each character up in C; the table learns each character once.
    return unicodedata.normalize("NFKD", text.casefold()).translate(_DROP_COMBINING)


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


def parse_lines(lines: Iterable[str]) -> list[Place]:
    places = []
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        kind = "place"
        head, sep, rest = line.partition(":")
        if sep and head.strip().lower() in KINDS:
            kind, line = head.strip().lower(), rest
        names = [n.strip() for n in line.split("|") if n.strip()]
        if names:
            places.append(Place(names[0], kind, tuple(names[1:])))
    return places


def _alternation(names: Iterable[str]) -> str:
    """A regular expression for any of `names`, shaped as a trie of their characters.

    At each position the engine follows one branch per character instead of trying every name
    in turn (about twice as fast with the demo list). Optional tails are greedy, so the longest
    name wins ("Karlskoga centrum" over "Karlskoga"), backing off when what follows fails.
    """
    trie: dict[str, Any] = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}  # a name ends here

    def branch(node: dict[str, Any]) -> str:
        choices = [re.escape(char) + branch(node[char]) for char in sorted(node) if char]
        if not choices:
            return ""
        body = choices[0] if len(choices) == 1 else "(?:" + "|".join(choices) + ")"
        if "" in node:  # a name may end before this
            return f"(?:{body})?"
        return body

    return branch(trie)


class Gazetteer:
    def __init__(self, places: Iterable[Place]) -> None:
        self.places = list(places)
        self._canonical: dict[str, Place] = {}
        for place in self.places:
            for name in (place.name, *place.aliases):
                self._canonical.setdefault(fold(name), place)
        self._pattern = (
            re.compile(r"(?<!\w)(" + _alternation(self._canonical) + r")s?(?!\w)")
            if self._canonical
            else None
        )

    def find(self, text: str | None) -> tuple[str, ...]:
        """Canonical names of the places mentioned, each once, in order of appearance."""
        if not text or self._pattern is None:
            return ()
        found = dict.fromkeys(
            self._canonical[m.group(1)].name for m in self._pattern.finditer(fold(text))
        )
        return tuple(found)

    def kind_of(self, name: str) -> str:
        place = self._canonical.get(fold(name))
        return place.kind if place else "place"

    @staticmethod
    def settings(config: Mapping[str, Any]) -> dict[str, Any]:
        """The settings `from_config` reads: enough to build the same gazetteer elsewhere."""
        return {name: config.get(name) for name in ("GAZETTEER", "GAZETTEER_FILE")}

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Gazetteer:
        entries = config.get("GAZETTEER")
        if entries:
            return cls(parse_lines(entries))
        path = Path(config.get("GAZETTEER_FILE") or DEMO_GAZETTEER)
        return cls(parse_lines(path.read_text(encoding="utf-8").splitlines()))


def app_gazetteer() -> Gazetteer:
    """The app's gazetteer, read from its config once."""
    cached: Gazetteer | None = current_app.extensions.get(EXTENSION_KEY)
    if cached is None:
        cached = current_app.extensions[EXTENSION_KEY] = Gazetteer.from_config(current_app.config)
    return cached
