"""Case codes a young person can read aloud on the phone: `7KQ2-M9XC`.

Crockford's base32 alphabet leaves out I, L, O and U, so nothing looks alike; when reading a
code back we accept the look-alikes (O for 0, I and L for 1) and any case, spaces or dashes.
The last character is a Luhn mod 32 check, which catches every single wrong character and
most swapped neighbours before we search for a report that does not exist.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PAYLOAD_LENGTH = 7
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


class InvalidCaseCode(ValueError):
    """Not a case code: wrong length, a character outside the alphabet, or a failed check."""


def check_character(payload: str) -> str:
    """Luhn mod N over the alphabet, N = 32."""
    base = len(ALPHABET)
    factor, total = 2, 0
    for char in reversed(payload):
        addend = ALPHABET.index(char) * factor
        factor = 1 if factor == 2 else 2
        total += addend // base + addend % base
    return ALPHABET[(base - total % base) % base]


def format_code(compact: str) -> str:
    return f"{compact[:4]}-{compact[4:]}"


def new_case_code() -> str:
    payload = "".join(secrets.choice(ALPHABET) for _ in range(PAYLOAD_LENGTH))
    return format_code(payload + check_character(payload))


def normalise_case_code(text: str) -> str:
    """The canonical `XXXX-XXXX` form of what someone typed, or InvalidCaseCode."""
    compact = "".join(text.split()).replace("-", "").upper().translate(_LOOKALIKES)
    if len(compact) != PAYLOAD_LENGTH + 1 or any(c not in ALPHABET for c in compact):
        raise InvalidCaseCode(text)
    if check_character(compact[:-1]) != compact[-1]:
        raise InvalidCaseCode(text)
    return format_code(compact)
