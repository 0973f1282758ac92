"""The `netpolarna` command: a Flask CLI group bound to the app factory, one group per domain.

Domain commands are named here with where they live and imported only when one of them runs,
so `netpolarna --help` and `netpolarna users --help` start in a fraction of a second instead of
building the whole application (its models, the classifier's libraries). `create_app` attaches
the same commands to `app.cli`, so `app.test_cli_runner()` sees them too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

import click
from flask.cli import FlaskGroup

from netpolarna.app import create_app

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
    from netpolarna.netwalk.model_commands import attach_model_commands

    group = click.Group()
    attach_model_commands(group)
    return group.commands


def _model_group() -> click.Command:
    return _model_commands()["model"]


def _classify_command() -> click.Command:
    return _model_commands()["classify"]


DOMAIN_COMMANDS["model"] = (_model_group, "Train, evaluate and inspect the message classifier.")
DOMAIN_COMMANDS["classify"] = (_classify_command, "Classify JSON lines read on stdin.")


class LazyFlaskGroup(FlaskGroup):
    """A FlaskGroup that lists and finds the domain commands without loading the app."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return sorted({*click.Group.list_commands(self, ctx), *DOMAIN_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in DOMAIN_COMMANDS:
            return load_command(name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows: list[tuple[str, str]] = []
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        for name in self.list_commands(ctx):
            if name in DOMAIN_COMMANDS:
                rows.append((name, DOMAIN_COMMANDS[name][1]))
                continue
            command = click.Group.get_command(self, ctx, name)  # built-in or plugin
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyFlaskGroup, create_app=create_app, add_version_option=False)
def main() -> None:
    """Nätpolarna backend."""


def _attach_domain_commands(group: click.Group) -> None:
    for name in DOMAIN_COMMANDS:
        group.add_command(load_command(name), name)


if __name__ == "__main__":  # `python -m netpolarna.cli`, used by `serve` to start the scheduler
    main()
