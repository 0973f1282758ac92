"""`netpolarna users ...`: account administration from the shell."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from marshmallow import ValidationError

from netpolarna.accounts import service
from netpolarna.accounts.schemas import UserCreateSchema
from netpolarna.errors import DomainError


@click.group("users")
def users_cli() -> None:
    """Manage staff, school and admin accounts."""


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["netwalker", "school", "admin"]))
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--name", "display_name", default=None, help="Display name.")
@click.option("--organisation", default=None, help="School or unit.")
@with_appcontext
def create_user_command(
    email: str,
    role: str,
    password_stdin: bool,
    display_name: str | None,
    organisation: str | None,
) -> None:
    """Create an account. The password comes on stdin so it never lands in shell history."""
    if not password_stdin:
        raise click.UsageError("pass --password-stdin and send the password on standard input")
    password = sys.stdin.readline().rstrip("\r\n")
    payload = {"email": email, "role": role, "password": password}
    if display_name:
        payload["display_name"] = display_name
    if organisation:
        payload["organisation"] = organisation
    try:
        data = UserCreateSchema().load(payload)
        user = service.create_user(**data)
    except ValidationError as exc:
        raise click.ClickException(_first_messages(exc.messages)) from exc
    except DomainError as exc:
        raise click.ClickException(exc.detail or exc.code) from exc
    click.echo(f"created {user.role} account {user.id} for {user.email}")


def _first_messages(messages: object) -> str:
    if isinstance(messages, dict):
        return "; ".join(f"{field}: {' '.join(map(str, msgs))}" for field, msgs in messages.items())
    return str(messages)
