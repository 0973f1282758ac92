"""The role matrix: every endpoint x every role, with the status each must get.

Each domain keeps its rows in `tests/roles/<domain>.py` as `ROWS` (and, if its paths need
real objects, `prepare(ctx) -> dict` giving values for the `{placeholders}` in them). A new
endpoint without a row fails `test_every_endpoint_is_in_the_matrix`.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from flask import Flask

ROLES = ("anonymous", "youth", "netwalker", "school", "admin")
ROLE_DIR = Path(__file__).parent / "roles"


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"role_rows_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MODULES = [_load(p) for p in sorted(ROLE_DIR.glob("*.py"))]
ROWS = [(module, row) for module in MODULES for row in module.ROWS]


def _row_id(item: tuple[ModuleType, dict[str, Any]]) -> str:
    _module, row = item
    return f"{row['method']} {row['path']}"


@pytest.mark.parametrize("item", ROWS, ids=[_row_id(item) for item in ROWS])
def test_role_gets_expected_status(
    item: tuple[ModuleType, dict[str, Any]], app: Flask, make_actor: Callable[..., Any]
) -> None:
    module, row = item
    client = app.test_client()
    outcomes = {}
    for role in ROLES:
        actor = None if role == "anonymous" else make_actor(role)
        ctx = {"app": app, "make_actor": make_actor, "actor": actor, "role": role}
        values = module.prepare(ctx) if hasattr(module, "prepare") else {}
        path = row["path"].format(**values)
        headers = dict(actor.headers) if actor else {}
        headers.update(row.get("headers", {}))
        body = row.get("body")
        if callable(body):
            body = body(ctx, values)
        response = client.open(path, method=row["method"], json=body, headers=headers)
        outcomes[role] = response.status_code
    assert outcomes == row["expect"], f"{row['method']} {row['path']}"


def _api_endpoints(app: Flask) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        path = rule.rule
        if path == "/api/v1/openapi.json" or not (
            path.startswith("/api/") or path in {"/healthz", "/readyz"}
        ):
            continue
        for method in rule.methods or ():
            if method not in {"HEAD", "OPTIONS"}:
                found.add((method, _normalise(path)))
    return found


def _normalise(path: str) -> str:
    """`/users/<int:user_id>` and `/users/{user_id}` both become `/users/{}`."""
    import re

    path = re.sub(r"<(?:[a-z]+:)?[a-z_]+>", "{}", path)
    return re.sub(r"\{[^}]*\}", "{}", path)


def test_every_endpoint_is_in_the_matrix(app: Flask) -> None:
    covered = {(row["method"], _normalise(row["path"])) for _m, row in ROWS}
    missing = _api_endpoints(app) - covered
    assert not missing, f"endpoints without a role-matrix row: {sorted(missing)}"


def test_every_row_covers_all_roles() -> None:
    for _module, row in ROWS:
        assert set(row["expect"]) == set(ROLES), row["path"]
