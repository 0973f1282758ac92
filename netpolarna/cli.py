"""The `netpolarna` command: a Flask CLI group bound to the app factory, one group per domain.

Domain commands are attached to `app.cli` by `create_app` (`commands.py`), so the console script
and `app.test_cli_runner()` see the same commands.
"""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from netpolarna.app import create_app


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False)
def main() -> None:
    """Nätpolarna backend."""


if __name__ == "__main__":  # `python -m netpolarna.cli`, used by `serve` to start the scheduler
    main()
