"""The HateCheck-style functional suite: complete in every language, held out from training,
and scored per functionality by `evaluate_functional` and `model evaluate --functional`."""

from __future__ import annotations

import json
from collections import Counter

from flask import Flask

from netpolarna.netwalk.classifier import registry
from netpolarna.netwalk.classifier.corpus import LABELS, LANGUAGES, load_project_corpus
from netpolarna.netwalk.classifier.evaluate import (
    FUNCTIONAL_DIR,
    evaluate_functional,
    format_functional_table,
    load_functional_suite,
)
from netpolarna.netwalk.classifier.functional.build_suite import FUNCTIONALITIES, build
from netpolarna.netwalk.classifier.model import load_model
from netpolarna.netwalk.classifier.normalise import normalise


def test_suite_has_every_functionality_in_every_language() -> None:
    cases = load_functional_suite()
    counts = Counter((c.lang, c.functionality) for c in cases)
    for lang in LANGUAGES:
        for functionality in FUNCTIONALITIES:
            assert counts[(lang, functionality)] >= 10, (lang, functionality)
    assert {c.functionality for c in cases} == set(FUNCTIONALITIES)
    assert all(c.label == FUNCTIONALITIES[c.functionality] and c.label in LABELS for c in cases)


def test_suite_files_match_their_generator() -> None:
    for lang in LANGUAGES:
        lines = (FUNCTIONAL_DIR / f"{lang}.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(line) for line in lines] == build(lang)


def test_suite_never_occurs_in_training_corpus() -> None:
    training = {normalise(e.text) for e in load_project_corpus()}
    leaked = [c.text for c in load_functional_suite() if normalise(c.text) in training]
    assert leaked == []


def test_functional_evaluation_reports_every_functionality(trained_app: Flask) -> None:
    model = load_model(registry.active_model_path(trained_app.instance_path))
    metrics = evaluate_functional(model)
    assert metrics["n"] == len(load_functional_suite())
    assert set(metrics["languages"]) == set(LANGUAGES)
    assert set(metrics["functionalities"]) == set(FUNCTIONALITIES)
    # Each accuracy is the share of its cases not among the failures; a case right in the four
    # labels is right as hateful-or-not too.
    failed = Counter((f["functionality"], f["lang"]) for f in metrics["failures"])
    cases = Counter((c.functionality, c.lang) for c in load_functional_suite())
    for name, entry in metrics["functionalities"].items():
        assert set(entry["languages"]) == set(LANGUAGES)
        for lang, block in entry["languages"].items():
            right = 1 - failed[(name, lang)] / cases[(name, lang)]
            assert abs(block["accuracy_4label"] - right) < 1e-3, (name, lang)
            assert block["accuracy"] >= block["accuracy_4label"] - 1e-9
    overall = metrics["overall"]
    assert abs(overall["accuracy_4label"] - (1 - len(metrics["failures"]) / metrics["n"])) < 1e-3
    assert overall["accuracy"] >= overall["accuracy_4label"] > 0.25  # above four-way chance
    table = format_functional_table(metrics)
    assert all(name in table for name in FUNCTIONALITIES)


def test_cli_evaluate_functional(trained_app: Flask) -> None:
    result = trained_app.test_cli_runner().invoke(args=["model", "evaluate", "--functional"])
    assert result.exit_code == 0, result.output
    assert "functional test cases" in result.output
    assert "overall (hateful vs rest)" in result.output and "overall (4-label)" in result.output
    for name in FUNCTIONALITIES:
        assert name in result.output
    assert "lang sv" not in result.output  # the held-out corpus table is the default, not this
