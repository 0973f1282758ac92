"""The `netpolarna` command: a Flask CLI group bound to the app factory, one group per domain.

Domain commands are attached to `app.cli` by `create_app`, so the console script and
`app.test_cli_runner()` see the same commands.
"""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from netpolarna.app import create_app


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False)
def main() -> None:
    """Nätpolarna backend."""


def _attach_domain_commands(group: click.Group) -> None:
    from netpolarna.accounts.cli import users_cli
    from netpolarna.analytics.cli import attach_analytics_commands
    from netpolarna.demo import demo_cli
    from netpolarna.netwalk.cli import scan_command
    from netpolarna.netwalk.model_commands import attach_model_commands
    from netpolarna.openapi_cli import openapi_cli
    from netpolarna.scheduler import scheduler_command
    from netpolarna.serve import serve_command

    for command in (users_cli, demo_cli, openapi_cli, serve_command):
        group.add_command(command)
    for command in (scan_command, scheduler_command):  # net-walker
        group.add_command(command)
    attach_model_commands(group)
    attach_analytics_commands(group)


if __name__ == "__main__":  # `python -m netpolarna.cli`, used by `serve` to start the scheduler
    main()
