from __future__ import annotations

import pytest

from netpolarna.netwalk.classifier.language import detect_language, normalise_language_code
from netpolarna.netwalk.classifier.normalise import URL_TOKEN, USER_TOKEN, normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("n1gg3r", "nigger"),
        ("h@te", "hate"),
        ("sh!t", "shit"),
        ("h0r4", "hora"),
        ("f u c k you", "fuck you"),
        ("you are an i d i o t", "you are an idiot"),
        ("f.u.c.k", "fuck"),
        ("fuuuuuuck", "fuuck"),
        ("id\u200biot", "idiot"),
        ("ＩＤＩＯＴ", "idiot"),
        ("I HATE YOU!!!!!", "i hate you!!"),
        ("  många   mellanslag ", "många mellanslag"),
    ],
)
def test_undoes_obfuscation(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize("raw", ["2nd place", "100kr", "jag bor i en stad", "vi vann 3-1"])
def test_leaves_numbers_and_ordinary_text_alone(raw: str) -> None:
    assert normalise(raw) == raw


def test_urls_and_mentions_become_tokens() -> None:
    assert (
        normalise("@kalle_99 kolla https://example.org/a?b=1") == f"{USER_TOKEN} kolla {URL_TOKEN}"
    )


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Vad gör du ikväll? Vi ska till stan.", "sv"),
        ("Hvad laver du i aften? Vi skal ind til byen.", "da"),
        ("Hva gjør du i kveld? Vi skal til byen.", "nb"),
        ("What are you doing tonight? We're going into town.", "en"),
        ("Das ist wirklich ein sehr schöner Tag heute.", "other"),
        ("", "other"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_language_codes_are_mapped() -> None:
    assert normalise_language_code("no") == "nb"
    assert normalise_language_code("sv-SE") == "sv"
    assert normalise_language_code(None) is None
