"""An access token is verified once per process while it is valid; expiry still applies."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from flask.testing import FlaskClient

ME = "/api/v1/me"


def _count_verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Tokens whose signature PyJWT checked (its public `jwt.decode`), in order."""
    verified: list[str] = []
    original = jwt.decode

    def counting(token: str, *args: Any, **kwargs: Any) -> Any:
        if (kwargs.get("options") or {}).get("verify_signature", True):
            verified.append(token)
        return original(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counting)
    return verified


def test_a_token_is_verified_once_while_valid(
    client: FlaskClient, make_actor: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    verified = _count_verifications(monkeypatch)
    youth, other = make_actor("youth"), make_actor("youth")
    for _ in range(3):
        assert client.get(ME, headers=youth.headers).status_code == 200
    assert client.get(ME, headers=other.headers).status_code == 200
    # (issuing a pair also decodes the refresh token once, for its id)
    assert verified.count(youth.access_token) == 1
    assert verified.count(other.access_token) == 1


def test_a_tampered_token_is_never_taken_for_a_verified_one(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    assert client.get(ME, headers=youth.headers).status_code == 200
    head, payload, signature = youth.access_token.split(".")
    forged = f"{head}.{payload}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    answer = client.get(ME, headers={"Authorization": f"Bearer {forged}"})
    assert answer.status_code == 401


@pytest.mark.parametrize("app_config", [{"ACCESS_TOKEN_MINUTES": 1.5 / 60}])
def test_a_verified_token_still_expires(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    assert client.get(ME, headers=youth.headers).status_code == 200
    time.sleep(2.0)
    answer = client.get(ME, headers=youth.headers)
    assert answer.status_code == 401 and answer.get_json()["code"] == "token_expired"


def test_a_revoked_token_is_refused_though_it_was_verified(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    assert client.get(ME, headers=youth.headers).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=youth.headers).status_code in (200, 204)
    answer = client.get(ME, headers=youth.headers)
    assert answer.status_code == 401 and answer.get_json()["code"] == "token_revoked"
