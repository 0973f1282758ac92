"""The public test sets (HateCheck, OffensEval 2020 Danish test split) are read from the
evaluation folders and scored the way their authors score them. The files here are written for
the test in the same formats; none of their lines comes from the public sets."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from flask import Flask

from netpolarna.netwalk.classifier import public_sets, registry
from netpolarna.netwalk.classifier.model import load_model

HATECHECK_ROWS = [
    ("derog_x_h", "Folk fra planeten Zorg er, helt ærligt, et skadedyr.", "hateful"),
    ("derog_x_h", 'They said "zorgians are vermin", and I agree', "hateful"),
    ("ident_neutral_nh", "My neighbour is a zorgian and bakes bread on Sundays.", "non-hateful"),
    ("ident_neutral_nh", "Zorgians celebrate their new year in March.", "non-hateful"),
    ("counter_quote_nh", 'Saying "zorgians are vermin" is vile and wrong.', "non-hateful"),
]
DANISH_LINES = [
    "id\ttweet\tsubtask_a",
    "101\tDu er sådan en klaphat, hold nu kæft\tOFF",
    "102\tGod weekend til alle i klubben\tNOT",
    "103\tHvor er det\tflot vejr i dag\tNOT",  # a stray tab inside the text
    "104    Skrid med dig din idiot    OFF",  # tabs that became spaces
]


def _write_sets(folder: Path) -> None:
    (folder / "hatecheck").mkdir(parents=True)
    with (folder / "hatecheck" / public_sets.HATECHECK_FILE).open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["", "functionality", "case_id", "test_case", "label_gold"])
        for i, (functionality, text, gold) in enumerate(HATECHECK_ROWS):
            writer.writerow([i, functionality, i + 1, text + " ", gold])
    (folder / "da").mkdir()
    (folder / "da" / public_sets.DANISH_TEST_FILE).write_text("\n".join(DANISH_LINES) + "\n")


def test_both_files_parse_with_their_quirks(tmp_path: Path) -> None:
    _write_sets(tmp_path)
    hatecheck = public_sets.load_hatecheck(
        public_sets.find_file([tmp_path], public_sets.HATECHECK_FILE)  # type: ignore[arg-type]
    )
    assert [(c.group, c.text, c.abusive) for c in hatecheck] == [
        (f, t, g == "hateful") for f, t, g in HATECHECK_ROWS
    ]
    danish = public_sets.load_danish_test(tmp_path / "da" / public_sets.DANISH_TEST_FILE)
    assert [(c.text, c.abusive) for c in danish] == [
        ("Du er sådan en klaphat, hold nu kæft", True),
        ("God weekend til alle i klubben", False),
        ("Hvor er det\tflot vejr i dag", False),
        ("Skrid med dig din idiot", True),
    ]


def test_a_row_without_a_known_label_is_refused(tmp_path: Path) -> None:
    path = tmp_path / public_sets.DANISH_TEST_FILE
    path.write_text("id\ttweet\tsubtask_a\n7\tnoget\tMAYBE\n")
    with pytest.raises(ValueError, match=r":2: needs an id, a text and OFF or NOT"):
        public_sets.load_danish_test(path)


def test_scores_follow_the_models_own_predictions(trained_app: Flask, tmp_path: Path) -> None:
    _write_sets(tmp_path)
    model = load_model(registry.active_model_path(trained_app.instance_path))
    cases = public_sets.load_hatecheck(tmp_path / "hatecheck" / public_sets.HATECHECK_FILE)
    metrics = public_sets.evaluate_hatecheck(model, cases)
    said_hateful = [
        p.label == "hateful" for p in model.predict([c.text for c in cases], ["en"] * 5)
    ]
    right = [s == c.abusive for s, c in zip(said_hateful, cases, strict=True)]
    assert metrics["overall"]["n"] == 5
    assert metrics["overall"]["accuracy"] == round(sum(right) / 5, 4)
    assert metrics["functionalities"]["ident_neutral_nh"]["accuracy"] == sum(right[2:4]) / 2
    assert metrics["overall"]["positive"]["support"] == 2

    danish = public_sets.load_danish_test(tmp_path / "da" / public_sets.DANISH_TEST_FILE)
    said = [
        p.label in {"hateful", "offensive"}
        for p in model.predict([c.text for c in danish], ["da"] * 4)
    ]
    metrics = public_sets.evaluate_danish_test(model, danish)
    assert (
        metrics["overall"]["accuracy"]
        == sum(s == c.abusive for s, c in zip(said, danish, strict=True)) / 4
    )


def test_cli_reads_the_evaluation_folders(trained_app: Flask, tmp_path: Path) -> None:
    runner = trained_app.test_cli_runner()
    empty = runner.invoke(args=["model", "evaluate", "--public", "--public-dir", str(tmp_path)])
    assert empty.exit_code != 0 and "test_suite_cases.csv" in empty.output

    _write_sets(tmp_path)
    result = runner.invoke(args=["model", "evaluate", "--public", "--public-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "HateCheck" in result.output and "n=5 " in result.output
    assert "OffensEval-da test" in result.output and "n=4 " in result.output
    assert "counter_quote_nh" in result.output
