"""The batched language detector must give py3langid's answers, one text or many at a time."""

from __future__ import annotations

import random

import pytest

from netpolarna.netwalk.classifier.corpus import load_project_corpus
from netpolarna.netwalk.classifier.language import (
    detect_language,
    detect_languages,
    reference_detect_language,
)

# Short, empty, featureless and tied texts take the re-check path; long ones the Python tail.
EDGE_CASES = [
    "",
    " ",
    "\n\t",
    "a",
    "ok",
    "lol",
    "URL",
    "1234",
    "!!!",
    "😂😂😂",
    "\u200b",
    "@user http://example.org",
    "HEJ PÅ DIG DIN IDIOT",
    "Hei hvordan går det?",
    "ÆØÅ æøå",
    "Ğüşiö",
    "Привет, как дела?",
    "这是一个测试",
    "x\ud800y",
    "Vad gör du ikväll? " * 40,
    "What are you doing tonight? " * 60,
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    corpus = [e.text for e in load_project_corpus()]
    rng = random.Random(7)
    # shuffled so batches mix languages and lengths; some texts glued into long ones
    glued = [" ".join(rng.sample(corpus, 8)) for _ in range(20)]
    mixed = corpus + glued + EDGE_CASES
    rng.shuffle(mixed)
    return mixed


@pytest.fixture(scope="module")
def reference(texts: list[str]) -> list[str]:
    return [reference_detect_language(t) for t in texts]


def test_batched_detection_matches_py3langid(texts: list[str], reference: list[str]) -> None:
    assert len(texts) > 1000
    detected = detect_languages(texts)
    mismatches = [(t, d, r) for t, d, r in zip(texts, detected, reference, strict=True) if d != r]
    assert mismatches == []


@pytest.mark.parametrize("batch_size", [1, 5, 30, 512])
def test_batch_size_does_not_change_answers(
    texts: list[str], reference: list[str], batch_size: int
) -> None:
    detected: list[str] = []
    for i in range(0, len(texts), batch_size):
        detected += detect_languages(texts[i : i + batch_size])
    assert detected == reference


def test_single_and_batched_detection_agree(texts: list[str], reference: list[str]) -> None:
    assert [detect_language(t) for t in texts] == reference


def test_edge_cases_and_empty_batch() -> None:
    assert detect_languages([]) == []
    assert detect_languages(["", "   "]) == ["other", "other"]
    assert detect_languages(EDGE_CASES) == [reference_detect_language(t) for t in EDGE_CASES]
