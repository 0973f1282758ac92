"""Which trained model version is active: `<instance>/models/ACTIVE` plus a rollback history.

Both files are replaced atomically, so an API process reading ACTIVE never sees half a name.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from netpolarna.netwalk.classifier.model import MODEL_FILENAME

ACTIVE_FILE = "ACTIVE"
HISTORY_FILE = "ACTIVE_HISTORY"


class RegistryError(LookupError):
    """No such version, nothing active, or nothing to roll back to."""


def models_dir(instance_dir: str | os.PathLike[str]) -> Path:
    return Path(instance_dir) / "models"


def _write_atomic(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def list_versions(instance_dir: str | os.PathLike[str]) -> list[str]:
    """Versions with a model file, oldest first (names start with a UTC timestamp)."""
    root = models_dir(instance_dir)
    if not root.is_dir():
        return []
    return sorted(
        p.name for p in root.iterdir()
        if p.is_dir() and not p.name.startswith(".") and (p / MODEL_FILENAME).is_file()
    )  # fmt: skip


def active_version(instance_dir: str | os.PathLike[str]) -> str | None:
    try:
        name = (models_dir(instance_dir) / ACTIVE_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def _history(instance_dir: str | os.PathLike[str]) -> list[str]:
    try:
        text = (models_dir(instance_dir) / HISTORY_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [line.strip() for line in text.splitlines() if line.strip()]


def activate(instance_dir: str | os.PathLike[str], version: str) -> None:
    """Make `version` active, remembering the previous one for `rollback`."""
    if version not in list_versions(instance_dir):
        raise RegistryError(f"no model version {version!r}")
    previous = active_version(instance_dir)
    if previous == version:
        return
    if previous is not None:
        history = [*_history(instance_dir), previous]
        _write_atomic(models_dir(instance_dir) / HISTORY_FILE, "\n".join(history) + "\n")
    _write_atomic(models_dir(instance_dir) / ACTIVE_FILE, version + "\n")


def rollback(instance_dir: str | os.PathLike[str]) -> str:
    """Re-activate the previously active version that still exists; return it."""
    history = _history(instance_dir)
    available = set(list_versions(instance_dir))
    while history:
        candidate = history.pop()
        if candidate in available:
            _write_atomic(models_dir(instance_dir) / HISTORY_FILE,
                          "".join(f"{v}\n" for v in history))  # fmt: skip
            _write_atomic(models_dir(instance_dir) / ACTIVE_FILE, candidate + "\n")
            return candidate
    raise RegistryError("no previously active model version to roll back to")


def model_path(instance_dir: str | os.PathLike[str], version: str) -> Path:
    path = models_dir(instance_dir) / version
    if not (path / MODEL_FILENAME).is_file():
        raise RegistryError(f"no model version {version!r}")
    return path


def active_model_path(instance_dir: str | os.PathLike[str]) -> Path:
    """Folder of the active model; RegistryError if none has been trained and activated."""
    version = active_version(instance_dir)
    if version is None:
        raise RegistryError("no active model: run `netpolarna model train` first")
    return model_path(instance_dir, version)
