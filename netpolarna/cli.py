"""The `netpolarna` command: a Flask CLI group bound to the app factory, one group per domain.

The domain commands are named in `commands.py` and imported only when one of them runs, so
`netpolarna --help` starts in a fraction of a second instead of building the whole application.
"""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from netpolarna.app import create_app
from netpolarna.commands import DOMAIN_COMMANDS, load_command


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


if __name__ == "__main__":  # `python -m netpolarna.cli`, used by `serve` to start the scheduler
    main()
