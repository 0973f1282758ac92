"""Pile-on word cues of one message (agreement, mobilisation, exposure of a person, spreading).

Each cue is a vocabulary in the four languages. Its meaning is the regex `Cue.pattern`: one of
its terms as a whole word or phrase (not inside a longer word, not as the name part of an
"@handle"), case-insensitive; or one of its symbols anywhere (emoji); or, for exposure, any
"@handle". Searching those regexes costs ~16 us each per message (an IGNORECASE alternation
behind a lookbehind, tried at every position), so `message_cues` finds the same cues with one
tokenising pass and set lookups: phrases are confirmed with `str.find`, and a cue's regex runs
only for its few regex terms ("8b", "class 9", "+1") when their hint is present, or for a text
holding one of the three letters (İ ı ſ) whose case-insensitive match is not their lower case.
A test checks that finder and regexes agree on generated and corpus text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

_WORD = re.compile(r"\w+")
# "@" directly before a run of word characters makes it a handle, never a word.
_TOKEN = re.compile(r"@?\w+")
_FOLDS = ("\u0130", "\u0131", "\u017f")  # İ ı ſ: IGNORECASE matches them to i, i, s
_B = r"(?<![\w@])"
_E = r"(?!\w)"


@dataclass(frozen=True)
class Cue:
    name: str
    words: tuple[str, ...]
    # (stem, letter): the stem and then the letter once or more: "hah" + "a" -> "haha", "hahaa"
    stretched: tuple[tuple[str, str], ...] = ()
    # literal terms of several words ("all of you", "let's"), lower case, single-spaced
    phrases: tuple[str, ...] = ()
    # regex terms, searched only when `hint` (a regex on the lower-cased text) finds something
    patterns: tuple[str, ...] = ()
    hint: str = ""
    symbols: str = ""  # single characters that count anywhere (emoji)
    handles: bool = False  # any "@name"

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The cue's definition as one regex."""
        terms = [re.escape(w) for w in self.words]
        terms += [re.escape(stem + letter) + "+" for stem, letter in self.stretched]
        terms += [re.escape(p) for p in self.phrases]
        terms += list(self.patterns)
        alternatives = [_B + "(?:" + "|".join(terms) + ")" + _E]
        if self.symbols:
            alternatives.append("[" + re.escape(self.symbols) + "]")
        if self.handles:
            alternatives.append(r"@\w+")
        return re.compile("|".join(alternatives), re.IGNORECASE)


CUES: tuple[Cue, ...] = (
    Cue(
        "agree",
        words=(
            "hah", "lmao", "lmfao", "true", "exactly", "same", "this", "facts", "fr", "frfr",
            "real", "ikr", "x2", "precis", "exakt", "samma", "sant", "enig", "præcis", "nemlig",
            "akkurat", "jepp", "japp", "mhm", "hehe",
        ),
        stretched=(("hah", "a"), ("lo", "l"), ("j", "a"), ("ye", "s")),
        patterns=(r"\+1",),
        hint=r"\+1",
        symbols="😂🤣💯👆☝😭💀",
    ),
    Cue(
        "mobilise",
        words=(
            "everyone", "every1", "join", "lets", "gc", "groupchat", "spam", "alla", "samlas",
            "gruppen", "spamma", "spamme", "allesammen", "gruppe", "mødes", "møtes",
        ),
        phrases=(
            "all of you", "let's", "come on", "group chat", "kom igen", "häng på", "hang på",
            "vi ses", "gör en grupp", "skapa en grupp", "alle sammen", "kom så", "lad os",
            "hop med", "hop på", "kom igjen", "bli med", "la oss", "vi tar", "vi tager",
            "tag him", "get him", "get her", "after school", "efter skolan", "efter skole",
            "etter skolen",
        ),
    ),
    Cue(
        "expose",
        words=(
            "school", "skola", "skolan", "skole", "skolen", "address", "adress", "adressen",
            "adresse", "insta", "instagram", "snap", "snapchat", "tiktok", "number", "nummer",
            "numret", "nummeret", "tlf", "phone",
        ),
        phrases=("lives on", "lives at", "lives in", "bor på", "bor i", "bor ved"),
        # a class ("8b", "9 c", "class 7")
        patterns=(r"\d{1,2} ?[a-fA-F]", r"class \d+", r"klass \d+", r"klasse \d+"),
        hint=r"\d ?[a-f](?!\w)|class \d|klasse? \d",
        handles=True,
    ),
    Cue(
        "spread",
        words=(
            "share", "shared", "repost", "reposting", "spread", "screenshot", "screenshotted",
            "ss", "dela", "delar", "delat", "sprid", "sprida", "sprider", "skärmdump", "screena",
            "deler", "spre", "sprer", "skjermbilde", "forward", "vidare", "videre", "viral",
        ),
        phrases=(
            "post it", "lägg upp", "lägger upp", "del det", "legg ut", "legger ut", "læg op",
            "lægger op", "alle skal se", "alla ska se", "everyone should see",
        ),
    ),
)  # fmt: skip
CUE_NAMES: tuple[str, ...] = tuple(cue.name for cue in CUES)


def _whole(lowered: str, phrase: str) -> bool:
    """`phrase` occurs in `lowered` where `_B + phrase + _E` would find it."""
    start = lowered.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        before = lowered[start - 1] if start else " "
        after = lowered[end] if end < len(lowered) else " "
        if not (before.isalnum() or before in "_@") and not (after.isalnum() or after == "_"):
            return True
        start = lowered.find(phrase, start + 1)
    return False


class _Finder:
    """Every cue's vocabulary merged into lookup tables, so a message costs one tokenising
    pass, one set intersection per kind of term, and work only for what occurs."""

    def __init__(self, cues: tuple[Cue, ...]) -> None:
        self.cues = cues
        self.word_cue: dict[str, int] = {}
        # first word of a phrase -> (cue, phrase, all its words)
        self.phrase_heads: dict[str, list[tuple[int, str, frozenset[str]]]] = {}
        self.stretch: dict[str, dict[str, int]] = {}  # last letter -> stem -> cue
        self.hints: list[tuple[int, re.Pattern[str]]] = []
        self.symbols: list[tuple[int, re.Pattern[str]]] = []
        self.handles = [i for i, cue in enumerate(cues) if cue.handles]
        for i, cue in enumerate(cues):
            for word in cue.words:
                self.word_cue.setdefault(word, i)
            for phrase in cue.phrases:
                words = _WORD.findall(phrase)
                self.phrase_heads.setdefault(words[0], []).append((i, phrase, frozenset(words)))
            for stem, letter in cue.stretched:
                self.stretch.setdefault(letter, {})[stem] = i
            if cue.patterns:
                self.hints.append((i, re.compile(cue.hint)))
            if cue.symbols:
                self.symbols.append((i, re.compile("[" + re.escape(cue.symbols) + "]")))
        self.words = frozenset(self.word_cue)
        self.heads = frozenset(self.phrase_heads)

    def __call__(self, text: str) -> tuple[str, ...]:
        cues = self.cues
        if not text.isascii() and any(f in text for f in _FOLDS):
            return tuple(cue.name for cue in cues if cue.pattern.search(text))
        lowered = text.lower()
        found: set[int] = set()
        if "@" in lowered:
            tokens = _TOKEN.findall(lowered)
            if any(t[0] == "@" for t in tokens):
                found.update(self.handles)
        else:
            tokens = _WORD.findall(lowered)
        words = frozenset(tokens)
        word_cue = self.word_cue
        found.update(word_cue[w] for w in self.words.intersection(words))
        stretch = self.stretch
        for word in words:
            stems = stretch.get(word[-1])
            if stems is not None:
                cue = stems.get(word.rstrip(word[-1]))
                if cue is not None:
                    found.add(cue)
        if not self.heads.isdisjoint(words):
            for head in self.heads.intersection(words):
                for cue, phrase, phrase_words in self.phrase_heads[head]:
                    if cue not in found and phrase_words <= words and _whole(lowered, phrase):
                        found.add(cue)
        for cue, hint in self.hints:
            if cue not in found and hint.search(lowered) and cues[cue].pattern.search(text):
                found.add(cue)
        if not text.isascii():
            for cue, symbols in self.symbols:
                if cue not in found and symbols.search(text):
                    found.add(cue)
        return tuple(cue.name for i, cue in enumerate(cues) if i in found)


_find = _Finder(CUES)


def message_cues(text: str) -> tuple[str, ...]:
    """The names of the cues found in one message, in `CUE_NAMES` order."""
    return _find(text)
