"""The domain commands of `netpolarna`, named with where they live and imported only when used.

`netpolarna --help` and `netpolarna users --help` list these without building the application
(its models, the classifier's libraries); `create_app` attaches the same commands to `app.cli`,
so `app.test_cli_runner()` sees them too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

import click

# name -> ("module:attribute" of the click command, or a function returning it; short help)
DOMAIN_COMMANDS: dict[str, tuple[str | Callable[[], click.Command], str]] = {
    "db": ("flask_migrate.cli:db", "Perform database migrations (Flask-Migrate)."),
    "users": ("netpolarna.accounts.cli:users_cli", "Manage staff, school and admin accounts."),
    "openapi": ("netpolarna.openapi_cli:openapi_cli", "The OpenAPI document."),
    "serve": ("netpolarna.serve:serve_command", "Serve the API with gunicorn."),
    "scan": ("netpolarna.netwalk.cli:scan_command", "Scan one source now and print a summary."),
    "scheduler": ("netpolarna.scheduler:scheduler_command", "Run the scheduler."),
    "analytics": ("netpolarna.analytics.cli:analytics_cli", "Rebuild or refresh the rollups."),
    "report": ("netpolarna.analytics.cli:report_cli", "The monthly digital-city report."),
    "export": ("netpolarna.analytics.cli:export_cli", "The open-data package."),
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


def load_attribute(target: str) -> Any:
    module_name, attribute = target.split(":")
    return getattr(importlib.import_module(module_name), attribute)


def _demo_group() -> click.Command:
    """`demo load` from the core, `demo year` (a year of data for the report) from analytics."""
    demo = load_attribute("netpolarna.demo:demo_cli")
    year = load_attribute("netpolarna.analytics.demo_year:demo_year_command")
    assert isinstance(demo, click.Group) and isinstance(year, click.Command)
    if "year" not in demo.commands:
        demo.add_command(year, "year")
    return demo


DOMAIN_COMMANDS["demo"] = (_demo_group, "Demo data.")
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
