"""`netpolarna serve`: gunicorn in front of the app factory, with the scheduler beside it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import click
from flask.cli import ScriptInfo, with_appcontext


def _run_gunicorn(host: str, port: int, workers: int, factory: Callable[[], Any]) -> None:
    from gunicorn.app.base import BaseApplication

    class NetpolarnaServer(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            # gthread, with gunicorn's own refusals (over-long request lines) as problem+json
            self.cfg.set("worker_class", "netpolarna.gunicorn_worker.ProblemThreadWorker")
            self.cfg.set("limit_request_line", 8190)  # gunicorn's maximum
            self.cfg.set("threads", 4)
            self.cfg.set("timeout", 60)
            self.cfg.set("accesslog", None)  # the app logs its own access lines without PII

        def load(self) -> Any:
            return factory()  # each worker its own app, from the factory the CLI was given

    NetpolarnaServer().run()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
@click.option("--scheduler/--no-scheduler", default=True, help="Run the scheduler beside it.")
@with_appcontext
def serve_command(host: str, port: int, workers: int, scheduler: bool) -> None:
    """Serve the API with gunicorn; the scheduler runs as a child process."""
    from flask import current_app

    child: subprocess.Popen[bytes] | None = None
    if scheduler and "scheduler" in current_app.cli.commands:
        child = subprocess.Popen(
            [sys.executable, "-m", "netpolarna.cli", "scheduler"], env=dict(os.environ)
        )
    try:
        factory = click.get_current_context().ensure_object(ScriptInfo).create_app
        if factory is None:
            raise click.UsageError("serve runs under the netpolarna command, with its factory")
        _run_gunicorn(host, port, workers, factory)
    finally:
        if child is not None:
            child.terminate()
            child.wait(timeout=10)
