"""Case codes: unambiguous alphabet, a check character, forgiving reading."""

from __future__ import annotations

import pytest

from netpolarna.reports.codes import (
    ALPHABET,
    InvalidCaseCode,
    check_character,
    new_case_code,
    normalise_case_code,
)


def test_alphabet_leaves_out_look_alikes() -> None:
    assert len(ALPHABET) == 32 and not set("ILOU") & set(ALPHABET)


def test_new_codes_are_valid_and_formatted() -> None:
    codes = {new_case_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 9 and code[4] == "-"
        assert normalise_case_code(code) == code


def test_reading_back_is_forgiving() -> None:
    payload = "0112ABC"
    code = f"0112-ABC{check_character(payload)}"
    assert normalise_case_code(f" o1l2 abc{code[-1].lower()} ") == code


def test_every_single_wrong_character_is_caught() -> None:
    code = new_case_code().replace("-", "")
    for position in range(len(code)):
        for char in ALPHABET:
            if char != code[position]:
                typo = code[:position] + char + code[position + 1 :]
                with pytest.raises(InvalidCaseCode):
                    normalise_case_code(typo)


@pytest.mark.parametrize("text", ["", "ABCD", "ABCD-EFGHJ", "ABCD-EFU1", "ABCD_EF*1"])
def test_malformed_codes_are_rejected(text: str) -> None:
    with pytest.raises(InvalidCaseCode):
        normalise_case_code(text)
