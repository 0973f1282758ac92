"""One model trained per session through the real CLI, on the shipped corpus plus tiny samples
of each public corpus format (so the model card must credit them all)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from classifier_samples import make_cli_app, write_public_samples
from flask import Flask


@pytest.fixture(scope="session")
def public_samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_public_samples(tmp_path_factory.mktemp("corpora") / "data")


@pytest.fixture(scope="session")
def trained_app(tmp_path_factory: pytest.TempPathFactory, public_samples: Path) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("instance")
    app = make_cli_app(instance, [str(public_samples)])
    result = app.test_cli_runner().invoke(args=["model", "train", "--no-progress"])
    assert result.exit_code == 0, result.output
    app.config["TRAIN_OUTPUT"] = result.output
    yield app
