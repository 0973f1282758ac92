from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from flask import Flask

from netpolarna.netwalk.classifier import registry
from netpolarna.netwalk.classifier.classify_stream import classify_lines
from netpolarna.netwalk.classifier.corpus import (
    LABELS,
    Example,
    load_project_corpus,
    split_held_out,
)
from netpolarna.netwalk.classifier.model import Classifier, load_model
from netpolarna.netwalk.classifier.train import (
    GENERATED_WEIGHT,
    IN_DOMAIN_BOOST,
    TARGET_LEVELS,
    sample_weights,
)

# Clear cases written for this test (not in the corpus), per language.
CLEAR = [
    ("Alla muslimer är terrorister och borde kastas ut", "sv", "hateful"),
    ("Håll käften din jävla idiot", "sv", "offensive"),
    ("Någon som vill spela fotboll efter skolan idag?", "sv", "neutral"),
    ("Alle muslimer er terrorister og burde smides ud", "da", "hateful"),
    ("Hold kæft din fucking idiot", "da", "offensive"),
    ("Er der nogen der vil spille fodbold efter skole i dag?", "da", "neutral"),
    ("Alle muslimer er terrorister og burde kastes ut", "nb", "hateful"),
    ("Hold kjeft din jævla idiot", "nb", "offensive"),
    ("Noen som vil spille fotball etter skolen i dag?", "nb", "neutral"),
    ("All Muslims are terrorists and should be thrown out", "en", "hateful"),
    ("Shut up you fucking idiot", "en", "offensive"),
    ("Anyone want to play football after school today?", "en", "neutral"),
]
CRITIQUE = [
    ("Kommunens beslut att lägga ner simhallen är helt fel och dåligt underbyggt", "sv"),
    ("Kommunens beslutning om at lukke svømmehallen er helt forkert", "da"),
    ("Kommunens vedtak om å legge ned svømmehallen er helt feil", "nb"),
    ("The council's decision to close the swimming pool is completely wrong", "en"),
]


@pytest.fixture(scope="module")
def classifier(trained_app: Flask) -> Classifier:
    return load_model(registry.active_model_path(trained_app.instance_path))


def test_clear_examples_per_language(classifier: Classifier) -> None:
    predictions = classifier.predict([t for t, _, _ in CLEAR], [lang for _, lang, _ in CLEAR])
    wrong = [(t, p.label) for (t, _, want), p in zip(CLEAR, predictions, strict=True)
             if p.label != want]  # fmt: skip
    assert not wrong


def test_critique_of_a_decision_is_not_hateful(classifier: Classifier) -> None:
    predictions = classifier.predict([t for t, _ in CRITIQUE], [lang for _, lang in CRITIQUE])
    for p in predictions:
        assert p.label == "neutral"
        assert p.scores["hateful"] < 0.3


def test_threat_scores_higher_than_chat(trained_app: Flask, classifier: Classifier) -> None:
    """Above the level training chose for a threat to count as a reason (the detector's
    threat level, `train.threat_reason_threshold`), a plan to meet after school below it."""
    folder = registry.active_model_path(trained_app.instance_path)
    level = json.loads((folder / "metrics.json").read_text())["threat_reason"]["threshold"]
    threat, chat = classifier.predict(
        ["Jag vet var du bor, vi ses efter skolan", "Vi ses efter skolan på fotbollen"],
        ["sv", "sv"],
    )
    assert level >= 0.5 and threat.threat > level > chat.threat, (level, threat, chat)


def test_held_out_project_accuracy_per_language(classifier: Classifier) -> None:
    _, held_out = split_held_out(load_project_corpus())
    for lang in ("sv", "da", "nb", "en"):
        mine = [e for e in held_out if e.lang == lang]
        predicted = classifier.predict([e.text for e in mine], [e.lang for e in mine])
        correct = sum(p.label == e.label for p, e in zip(predicted, mine, strict=True))
        assert correct / len(mine) >= 0.7, lang


def test_prediction_contract(classifier: Classifier) -> None:
    (p,) = classifier.predict(["Du är en idiot"], [None])
    record = p.to_dict()
    assert list(record) == ["label", "scores", "threat", "targets", "lang"]
    assert list(record["scores"]) == list(LABELS)
    assert sum(record["scores"].values()) == pytest.approx(1.0, abs=1e-4)
    assert record["label"] == max(record["scores"], key=record["scores"].get)
    assert 0.0 <= record["threat"] <= 1.0
    assert record["lang"] == "sv"
    assert classifier.predict([]) == []
    assert classifier.predict(["Du er dum"], ["no"])[0].lang == "nb"


def test_load_model_is_cached(trained_app: Flask) -> None:
    path = registry.active_model_path(trained_app.instance_path)
    assert load_model(path) is load_model(path / "model.joblib")


def test_classify_stream_contract(classifier: Classifier) -> None:
    lines = [
        json.dumps({"id": 1, "text": "Håll käften din idiot", "lang": "sv"}),
        "{not json",
        json.dumps({"id": "b", "text": 42}),
        "",
        json.dumps([1, 2]),
        json.dumps({"id": None, "text": "Nice play, you carried us"}),
    ]
    out = io.StringIO()
    classified, errors = classify_lines(io.StringIO("\n".join(lines) + "\n"), out, classifier,
                                        batch_size=2)  # fmt: skip
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (classified, errors) == (2, 3)
    assert [r["id"] for r in records] == [1, None, "b", None, None]
    assert list(records[0]) == ["id", "label", "scores", "threat", "targets", "lang"]
    assert records[0]["label"] == "offensive" and records[0]["lang"] == "sv"
    assert list(records[1]) == ["id", "error"] and "JSON" in records[1]["error"]
    assert list(records[2]) == ["id", "error"]
    assert "error" in records[3]
    assert records[4]["lang"] == "en" and set(records[4]["scores"]) == set(LABELS)


def test_registry_activate_and_rollback(tmp_path: Path, trained_app: Flask) -> None:
    source = registry.active_model_path(trained_app.instance_path)
    for version in ("20260101T0000Z-aaaa", "20260102T0000Z-bbbb", "20260103T0000Z-cccc"):
        target = tmp_path / "models" / version
        target.mkdir(parents=True)
        (target / "model.joblib").write_bytes((source / "model.joblib").read_bytes())
    with pytest.raises(registry.RegistryError):
        registry.active_model_path(tmp_path)
    with pytest.raises(registry.RegistryError):
        registry.activate(tmp_path, "nope")
    registry.activate(tmp_path, "20260101T0000Z-aaaa")
    registry.activate(tmp_path, "20260102T0000Z-bbbb")
    registry.activate(tmp_path, "20260103T0000Z-cccc")
    assert registry.active_model_path(tmp_path).name == "20260103T0000Z-cccc"
    assert registry.rollback(tmp_path) == "20260102T0000Z-bbbb"
    assert registry.rollback(tmp_path) == "20260101T0000Z-aaaa"
    assert registry.active_version(tmp_path) == "20260101T0000Z-aaaa"
    with pytest.raises(registry.RegistryError):
        registry.rollback(tmp_path)
    assert registry.list_versions(tmp_path)[0] == "20260101T0000Z-aaaa"


def test_template_expansions_weigh_less_than_hand_written_examples() -> None:
    examples = [
        Example(f"text {source} {i}", "sv", label, source=source)
        for source in ("project", "written", "generated")
        for i in range(10)
        for label in ("hateful", "neutral")
    ]
    weights = dict(
        zip([(e.source, e.text) for e in examples], sample_weights(examples), strict=True)
    )
    hand = weights[("written", "text written 0")]
    assert weights[("project", "text project 0")] == pytest.approx(hand)
    assert weights[("generated", "text generated 0")] == pytest.approx(
        hand * GENERATED_WEIGHT / IN_DOMAIN_BOOST
    )


def test_targets_are_named_from_the_level_chosen_on_hand_written_data(
    trained_app: Flask, classifier: Classifier
) -> None:
    folder = registry.active_model_path(trained_app.instance_path)
    chosen = json.loads((folder / "metrics.json").read_text())["target_threshold"]
    assert chosen["source"] == "held-out hand-written split"
    assert classifier.target_threshold == chosen["threshold"] in TARGET_LEVELS
    assert classifier.max_group_targets == chosen["max_groups"] in (None, 1)
    key = str(chosen["threshold"]) + (" best group" if chosen["max_groups"] else "")
    assert chosen["exact_accuracy"][key] == max(chosen["exact_accuracy"].values())
    assert "Targets are named from a score of" in (folder / "MODEL_CARD.md").read_text()


def test_only_the_best_group_target_is_named_when_limited(classifier: Classifier) -> None:
    names = list(classifier.target_names)
    scores = np.zeros((2, len(names)))
    scores[0, names.index("religion")] = 0.9
    scores[0, names.index("ethnicity")] = 0.8
    scores[0, names.index("individual")] = 0.85
    saved = classifier.target_threshold, classifier.max_group_targets
    try:
        classifier.target_threshold, classifier.max_group_targets = 0.5, None
        assert classifier.target_hits(scores)[0].sum() == 3
        classifier.max_group_targets = 1
        hits = classifier.target_hits(scores)
        assert [n for n, h in zip(names, hits[0], strict=True) if h] == ["religion", "individual"]
        assert not hits[1].any()
    finally:
        classifier.target_threshold, classifier.max_group_targets = saved
