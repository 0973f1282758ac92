"""Pile-on cues found by tokens and set lookups mean exactly what their regexes say."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from netpolarna.netwalk.classifier.corpus import DATA_DIR
from netpolarna.netwalk.detection.thread_corpus import THREADS_DIR
from netpolarna.netwalk.detection.thread_cues import CUE_NAMES, CUES, message_cues


def _by_regex(text: str) -> tuple[str, ...]:
    return tuple(cue.name for cue in CUES if cue.pattern.search(text))


# Pieces that sit on every edge of the finder: handles, digits next to letters, "+1", the
# apostrophe in "let's", stretched words, phrases split by two spaces, emoji, letters whose
# case-insensitive match is not their lower case (İ ı ſ), and Nordic letters.
_PIECES = [
    "haha", "hahaa", "hahaha", "hah", "lol", "loool", "lo", "ja", "jaa", "jag", "yes", "yesss",
    "ye", "true", "so", "TRUE", "Same", "fr", "+1", "+10", "x2", "8b", "8 b", "12a", "123a", "8",
    "class 9", "klass", "klasse 7", "let's", "lets", "let", "group chat", "groupchat", "group",
    "vi ses", "vi", "ses", "@kalle", "@", "@@same", "a@same", "lives in", "lives", "bor på",
    "post it", "alla ska se", "😂", "💀", "☝", "🔪", "İ", "ı", "ſ", "SAME", "ſame", "ıkr", "æ",
    "å", "ø", "præcis", "PRÆCIS", "skärmdump", "Skärmdump", "9c", "9 F", "_", "'", ".", ",",
    "-", "  ", " ", "\n", "lmao", "snap", "spamma", "kom", "igen", "efter", "skolan",
]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join))
def test_the_finder_agrees_with_the_regexes_on_edge_cases(text: str) -> None:
    assert message_cues(text) == _by_regex(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_the_finder_agrees_with_the_regexes_on_any_text(text: str) -> None:
    assert message_cues(text) == _by_regex(text)


def test_the_finder_agrees_with_the_regexes_on_the_training_corpora() -> None:
    paths = sorted(DATA_DIR.rglob("*.jsonl")) + sorted(THREADS_DIR.rglob("*.jsonl"))
    texts = [
        row["text"]
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and isinstance(row := json.loads(line), dict) and "text" in row
    ]
    assert len(texts) > 10_000
    found = 0
    for text in texts:
        cues = message_cues(text)
        assert cues == _by_regex(text), text
        found += bool(cues)
    assert found > 1000  # the corpora exercise the cues, not only their absence


def test_the_regexes_say_what_the_cues_were_written_to_say() -> None:
    # A few fixed cases, so a change of vocabulary that breaks a cue's meaning is noticed.
    assert message_cues("hahaa 😂") == ("agree",)
    assert message_cues("@kalle går i 8b") == ("expose",)
    assert message_cues("hej @ kalle") == ()
    assert message_cues("mail me@same.se") == ("expose",)  # a handle, not the word "same"
    assert message_cues("let's all spam him and post it") == ("mobilise", "spread")
    assert message_cues("we were a group  chat") == ()  # phrases are single-spaced
    assert set(CUE_NAMES) == {"agree", "mobilise", "expose", "spread"}
    assert all(cue.pattern.flags & re.IGNORECASE for cue in CUES)
