"""Schemathesis over every operation of the served OpenAPI document, with youth and staff tokens.

Each operation gets generated requests, valid and invalid by the schema, sent to the WSGI app
as a youth, a net-walker, an admin or a school. A request fails the run when the answer is a
5xx, a status the document does not list for the operation, or a body or content type that
breaks the document. Every operation is picked up from the document itself, so new endpoints
are fuzzed as soon as they are documented. Bounded by FUZZ_EXAMPLES per operation and mode.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import (  # type: ignore[attr-defined]
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation.modes import GenerationMode
from sqlalchemy import update

from netpolarna.accounts import service as accounts
from netpolarna.accounts import tokens
from netpolarna.accounts.models import User
from netpolarna.db import db

FUZZ_EXAMPLES = int(os.environ.get("NETPOLARNA_FUZZ_EXAMPLES", "12"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ROLES = ("youth", "netwalker", "admin", "school")


@dataclass
class Figures:
    requests: int = 0
    operations: int = 0
    failures: list[str] = field(default_factory=list)


class Callers:
    """Fresh tokens for each request: the fuzzer may log out, erase or deactivate a caller."""

    def __init__(self) -> None:
        self.users: dict[str, int] = {}

    def headers(self, role: str) -> dict[str, str]:
        user = db.session.get(User, self.users.get(role, 0))
        if user is None:
            user = self._create(role)
        if not user.is_active:
            db.session.execute(update(User).where(User.id == user.id).values(is_active=True))
        pair = tokens.issue_pair(user)
        db.session.commit()
        return {"Authorization": f"Bearer {pair.access_token}"}

    def _create(self, role: str) -> User:
        if role == "youth":
            user = accounts.register_device(locale="sv", platform=None).user
        else:
            user = accounts.create_user(
                email=f"fuzz-{role}-{len(self.users)}@example.org",
                role=role,
                password="fuzzing password 123",
            )
        self.users[role] = user.id
        return user


def _seed(client: Any, callers: Callers) -> None:
    """A few rows with small ids, so generated path ids sometimes hit something real."""
    youth, staff = callers.headers("youth"), callers.headers("netwalker")
    report = {
        "category": "bullying",
        "platform": "snapchat",
        "description": "fuzz seed",
        "affected": "me",
    }
    made = client.post("/api/v1/reports", json=report, headers=youth)
    assert made.status_code == 201, made.get_data(as_text=True)
    report_id = made.get_json()["id"]
    client.post(f"/api/v1/reports/{report_id}/messages", json={"body": "hej"}, headers=youth)
    client.post(f"/api/v1/reports/{report_id}/notes", json={"body": "seen"}, headers=staff)


# Besides what the schema suggests, some requests carry what attackers send: NUL characters,
# lone surrogates (in JSON bodies: query strings and forms cannot carry them) and integers
# past 32 bits.
HOSTILE = ("", "", "nul", "surrogate", "bigint")


def _hostile_value(value: Any, kind: str, in_body: bool) -> Any:
    if isinstance(value, str) and kind == "nul":
        return value + "\x00"
    if isinstance(value, str) and kind == "surrogate" and in_body:
        return value + "\udc00"
    if isinstance(value, int) and not isinstance(value, bool) and kind == "bigint":
        return 2**31 + value
    return value


def _make_hostile(case: Any, kind: str) -> None:
    if not kind:
        return
    json_body = "json" in str(getattr(case, "media_type", "") or "")
    for attribute, in_body in (("query", False), ("path_parameters", False), ("body", json_body)):
        values = getattr(case, attribute, None)
        if isinstance(values, dict):
            if attribute == "path_parameters" and kind != "bigint":
                continue  # path text with NUL does not even match a route
            for key, value in values.items():
                values[key] = _hostile_value(value, kind, in_body)


def _fuzz_operation(
    app: Flask, operation: Any, callers: Callers, figures: Figures, mode: GenerationMode
) -> None:
    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(generation_mode=mode),
        role=st.sampled_from(ROLES),
        hostile=st.sampled_from(HOSTILE),
    )
    def run(case: Any, role: str, hostile: str) -> None:
        _make_hostile(case, hostile)
        response = case.call(headers=callers.headers(role))
        figures.requests += 1
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:  # nothing about the operation can be made invalid (no parameters)
        pass
    except (Exception, BaseExceptionGroup) as exc:  # one failure per operation and mode
        figures.failures.append(f"{operation.label} [{mode}]: {exc}"[:1500])


@pytest.mark.slow
def test_fuzzer_finds_no_server_error_and_no_contract_break(
    app: Flask, capsys: pytest.CaptureFixture[str], make_actor: Callable[..., Any]
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    callers = Callers()
    _seed(app.test_client(), callers)
    figures = Figures()
    for result in schema.get_all_operations():
        operation = result.ok()
        figures.operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz_operation(app, operation, callers, figures, mode)
            db.session.rollback()
    with capsys.disabled():
        print(
            f"\nfuzzer ({db.engine.dialect.name}): {figures.requests} requests, "
            f"{figures.operations} operations, {len(figures.failures)} failures"
        )
    assert figures.operations > 50
    assert not figures.failures, "\n\n".join(figures.failures)
