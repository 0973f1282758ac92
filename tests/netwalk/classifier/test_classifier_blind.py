"""The blind sets are evaluation only: training never reads them, no blind text is training
data, and `netpolarna model evaluate` and the model card report their figures."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from flask import Flask

from netpolarna.netwalk.classifier import registry
from netpolarna.netwalk.classifier.corpus import load_project_corpus, split_held_out
from netpolarna.netwalk.classifier.model import load_model
from netpolarna.netwalk.classifier.normalise import normalise
from netpolarna.netwalk.classifier.train import train_model
from netpolarna.netwalk.detection.blind import (
    BLIND_ROOT,
    blind_dirs,
    evaluate_blind,
    evaluate_blind_sets,
    is_blind_path,
    load_blind_messages,
    load_blind_threads,
)
from netpolarna.netwalk.detection.thread_corpus import load_threads
from netpolarna.netwalk.detection.thread_model import (
    THREAD_MODEL_FILENAME,
    ThreadModel,
    load_thread_model,
    thread_model_for,
    train_thread_model,
)

_opened: list[str] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _opened is not None and event in {"open", "os.listdir", "os.scandir"} and args:
        _opened.append(str(args[0]))


sys.addaudithook(_audit)  # audit hooks cannot be removed; it records only while _opened is set


def test_training_never_reads_a_blind_folder() -> None:
    """Neither loading the training data nor training opens a file under any blind folder
    (`blind/`, `blind2/`, ... beside the classifier's data), present now or added later."""
    global _opened
    _opened = []
    try:
        examples = load_project_corpus()
        all_threads = load_threads()
        train_side, _ = split_held_out(examples)
        small = train_side[::16]  # small data keeps this test fast
        threads = all_threads[::10]
        assert {t.should_flag for t in threads} == {True, False}
        trained = train_model(small)
        threshold = trained.metrics["threat_reason"]["threshold"]
        thread_model = train_thread_model(trained.classifier, threads, threat_threshold=threshold)
    finally:
        opened, _opened = _opened, None
    assert thread_model is not None
    assert opened  # the audit hook saw the corpus being read
    assert not [p for p in opened if is_blind_path(Path(p))]
    # that the training modules never import `detection.blind` is an import-linter contract


def test_every_blind_folder_counts_as_blind(tmp_path: Path) -> None:
    for name in ("blind", "blind2", "blind10"):
        (tmp_path / name / "messages").mkdir(parents=True)
    (tmp_path / "blindfold").mkdir()
    (tmp_path / "data").mkdir()
    assert [p.name for p in blind_dirs(tmp_path)] == ["blind", "blind2", "blind10"]
    assert is_blind_path(tmp_path / "blind2" / "messages" / "sv.jsonl", tmp_path)
    assert not is_blind_path(tmp_path / "data" / "sv.jsonl", tmp_path)
    assert not is_blind_path(tmp_path / "blindfold" / "x", tmp_path)
    assert is_blind_path(BLIND_ROOT / "blind" / "README.md")


def test_no_blind_text_is_training_data() -> None:
    def key(text: str) -> str:
        words = normalise(text).split()
        # one- and two-word replies ("exactly", "💀💀💀") coincide by nature, not by copying
        return " ".join(words) if len(words) >= 3 else ""

    training = {key(e.text) for e in load_project_corpus()}
    training |= {key(m.text) for t in load_threads() for m in t.messages}
    for folder in blind_dirs():
        blind = {key(e.text) for e in load_blind_messages(folder)}
        blind |= {key(m.text) for t in load_blind_threads(folder) for m in t.messages}
        assert not (training & blind) - {""}, folder.name


def _write_blind(root: Path) -> Path:
    rows = [
        ("sv", "Alla somalier är kackerlackor", "hateful", False, ["ethnicity"]),
        ("sv", "Håll käften din jävla idiot", "offensive", False, ["individual"]),
        ("sv", "Jag vet var du bor, vi ses ikväll 🔪", "offensive", True, ["individual"]),
        ("sv", "Nån som vill spela fotboll efter skolan?", "neutral", False, []),
        ("sv", "Sluta kalla henne 'hora', det är mobbning", "counter_speech", False, []),
    ]
    (root / "messages").mkdir(parents=True)
    with (root / "messages" / "sv.jsonl").open("w", encoding="utf-8") as out:
        for i, (lang, text, label, threat, targets) in enumerate(rows):
            out.write(json.dumps({"id": f"b{i}", "text": text, "lang": lang, "label": label,
                                  "threat": threat, "targets": targets, "register": "chat",
                                  "note": ""}, ensure_ascii=False) + "\n")  # fmt: skip
    (root / "threads").mkdir()
    pile = ["Här är min nya bild", "du är så ful haha", "haha så sant 😂", "@elin99 går i 8b",
            "alla kommentera på hennes bild", "sprid det här", "vilken loser", "ful som en gris",
            "hon bor bakom centrum", "kom igen alla spamma henne"]  # fmt: skip
    benign = ["Vem spelar fortnite ikväll?", "jag!", "haha samma", "gg igår förresten",
              "ses efter skolan vid biblioteket"]  # fmt: skip
    lines = []
    for thread_id, texts, authors in (
        ("t-pile", pile, ["elin99"] + [f"user{i}" for i in range(9)]),
        ("t-benign", benign, ["kim", "ali", "kim", "jo", "ali"]),
    ):
        for i, text in enumerate(texts):
            lines.append({"source_thread_id": thread_id, "message_id": f"{thread_id}-{i}",
                          "parent_id": None if i == 0 else f"{thread_id}-0",
                          "author": authors[i], "text": text,
                          "created_at": f"2026-10-01T12:{i:02d}:00Z", "lang": "sv"})  # fmt: skip
    (root / "threads" / "sv.jsonl").write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )
    (root / "threads" / "index.jsonl").write_text(
        json.dumps({"source_thread_id": "t-pile", "lang": "sv", "kind": "pile_on",
                    "should_flag": True}) + "\n"
        + json.dumps({"source_thread_id": "t-benign", "lang": "sv", "kind": "benign",
                      "should_flag": False}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    return root


def test_blind_figures_from_a_blind_folder(trained_app: Flask, tmp_path: Path) -> None:
    folder = _write_blind(tmp_path / "blind")
    model = load_model(registry.active_model_path(trained_app.instance_path))
    report = evaluate_blind(
        model, folder, thread_model=thread_model_for(trained_app.instance_path, model)
    )
    assert report is not None
    messages = report["messages"]
    assert messages["n"] == 5 and set(messages["languages"]) == {"sv"}
    assert 0 <= messages["languages"]["sv"]["macro_f1"] <= 1
    assert set(messages["languages"]["sv"]["labels"]) == {
        "hateful", "offensive", "neutral", "counter_speech"
    }  # fmt: skip
    threat = messages["threat"]
    assert threat["threshold"] == 0.5 and threat["positives"] == 1
    assert {"precision", "recall", "false_alarm_rate"} <= set(threat)
    assert messages["targets"]["n"] == 3
    threads = report["threads"]
    assert threads["kinds"]["pile_on"] == {"n": 1, "flagged": 1}
    assert threads["kinds"]["benign"] == {"n": 1, "flagged": 0}
    assert threads["pile_on_recall"] == 1.0 and threads["benign_false_alarms"] == 0.0
    assert evaluate_blind(model, tmp_path / "empty") is None

    result = trained_app.test_cli_runner().invoke(
        args=["model", "evaluate", "--blind-dir", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert "lang sv" in result.output  # the in-distribution figures stay
    assert "blind sv: 4-label macro-F1" in result.output
    assert "blind threads pile_on: flagged 1 of 1" in result.output
    assert "blind threat >= 0.5" in result.output


def test_every_blind_set_is_reported_on_its_own(trained_app: Flask, tmp_path: Path) -> None:
    first = _write_blind(tmp_path / "blind")
    second = _write_blind(tmp_path / "blind2")
    (second / "threads" / "index.jsonl").unlink()  # set 2 here: messages only
    model = load_model(registry.active_model_path(trained_app.instance_path))
    reports = evaluate_blind_sets(model, [first, second, tmp_path / "blind3"])
    assert list(reports) == ["blind", "blind2"]
    assert reports["blind"]["threads"]["n"] == 2 and reports["blind2"]["threads"]["n"] == 0
    result = trained_app.test_cli_runner().invoke(
        args=["model", "evaluate", "--blind-dir", str(first), "--blind-dir", str(second)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.index("blind set blind (") < result.output.index("blind set blind2 (")
    assert result.output.count("blind sv: 4-label macro-F1") == 2


def test_model_card_reports_blind_and_thread_model(trained_app: Flask) -> None:
    version = registry.active_version(trained_app.instance_path)
    assert version is not None
    folder = Path(trained_app.instance_path) / "models" / version
    card = (folder / "MODEL_CARD.md").read_text()
    assert "## Blind-set metrics" in card and "## Thread (pile-on) model" in card
    assert "Logistic regression on conversation features" in card
    metrics = json.loads((folder / "metrics.json").read_text())
    assert metrics["threads"]["n"] >= 400 and 0.5 <= metrics["threads"]["threshold"] <= 0.9
    if load_blind_messages():
        assert "4-label macro-F1" in card and "blind" in metrics


def test_thread_model_is_its_own_artefact_beside_the_classifier(
    trained_app: Flask, tmp_path: Path
) -> None:
    path = registry.active_model_path(trained_app.instance_path)
    classifier = load_model(path)
    assert (path / THREAD_MODEL_FILENAME).is_file()
    thread_model = thread_model_for(trained_app.instance_path, classifier)
    assert isinstance(thread_model, ThreadModel)
    assert load_thread_model(path) is thread_model  # cached per file
    # A version written before the pile-on model (no thread_model.joblib) still loads, and the
    # detector falls back to the hand-set escalation score.
    older = tmp_path / "older"
    older.mkdir()
    (older / "model.joblib").write_bytes((path / "model.joblib").read_bytes())
    assert load_model(older).predict(["hej"], ["sv"])[0].label
    assert load_thread_model(older) is None
    assert thread_model_for(trained_app.instance_path, None) is None
