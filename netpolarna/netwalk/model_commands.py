"""`netpolarna model ensure` and `model rescore`: the classifier commands that touch the store.

The classifier package stays free of the database; these commands join it to the message store.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from netpolarna.netwalk.classifier import registry
from netpolarna.netwalk.detection.scoring import rescore_all, rescore_command
from netpolarna.netwalk.model_cli import model_group, register_cli, train_command


@click.command("ensure")
@click.pass_context
@with_appcontext
def ensure_command(ctx: click.Context) -> None:
    """Train and activate a model if none is active, then score what was stored without one."""
    if registry.active_version(current_app.instance_path) is not None:
        click.echo(f"model {registry.active_version(current_app.instance_path)} is active")
        return
    ctx.invoke(train_command, corpus_dirs=(), activate=True, seed=0, progress=False)
    click.echo(f"rescored {rescore_all()} stored messages with the new model")


def attach_model_commands(group: click.Group) -> None:
    """`model` (train, evaluate, list, activate, rollback, ensure, rescore) and `classify`."""
    for command in (ensure_command, rescore_command):
        model_group.add_command(command)
    register_cli(group)
