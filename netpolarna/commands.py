"""The domain commands of `netpolarna`, named with where they live and imported only when used.

`netpolarna --help` and `netpolarna users --help` list these without building the application
(its models, the classifier's libraries); `create_app` attaches the same commands to `app.cli`,
so `app.test_cli_runner()` sees them too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

import click

# name -> ("module:attribute" of the click command, or a function returning it; short help)
DOMAIN_COMMANDS: dict[str, tuple[str | Callable[[], click.Command], str]] = {
    "db": ("flask_migrate.cli:db", "Perform database migrations (Flask-Migrate)."),
    "users": ("netpolarna.accounts.cli:users_cli", "Manage staff, school and admin accounts."),
    "demo": ("netpolarna.demo:demo_cli", "Demo data."),
    "openapi": ("netpolarna.openapi_cli:openapi_cli", "The OpenAPI document."),
    "serve": ("netpolarna.serve:serve_command", "Serve the API with gunicorn."),
    "scan": ("netpolarna.netwalk.cli:scan_command", "Scan one source now and print a summary."),
    "scheduler": ("netpolarna.scheduler:scheduler_command", "Run the scheduler."),
}


def load_command(name: str) -> click.Command:
    target, _help = DOMAIN_COMMANDS[name]
    if callable(target):
        return target()
    module_name, attribute = target.split(":")
    command: click.Command = getattr(importlib.import_module(module_name), attribute)
    return command


def _model_commands() -> Mapping[str, click.Command]:
    attach = load_attribute("netpolarna.netwalk.model_commands:attach_model_commands")
    group = click.Group()
    attach(group)
    return group.commands


def load_attribute(target: str) -> Callable[..., None]:
    module_name, attribute = target.split(":")
    function: Callable[..., None] = getattr(importlib.import_module(module_name), attribute)
    return function


DOMAIN_COMMANDS["model"] = (
    lambda: _model_commands()["model"],
    "Train, evaluate and inspect the message classifier.",
)
DOMAIN_COMMANDS["classify"] = (
    lambda: _model_commands()["classify"],
    "Classify JSON lines read on stdin.",
)


def attach_domain_commands(group: click.Group) -> None:
    """Each domain's commands, on the `netpolarna` group of one app."""
    for name in DOMAIN_COMMANDS:
        group.add_command(load_command(name), name)
