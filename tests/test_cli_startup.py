"""`netpolarna --help` lists every command without building the application, and the commands
the console script finds lazily are the ones `create_app` attaches to `app.cli`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from flask import Flask

from netpolarna.commands import DOMAIN_COMMANDS, load_command

HELP_AND_MODULES = """
import json, sys
from netpolarna.cli import main
try:
    main(["--help"])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def test_help_lists_every_command_without_importing_the_application(tmp_path: Path) -> None:
    env = {**os.environ, "NETPOLARNA_INSTANCE_PATH": str(tmp_path), "NETPOLARNA_ENV": "testing"}
    done = subprocess.run(
        [sys.executable, "-c", HELP_AND_MODULES],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    )  # fmt: skip
    *help_lines, modules_line = done.stdout.strip().splitlines()
    listed = {line.split()[0] for line in help_lines if line.startswith("  ") and line.strip()}
    assert set(DOMAIN_COMMANDS) | {"db", "routes", "shell"} <= listed
    modules = set(json.loads(modules_line))
    ours = {name for name in modules if name.startswith("netpolarna.")}
    # config reads its variables through the one settings mechanism (common/settings.py).
    light = {"netpolarna.common", "netpolarna.common.settings"}
    assert (
        ours
        <= {"netpolarna.app", "netpolarna.cli", "netpolarna.commands", "netpolarna.config"} | light
    )
    assert not modules & {"sqlalchemy", "sklearn", "numpy", "marshmallow", "apscheduler"}
    assert not (tmp_path / "netpolarna.sqlite3").exists()


def test_the_lazy_commands_are_the_apps_commands(app: Flask) -> None:
    for name in DOMAIN_COMMANDS:
        assert app.cli.commands[name] is load_command(name), name
