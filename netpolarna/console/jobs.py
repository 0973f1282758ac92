"""Model training and evaluation started from the console, run as CLI processes, never in a request.

A job is `python -m netpolarna.cli model ...` in its own session, with the app's database and
instance folder; its output goes to a log file that the console polls, and a small thread in
the web process waits for it and writes the exit code beside the log.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from netpolarna.accounts.models import User
from netpolarna.audit.service import record
from netpolarna.db import db, utcnow
from netpolarna.errors import NotFound

JOB_ID = re.compile(r"^[0-9]{8}T[0-9]{6}-[0-9a-f]{6}$")
_PERCENT = re.compile(r"(\d{1,3})%\|")


@dataclass(frozen=True)
class JobStatus:
    id: str
    kind: str
    state: str  # running | succeeded | failed | lost
    exit_code: int | None
    percent: int | None
    output: str


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "console-jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _command(kind: str, version: str | None) -> list[str]:
    if kind == "train":
        return ["model", "train", "--progress"]
    if kind == "evaluate":
        return ["model", "evaluate", *(["--version", version] if version else [])]
    raise NotFound(detail=f"No job kind {kind}.")


def _environment() -> dict[str, str]:
    config = current_app.config
    env = dict(os.environ)
    env.update(
        {
            "NETPOLARNA_INSTANCE_PATH": current_app.instance_path,
            "NETPOLARNA_DATABASE_URL": str(config["SQLALCHEMY_DATABASE_URI"]),
            "NETPOLARNA_UPLOAD_DIR": str(config["UPLOAD_DIR"]),
            "NETPOLARNA_ENV": str(config["ENV_NAME"]),
            "NETPOLARNA_CORPUS_DIRS": os.pathsep.join(config.get("CORPUS_DIRS") or []),
        }
    )
    return env


def _wait(process: subprocess.Popen[bytes], exit_file: Path) -> None:
    code = process.wait()
    exit_file.write_text(str(code), encoding="utf-8")


def start_job(kind: str, actor: User, *, version: str | None = None) -> str:
    """Start a training or evaluation process; returns the job id to poll."""
    args = _command(kind, version)
    job_id = f"{utcnow():%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    folder = _folder()
    (folder / f"{job_id}.json").write_text(json.dumps({"kind": kind, "args": args}))
    with (folder / f"{job_id}.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "netpolarna.cli", *args],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=_environment(),
            start_new_session=True,
        )
    threading.Thread(target=_wait, args=(process, folder / f"{job_id}.exit"), daemon=True).start()
    record(
        actor_id=actor.id,
        actor_role=actor.role,
        action=f"model.{kind}_started",
        subject_type="model",
        subject_id=version or "-",
        detail={"job": job_id, "pid": process.pid},
    )
    db.session.commit()
    return job_id


def job_status(job_id: str) -> JobStatus:
    if not JOB_ID.match(job_id):
        raise NotFound()
    folder = _folder()
    meta_file = folder / f"{job_id}.json"
    if not meta_file.is_file():
        raise NotFound()
    kind = json.loads(meta_file.read_text())["kind"]
    raw = (folder / f"{job_id}.log").read_bytes()[-20_000:].decode("utf-8", "replace")
    # tqdm redraws its bar with carriage returns: keep only the latest drawing of each line.
    lines = [line.rsplit("\r", 1)[-1] for line in raw.splitlines()]
    found = _PERCENT.findall(raw)
    exit_file = folder / f"{job_id}.exit"
    if exit_file.is_file():
        code = int(exit_file.read_text() or "1")
        state = "succeeded" if code == 0 else "failed"
    else:
        code, state = None, "running"
    return JobStatus(
        id=job_id,
        kind=kind,
        state=state,
        exit_code=code,
        percent=int(found[-1]) if found else None,
        output="\n".join(lines[-15:]),
    )
