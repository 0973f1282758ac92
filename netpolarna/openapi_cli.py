"""`netpolarna openapi write [PATH]`: the committed contract, generated from the code."""

from __future__ import annotations

from typing import Any

import click
import yaml
from flask.cli import with_appcontext

from netpolarna.common.api import api


def openapi_document() -> dict[str, Any]:
    return api.spec.to_dict()


def openapi_yaml() -> str:
    return yaml.safe_dump(openapi_document(), sort_keys=True, allow_unicode=True, width=100)


@click.group("openapi")
def openapi_cli() -> None:
    """The OpenAPI document."""


@openapi_cli.command("write")
@click.argument("path", default="openapi.yaml", type=click.Path(dir_okay=False))
@with_appcontext
def write_command(path: str) -> None:
    """Write the OpenAPI document as YAML (default: openapi.yaml)."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(openapi_yaml())
    click.echo(f"wrote {path}")
