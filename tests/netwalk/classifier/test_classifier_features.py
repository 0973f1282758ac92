"""The fast feature and scoring paths against the plain definitions the models were trained on."""

from __future__ import annotations

import pickle
import random
import re

import numpy as np
import pytest
import scipy.sparse as sp
from flask import Flask

from netpolarna.netwalk.classifier import normalise as normalise_module
from netpolarna.netwalk.classifier import registry
from netpolarna.netwalk.classifier.corpus import load_project_corpus
from netpolarna.netwalk.classifier.features import FeaturePipeline, _bucket, _Keys
from netpolarna.netwalk.classifier.model import CalibratedLinear, Classifier, load_model
from netpolarna.netwalk.classifier.normalise import normalise

# The cue regex the features were defined with (one scan, groups 1-3 plus quotes).
CUES = re.compile(
    r"\b(?:(you|your|you'?re|ur|u|yourself|du|dig|din|ditt|dina|ni|era|dere|deg|dine|jer|"
    r"jeres|dit)|(not|no|never|isn'?t|don'?t|doesn'?t|aren'?t|inte|icke|aldrig|ej|inga|ingen|"
    r"ikke|aldri|intet)|(called|calling|call|said|says|wrote|writes|kalla|kallar|kallade|kallat|"
    r"skrev|skriver|kalder|kaldes|kaldte|kalde|sagde|siger|skriv|kaller|kalte|sier|sa))\b"
    r"|([\"“”«»„])"
)
LEET_HINT = re.compile(r"[^\W\d_][0-9@$|€]|[0-9@$!|€][^\W\d_]|[^\W\d_]![^\W\d_]")
SPACED_HINT = re.compile(r"(?<!\w)\w[ .*_-]\w[ .*_-]\w(?!\w)")

FRAGMENTS = [
    "you", "re", "your", "u", "ur", "du", "dig", "ni", "not", "no", "isn", "don", "doesn",
    "aren", "t", "ikke", "sa", "said", "kalla", "called", "x", "é", "ø", "1", "3", "_", "'",
    " ", " ", " ", "-", ".", "*", "!", "@", "$", "|", "€", '"', "«", "“", "/", "(", ")", "٣",
    "\n", "a", "b", "yourself", "never",
]  # fmt: skip


@pytest.fixture(scope="module")
def strings() -> list[str]:
    rng = random.Random(3)
    fuzz = ["".join(rng.choices(FRAGMENTS, k=rng.randint(1, 12))) for _ in range(4000)]
    corpus = [normalise(e.text) for e in load_project_corpus()]
    return fuzz + corpus


def _regex_cues(text: str) -> tuple[bool, bool, bool]:
    second = negation = reported = False
    for you, no, said, quote in CUES.findall(text):
        second = second or bool(you)
        negation = negation or bool(no)
        reported = reported or bool(said or quote)
    return second, negation, reported


def test_cue_words_match_the_cue_regex(strings: list[str]) -> None:
    dense = FeaturePipeline().dense(strings, strings, ["en"] * len(strings))
    got = [tuple(bool(v) for v in row) for row in dense[:, 2:5]]
    assert got == [_regex_cues(s) for s in strings]


def test_fast_hints_match_the_plain_ones(strings: list[str]) -> None:
    for fast, plain in (
        (normalise_module._LEET_HINT, LEET_HINT),
        (normalise_module._SPACED_HINT, SPACED_HINT),
    ):
        assert [bool(fast.search(s)) for s in strings] == [bool(plain.search(s)) for s in strings]


@pytest.mark.parametrize(("n_docs", "n_features"), [(3, 16), (600, 2**20), (5000, 1000)])
def test_packed_keys_count_like_coo(n_docs: int, n_features: int) -> None:
    rng = np.random.default_rng(n_docs)
    docs = rng.integers(0, n_docs, 20_000)
    cols = rng.integers(0, n_features, 20_000)
    layout = _Keys(n_docs, n_features)
    got = layout.counts(layout.of_docs(docs) | cols.astype(layout.dtype))
    want = sp.csr_matrix(
        (np.ones(docs.shape[0], dtype=np.float32), (docs, cols)), shape=(n_docs, n_features)
    )
    want.sum_duplicates()
    assert np.array_equal(got.indptr, want.indptr)
    assert np.array_equal(got.indices, want.indices)
    assert np.array_equal(got.data, want.data)


def test_bucket_is_modulo() -> None:
    hashed = np.random.default_rng(1).integers(0, 2**63, 1000, dtype=np.uint64) * np.uint64(3)
    for n_features in (2**10, 2**20, 1000, 999_983):
        assert np.array_equal(_bucket(hashed, n_features), (hashed % np.uint64(n_features)))


def test_empty_batch_has_the_full_width() -> None:
    features = FeaturePipeline(char_features=2**12, word_features=2**10)
    assert features.transform([], []).shape == (0, features.n_features)


@pytest.fixture(scope="module")
def classifier(trained_app: Flask) -> Classifier:
    return load_model(registry.active_model_path(trained_app.instance_path))


def test_fast_calibrated_models_equal_scikit_learn(classifier: Classifier) -> None:
    texts = [e.text for e in load_project_corpus()][:300]
    matrix = classifier.features.transform(texts, ["sv"] * len(texts))
    for model in (classifier.label_model, classifier.threat_model):
        fast = CalibratedLinear.from_model(model, classifier.features.n_features)
        assert fast is not None
        assert np.array_equal(fast.predict_proba(matrix), model.predict_proba(matrix))


def test_derived_caches_stay_out_of_the_model_file(classifier: Classifier) -> None:
    classifier.predict(["hej du"], ["sv"])
    copy = pickle.loads(pickle.dumps(classifier))
    assert "_fast_models" not in copy.__dict__
    assert "_lexicon_phrases" not in copy.features.__dict__
    assert copy.predict(["hej du"], ["sv"]) == classifier.predict(["hej du"], ["sv"])
