from __future__ import annotations

import json
from pathlib import Path

from classifier_samples import make_cli_app
from flask import Flask

from netpolarna.netwalk.classifier import registry


def test_train_writes_versioned_artefact(trained_app: Flask) -> None:
    output = trained_app.config["TRAIN_OUTPUT"]
    version = registry.active_version(trained_app.instance_path)
    assert version is not None and f"version {version} (active)" in output
    assert "sv: macro-F1" in output
    folder = Path(trained_app.instance_path) / "models" / version
    assert {p.name for p in folder.iterdir()} == {
        "model.joblib", "thread_model.joblib", "metrics.json", "training_data.json",
        "MODEL_CARD.md",
    }  # fmt: skip
    metrics = json.loads((folder / "metrics.json").read_text())
    for lang in ("sv", "da", "nb", "en"):
        block = metrics["languages"][lang]
        assert {"precision", "recall", "f1"} <= set(block["labels"]["hateful"])
        assert 0 <= block["macro_f1"] <= 1
    counts = json.loads((folder / "training_data.json").read_text())
    assert counts["train"]["dkhate"]["da"]["offensive"] >= 1
    card = (folder / "MODEL_CARD.md").read_text()
    for credit in ("Davidson et al. 2017", "MIT", "Sigurbergsson", "Derczynski", "CC BY 4.0",
                   "LDNOOBW", "CC0", "Nätpolarna project corpus"):  # fmt: skip
        assert credit in card
    assert "WITHOUT the public corpora" not in card + trained_app.config["TRAIN_OUTPUT"]


def test_evaluate_prints_rows_per_language(trained_app: Flask) -> None:
    result = trained_app.test_cli_runner().invoke(args=["model", "evaluate"])
    assert result.exit_code == 0, result.output
    for lang in ("sv", "da", "nb", "en"):
        assert f"lang {lang}" in result.output
    assert "macro-F1" in result.output and "counter_speech" in result.output


def test_classify_command(trained_app: Flask) -> None:
    stdin = '{"id": 7, "text": "Hold kæft din idiot", "lang": "da"}\nnot json\n'
    result = trained_app.test_cli_runner().invoke(args=["classify"], input=stdin)
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert first["id"] == 7 and first["label"] in {"offensive", "hateful"}
    assert second == {"id": None, "error": second["error"]}


def test_classify_without_model_fails_clearly(tmp_path: Path) -> None:
    app = make_cli_app(tmp_path, [])
    result = app.test_cli_runner().invoke(args=["classify"], input='{"id": 1, "text": "hej"}\n')
    assert result.exit_code == 1
    assert "netpolarna model train" in result.output


def test_no_activate_keeps_active_and_rollback(trained_app: Flask, tmp_path: Path) -> None:
    runner = trained_app.test_cli_runner()
    before = registry.active_version(trained_app.instance_path)
    listed = runner.invoke(args=["model", "list"])
    assert f"* {before}" in listed.output
    assert runner.invoke(args=["model", "rollback"]).exit_code == 1
