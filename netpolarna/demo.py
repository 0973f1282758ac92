"""`netpolarna demo load`: idempotent demo data so a new user sees a working service at once.

Each domain registers a loader; loaders check what exists before adding, so running the
command twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from netpolarna.accounts import service as accounts
from netpolarna.accounts.models import User
from netpolarna.db import db

DemoLoader = Callable[[], list[str]]
_loaders: list[tuple[str, DemoLoader]] = []

DEMO_PASSWORD = "natpolarna-demo"
DEMO_ACCOUNTS = [
    ("admin@demo.natpolarna.se", "admin", "Programledare Demo", None),
    ("anna@demo.natpolarna.se", "netwalker", "Anna (nätvandrare)", None),
    ("bilal@demo.natpolarna.se", "netwalker", "Bilal (nätvandrare)", None),
    ("carla@demo.natpolarna.se", "netwalker", "Carla (nätvandrare)", None),
    ("skola@demo.natpolarna.se", "school", "Rektor Demo", "Demoskolan 7-9"),
]


def demo_loader(name: str) -> Callable[[DemoLoader], DemoLoader]:
    """Register a domain's demo loader; it returns lines to print."""

    def decorator(func: DemoLoader) -> DemoLoader:
        if all(existing != name for existing, _ in _loaders):
            _loaders.append((name, func))
        return func

    return decorator


@demo_loader("accounts")
def load_demo_accounts() -> list[str]:
    lines = []
    for email, role, name, organisation in DEMO_ACCOUNTS:
        if db.session.scalar(select(User.id).where(User.email == email)) is None:
            accounts.create_user(
                email=email,
                role=role,
                password=DEMO_PASSWORD,
                display_name=name,
                organisation=organisation,
            )
        lines.append(f"  {role:<9} {email}  password: {DEMO_PASSWORD}")
    return ["Demo logins:", *lines]


@click.group("demo")
def demo_cli() -> None:
    """Demo data."""


@demo_cli.command("load")
@with_appcontext
def load_command() -> None:
    """Load demo data (idempotent) and print the demo logins."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("demo data is not loaded in production")
    for name, loader in _loaders:
        for line in loader():
            click.echo(line)
        current_app.logger.debug("demo loader %s done", name)
