"""The commands `create_app` attaches to its CLI group: one or more per domain."""

from __future__ import annotations

import click


def attach_domain_commands(group: click.Group) -> None:
    """Each domain's commands, on the `netpolarna` group of one app."""
    from netpolarna.accounts.cli import users_cli
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
