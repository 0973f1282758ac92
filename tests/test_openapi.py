"""The committed openapi.yaml is what the code generates, valid, with security and errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from openapi_spec_validator import validate

from netpolarna.openapi_cli import openapi_yaml

COMMITTED = Path(__file__).resolve().parent.parent / "openapi.yaml"


def test_committed_openapi_is_current(app: Flask) -> None:
    assert COMMITTED.exists(), "run: netpolarna openapi write"
    assert COMMITTED.read_text(encoding="utf-8") == openapi_yaml(), (
        "openapi.yaml is stale: run `netpolarna openapi write` and commit it"
    )


def test_document_is_served_and_valid(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    validate(document)
    assert document["openapi"].startswith("3.")


def test_every_operation_documents_security_and_errors(client: FlaskClient) -> None:
    document: dict[str, Any] = client.get("/api/v1/openapi.json").get_json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            where = f"{method.upper()} {path}"
            assert "security" in operation, f"{where} does not say who may call it"
            responses = operation["responses"]
            assert any(code.startswith("2") or code == "304" for code in responses), where
            assert "default" in responses, f"{where} documents no error response"
            if operation["security"]:
                assert {"401", "403"} <= set(responses), f"{where} lacks 401/403"
            problem = document["components"]["responses"]["DEFAULT_ERROR"]["content"]
            assert "application/problem+json" in problem


def test_openapi_write_command(runner: FlaskCliRunner, tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    result = runner.invoke(args=["openapi", "write", str(target)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["info"]["title"] == "Nätpolarna API"
