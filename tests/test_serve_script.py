"""`scripts/serve` starts `model ensure` in the background and then execs into gunicorn: the
background command must not be the server's child, or it stays a zombie under the master."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SETUP = Path(__file__).resolve().parent.parent / "scripts" / "_setup.sh"

# Runs in the process the shell execs into, as gunicorn does: does it have any child?
CHILDREN = (
    "import os\n"
    "try:\n"
    "    print('child', os.waitpid(-1, os.WNOHANG))\n"
    "except ChildProcessError:\n"
    "    print('no children')\n"
)


def test_a_detached_background_command_is_not_a_child_of_the_server(tmp_path: Path) -> None:
    script = (
        f'source "{SETUP}"\n'
        f'run_detached "{tmp_path / "ensure.log"}" true\n'
        f'exec "{sys.executable}" -c "$CHILDREN"\n'
    )
    done = subprocess.run(
        ["bash", "-c", script], env={"CHILDREN": CHILDREN, "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "no children"


def test_serve_starts_model_ensure_detached() -> None:
    serve = (SETUP.parent / "serve").read_text()
    assert 'run_detached "$INSTANCE/model-ensure.log" $NP model ensure' in serve
    assert "model ensure >" not in serve
