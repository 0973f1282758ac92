"""A JWT manager that verifies each access token once per process, not on every request.

Flask-JWT-Extended decodes a token twice per request (unverified, then verified), which was
a tenth of a report submission's CPU. A token that passed verification is kept, keyed by its
whole text (signature included, so no other token can match it), until it expires; every
request still checks revocation and the account in the database.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from flask import current_app
from flask_jwt_extended import JWTManager

VERIFIED_TOKENS_KEPT = 4096


class VerifyingOnceJWTManager(JWTManager):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Keyed by the app's signing key too: one process may serve apps with different keys.
        self._verified: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
        self._verified_lock = threading.Lock()

    def _decode_jwt_from_config(
        self, encoded_token: str, csrf_value: Any = None, allow_expired: bool = False
    ) -> dict[str, Any]:
        if allow_expired or csrf_value is not None:
            return dict(super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired))
        key = (str(current_app.config["JWT_SECRET_KEY"]), encoded_token)
        with self._verified_lock:
            known = self._verified.get(key)
            if known is not None:
                self._verified.move_to_end(key)
        # Only expiry changes with time; an expired token goes the full way (and fails there).
        if known is not None and time.time() < known.get("exp", 0):
            return dict(known)
        payload: dict[str, Any] = super()._decode_jwt_from_config(encoded_token)
        with self._verified_lock:
            self._verified[key] = dict(payload)
            while len(self._verified) > VERIFIED_TOKENS_KEPT:
                self._verified.popitem(last=False)
        return payload


jwt = VerifyingOnceJWTManager()  # unbound; `create_app` binds it, accounts adds its callbacks
