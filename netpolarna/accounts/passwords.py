"""argon2id password hashing with a constant-cost path for unknown accounts."""

from __future__ import annotations

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the e-mail is unknown, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def use_cheap_hashing_for_tests() -> None:
    """Tests hash hundreds of passwords; production never calls this."""
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    _DUMMY_HASH = _hasher.hash("not-a-real-password")


MIN_PASSWORD_LENGTH = 12


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False
