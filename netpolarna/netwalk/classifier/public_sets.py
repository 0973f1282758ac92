"""Evaluation on two public test sets that are never trained or tuned on.

- **HateCheck** (Röttger et al., ACL 2021): the English functional test suite,
  `test_suite_cases.csv` (`functionality`, `test_case`, `label_gold` hateful / non-hateful).
  Scored as HateCheck scores: hateful against everything else, per functionality.
- **OffensEval 2020 Danish test split** (DKhate, Sigurbergsson & Derczynski 2020),
  `offenseval-da-test-v1.tsv` (`id`, `tweet`, `subtask_a` OFF / NOT). Scored as OffensEval
  scores: macro-F1 of OFF (our offensive or hateful) against NOT.

Neither file is in the repository: they are read from the folders named in
`NETPOLARNA_EVAL_DIRS` (or `--public-dir`), found by file name anywhere below them. Training
reads only the folders of `NETPOLARNA_CORPUS_DIRS`, and only the files it names there.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sklearn.metrics import f1_score, precision_recall_fscore_support

from netpolarna.netwalk.classifier.evaluate import predict_labels
from netpolarna.netwalk.classifier.model import Classifier

HATECHECK_FILE = "test_suite_cases.csv"
DANISH_TEST_FILE = "offenseval-da-test-v1.tsv"
_ABUSIVE = {"hateful", "offensive"}
# A row whose tabs became spaces (the training split has one): id, text, label.
_SPACED_ROW = re.compile(r"^(\d+)\s+(.*?)\s+(OFF|NOT)\s*$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class PublicCase:
    text: str
    abusive: bool  # HateCheck: hateful; OffensEval: OFF
    group: str  # HateCheck: the functionality; OffensEval: "all"


def find_file(folders: Iterable[Path], name: str) -> Path | None:
    """The first file called `name` below any of `folders` (sorted, so the choice is stable)."""
    for folder in folders:
        found = sorted(Path(folder).rglob(name))
        if found:
            return found[0]
    return None


def load_hatecheck(path: Path) -> list[PublicCase]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cases = []
    for number, row in enumerate(rows, start=2):
        gold = (row.get("label_gold") or "").strip()
        if gold not in ("hateful", "non-hateful") or not row.get("test_case"):
            raise ValueError(f"{path}:{number}: needs test_case and label_gold hateful/non-hateful")
        cases.append(PublicCase(row["test_case"].strip(), gold == "hateful", row["functionality"]))
    return cases


def load_danish_test(path: Path) -> list[PublicCase]:
    cases = []
    with path.open(encoding="utf-8", newline="") as handle:
        header = handle.readline().rstrip("\r\n").split("\t")
        if header[:3] != ["id", "tweet", "subtask_a"]:
            raise ValueError(f"{path}: expected the columns id, tweet, subtask_a")
        for number, line in enumerate(handle, start=2):
            if not line.strip():
                continue
            # Split from both ends: the label is last, the text may hold stray tabs.
            ident, _, rest = line.rstrip("\r\n").partition("\t")
            text, _, gold = rest.rpartition("\t")
            if gold.strip() not in ("OFF", "NOT") or not ident.strip().isdigit():
                spaced = _SPACED_ROW.match(line.strip())
                if spaced is None:
                    raise ValueError(f"{path}:{number}: needs an id, a text and OFF or NOT")
                _ident, text, gold = spaced.groups()
            cases.append(PublicCase(text, gold.strip() == "OFF", "all"))
    return cases


def _binary(gold: Sequence[bool], predicted: Sequence[bool]) -> dict[str, Any]:
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=[True, False], zero_division=0
    )
    hits = sum(g == p for g, p in zip(gold, predicted, strict=True))
    return {
        "n": len(gold),
        "accuracy": round(hits / len(gold), 4) if gold else 0.0,
        "macro_f1": round(float(f1_score(gold, predicted, average="macro", zero_division=0)), 4),
        "positive": {
            "precision": round(float(precision[0]), 4),
            "recall": round(float(recall[0]), 4),
            "f1": round(float(f1[0]), 4),
            "support": int(support[0]),
        },
        "negative_accuracy": round(float(recall[1]), 4),
    }


def evaluate_hatecheck(model: Classifier, cases: Sequence[PublicCase]) -> dict[str, Any]:
    """Hateful against everything else, overall and per functionality (suite order)."""
    labels = predict_labels(model, [c.text for c in cases], ["en"] * len(cases))
    predicted = [label == "hateful" for label in labels]
    by_group: dict[str, list[int]] = {}
    for i, case in enumerate(cases):
        by_group.setdefault(case.group, []).append(i)
    functionalities = {
        name: {
            "gold": "hateful" if cases[idx[0]].abusive else "non-hateful",
            "n": len(idx),
            "accuracy": round(sum(predicted[i] == cases[i].abusive for i in idx) / len(idx), 4),
        }
        for name, idx in by_group.items()
    }
    return {
        "overall": _binary([c.abusive for c in cases], predicted),
        "functionalities": functionalities,
    }


def evaluate_danish_test(model: Classifier, cases: Sequence[PublicCase]) -> dict[str, Any]:
    """OFF (our offensive or hateful) against NOT, as OffensEval scored it."""
    labels = predict_labels(model, [c.text for c in cases], ["da"] * len(cases))
    return {"overall": _binary([c.abusive for c in cases], [p in _ABUSIVE for p in labels])}


def format_public(name: str, metrics: dict[str, Any]) -> str:
    overall = metrics["overall"]
    positive = overall["positive"]
    lines = [
        f"{name}: n={overall['n']} accuracy {overall['accuracy']:.3f} "
        f"macro-F1 {overall['macro_f1']:.3f}; abusive class P {positive['precision']:.3f} "
        f"R {positive['recall']:.3f} F1 {positive['f1']:.3f}; "
        f"non-abusive correct {overall['negative_accuracy']:.3f}"
    ]
    for functionality, entry in metrics.get("functionalities", {}).items():
        lines.append(
            f"  {functionality:<28}{entry['gold']:<13}{entry['accuracy']:>7.3f}{entry['n']:>6d}"
        )
    return "\n".join(lines)
