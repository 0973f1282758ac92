"""Who a rate limit counts against: the signed-in account (one per youth device), else the peer."""

from __future__ import annotations

from flask import request
from flask_jwt_extended import get_jwt_identity, verify_jwt_in_request
from flask_limiter import Limiter

from netpolarna.security import VERIFIED_KEY


def rate_limit_key() -> str:
    if request.environ.get(VERIFIED_KEY):  # the role guard already checked the token
        return f"user:{get_jwt_identity()}"
    try:
        verified = verify_jwt_in_request(optional=True)
        identity = get_jwt_identity() if verified else None
    except Exception:  # an invalid token is rejected by the view itself; count it by address
        identity = None
    if identity is not None:
        request.environ[VERIFIED_KEY] = True
        return f"user:{identity}"
    return f"addr:{request.remote_addr or 'unknown'}"


limiter = Limiter(key_func=rate_limit_key)  # unbound; `create_app` binds it
