from __future__ import annotations

import json
from pathlib import Path

import pytest
from classifier_samples import write_public_samples

from netpolarna.netwalk.classifier.corpus import (
    LABELS,
    LANGUAGES,
    TARGETS,
    CorpusError,
    Example,
    example_from_mapping,
    load_corpus,
    load_davidson,
    load_dkhate,
    load_project_corpus,
    split_corpus_dirs,
    split_held_out,
)


def test_davidson_classes_map_to_labels(tmp_path: Path) -> None:
    root = write_public_samples(tmp_path / "data")
    examples = load_davidson(root / "davidson2017" / "labeled_data.csv")
    assert [e.label for e in examples] == ["neutral", "offensive", "hateful", "neutral"]
    assert examples[0].text.endswith("complain & stuff")  # HTML entities decoded
    assert "\n" in examples[2].text  # quoted multi-line tweet kept whole
    assert {e.lang for e in examples} == {"en"} and not any(e.detailed for e in examples)


def test_dkhate_reads_the_row_with_spaces(tmp_path: Path) -> None:
    root = write_public_samples(tmp_path / "data")
    examples = load_dkhate(root / "dkhate" / "offenseval-da-training-v1.tsv")
    assert [(e.text, e.label) for e in examples] == [
        ("Jeg tror det vil være dejlig køligt i morgen.", "neutral"),
        ("Nu er det jo også de Ikea-aber der har lavet spillet..", "offensive"),
        ("[deleted]", "neutral"),
        ("Hold kæft hvor er du dum", "offensive"),
    ]


@pytest.mark.parametrize("given", ["data", "data/dkhate", "data/davidson2017"])
def test_corpus_dirs_found_at_root_or_inside(tmp_path: Path, given: str) -> None:
    write_public_samples(tmp_path / "data")
    corpus = load_corpus([str(tmp_path / given)])
    expected = {"data": {"davidson2017", "dkhate", "ldnoobw"}, "data/dkhate": {"dkhate"},
                "data/davidson2017": {"davidson2017"}}[given]  # fmt: skip
    assert set(corpus.sources) - {"project", "generated", "written"} == expected


def test_ldnoobw_is_a_lexicon_not_labels(tmp_path: Path) -> None:
    corpus = load_corpus([str(write_public_samples(tmp_path / "data"))])
    assert {"fitta", "faen", "fuck"} <= corpus.lexicon
    assert not any(e.source == "ldnoobw" for e in corpus.examples)


def test_staff_examples_are_added_and_validated() -> None:
    staff = example_from_mapping(
        {"text": "Du är så dum", "lang": "sv", "label": "offensive", "targets": ["individual"]},
        source="staff",
    )
    corpus = load_corpus([], extra=[staff])
    assert staff in corpus.examples and "staff" in corpus.sources
    with pytest.raises(CorpusError):
        example_from_mapping({"text": "x", "lang": "sv", "label": "rude"}, source="staff")
    with pytest.raises(CorpusError):
        example_from_mapping({"text": "x", "lang": "sv", "label": "neutral", "targets": ["cats"]},
                             source="staff")  # fmt: skip


def test_split_colon_or_pathsep() -> None:
    assert split_corpus_dirs("/a:/b") == ["/a", "/b"]
    assert split_corpus_dirs(["/a", "/b:/c"]) == ["/a", "/b", "/c"]
    assert split_corpus_dirs(None) == []


def test_held_out_split_is_deterministic_and_per_source() -> None:
    examples = [
        Example(f"text {i}", "sv", "neutral", source=s) for s in ("a", "b") for i in range(500)
    ]
    _, held = split_held_out(examples)
    assert split_held_out(list(reversed(examples)))[1] == list(reversed(held))
    assert 0.12 < len(held) / len(examples) < 0.28
    # the same text in another source is hashed separately
    assert {e.text for e in held if e.source == "a"} != {e.text for e in held if e.source == "b"}


def test_shipped_project_corpus_is_rich_and_valid() -> None:
    examples = load_project_corpus()
    for lang in LANGUAGES:
        mine = [e for e in examples if e.lang == lang]
        assert len(mine) >= 300, lang
        assert {e.label for e in mine} == set(LABELS), lang
        assert any(e.threat for e in mine), lang
        assert {t for e in mine for t in e.targets} == set(TARGETS), lang
    texts = [e.text.lower() for e in examples]
    assert len(texts) == len(set(texts)) or len(set(texts)) > 0.98 * len(texts)
    for path in (Path(__file__).parents[3] / "netpolarna/netwalk/classifier/data").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert set(json.loads(line)) == {"text", "lang", "label", "threat", "targets"}
