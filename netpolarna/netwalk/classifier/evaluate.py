"""Held-out evaluation: precision/recall/F1 per language and label, plus threat and targets."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from netpolarna.netwalk.classifier.corpus import LABELS, LANGUAGES, Example
from netpolarna.netwalk.classifier.model import Classifier

_BATCH = 2048
_ABUSIVE = {"hateful", "offensive"}
FUNCTIONAL_DIR = Path(__file__).with_name("functional")


def _label_block(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    present = [label for label in LABELS if label in set(gold)]
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=present, zero_division=0
    )
    # Binary "abusive or not" is what OffensEval (and DKhate's OFF/NOT) scores.
    gold_abusive = [g in _ABUSIVE for g in gold]
    pred_abusive = [p in _ABUSIVE for p in predicted]
    return {
        "n": len(gold),
        "accuracy": round(float(accuracy_score(gold, predicted)), 4),
        "macro_f1": round(float(np.mean(f1)), 4) if present else 0.0,
        "abusive_macro_f1": round(
            float(f1_score(gold_abusive, pred_abusive, average="macro", zero_division=0)), 4
        ),
        "labels": {
            label: {
                "precision": round(float(p), 4),
                "recall": round(float(r), 4),
                "f1": round(float(f), 4),
                "support": int(s),
            }
            for label, p, r, f, s in zip(present, precision, recall, f1, support, strict=True)
        },
    }


def evaluate(model: Classifier, examples: Sequence[Example]) -> dict[str, Any]:
    """Metrics for `examples` (normally the held-out split), with their given languages."""
    examples = list(examples)
    if not examples:
        return {"n": 0, "languages": {}, "sources": {}, "overall": None}
    label_parts, threat_parts, target_parts = [], [], []
    for start in range(0, len(examples), _BATCH):
        batch = examples[start : start + _BATCH]
        labels, threat, targets = model.predict_arrays(
            [e.text for e in batch], [e.lang for e in batch]
        )
        label_parts.append(labels)
        threat_parts.append(threat)
        target_parts.append(targets)
    predicted = [LABELS[i] for i in np.argmax(np.vstack(label_parts), axis=1)]
    threat_scores = np.concatenate(threat_parts)
    target_scores = np.vstack(target_parts)
    gold = [e.label for e in examples]

    result: dict[str, Any] = {"n": len(examples), "overall": _label_block(gold, predicted)}
    for key, attribute in (("languages", "lang"), ("sources", "source")):
        groups: dict[str, list[int]] = {}
        for i, example in enumerate(examples):
            groups.setdefault(getattr(example, attribute), []).append(i)
        result[key] = {
            name: _label_block([gold[i] for i in idx], [predicted[i] for i in idx])
            for name, idx in sorted(groups.items())
        }

    detailed = [i for i, e in enumerate(examples) if e.detailed]
    if detailed:
        threat_gold = [examples[i].threat for i in detailed]
        threat_pred = [bool(threat_scores[i] >= 0.5) for i in detailed]
        p, r, f, _ = precision_recall_fscore_support(
            threat_gold, threat_pred, average="binary", zero_division=0
        )
        result["threat"] = {
            "n": len(detailed),
            "positives": int(sum(threat_gold)),
            "precision": round(float(p), 4),
            "recall": round(float(r), 4),
            "f1": round(float(f), 4),
        }
        names = model.target_names
        gold_targets = np.array([[t in examples[i].targets for t in names] for i in detailed])
        pred_targets = target_scores[detailed] >= model.target_threshold
        result["targets"] = {
            "n": len(detailed),
            "micro_f1": round(
                float(f1_score(gold_targets, pred_targets, average="micro", zero_division=0)), 4
            ),
        }
    return result


def format_table(metrics: dict[str, Any]) -> str:
    """A plain-text table: one block per language (and source), one row per label."""
    lines = [f"{'slice':<22}{'label':<16}{'prec':>7}{'recall':>8}{'F1':>7}{'n':>7}"]
    for key in ("languages", "sources"):
        for name, block in metrics.get(key, {}).items():
            title = f"{key[:-1] if key != 'languages' else 'lang'} {name}"
            for label, row in block["labels"].items():
                lines.append(
                    f"{title:<22}{label:<16}{row['precision']:>7.3f}{row['recall']:>8.3f}"
                    f"{row['f1']:>7.3f}{row['support']:>7d}"
                )
            lines.append(
                f"{title:<22}{'macro-F1':<16}{'':>7}{'':>8}{block['macro_f1']:>7.3f}{block['n']:>7d}"
                f"   accuracy {block['accuracy']:.3f}"
                f"   abusive-vs-not macro-F1 {block['abusive_macro_f1']:.3f}"
            )
    if "threat" in metrics:
        t = metrics["threat"]
        lines.append(
            f"{'threat':<22}{'threat':<16}{t['precision']:>7.3f}{t['recall']:>8.3f}"
            f"{t['f1']:>7.3f}{t['positives']:>7d}"
        )
    if "targets" in metrics:
        lines.append(
            f"{'targets':<22}{'micro-F1':<16}{'':>15}{metrics['targets']['micro_f1']:>7.3f}"
        )
    return "\n".join(lines)


# --- Functional tests (HateCheck-style) ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class FunctionalCase:
    lang: str
    functionality: str
    text: str
    label: str


def load_functional_suite(directory: Path = FUNCTIONAL_DIR) -> list[FunctionalCase]:
    """The held-out functional cases, `{lang}.jsonl` per language (never training data)."""
    cases: list[FunctionalCase] = []
    for lang in LANGUAGES:
        path = directory / f"{lang}.jsonl"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                row = json.loads(line)
                if row.get("label") not in LABELS or not row.get("functionality"):
                    raise ValueError(f"{path}:{number}: needs a functionality and a known label")
                cases.append(FunctionalCase(lang, row["functionality"], row["text"], row["label"]))
    return cases


def _accuracy_block(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    # HateCheck scores hateful against everything else; the 4-label accuracy is stricter.
    binary = [(g == "hateful") == (p == "hateful") for g, p in zip(gold, predicted, strict=True)]
    exact = [g == p for g, p in zip(gold, predicted, strict=True)]
    n = len(gold)
    return {
        "n": n,
        "accuracy": round(sum(binary) / n, 4) if n else 0.0,
        "accuracy_4label": round(sum(exact) / n, 4) if n else 0.0,
    }


def predict_labels(model: Classifier, texts: Sequence[str], langs: Sequence[str]) -> list[str]:
    """The most likely of the four labels for each text, its language given, in batches."""
    parts = [
        model.predict_arrays(texts[start : start + _BATCH], langs[start : start + _BATCH])[0]
        for start in range(0, len(texts), _BATCH)
    ]
    return [LABELS[i] for i in np.argmax(np.vstack(parts), axis=1)] if parts else []


def evaluate_functional(
    model: Classifier, cases: Sequence[FunctionalCase] | None = None
) -> dict[str, Any]:
    """Accuracy (hateful vs rest, and 4-label) overall, per language and per functionality."""
    cases = load_functional_suite() if cases is None else list(cases)
    if not cases:
        return {"n": 0, "overall": None, "languages": {}, "functionalities": {}}
    predicted = predict_labels(model, [c.text for c in cases], [c.lang for c in cases])
    gold = [c.label for c in cases]

    def block(idx: Sequence[int]) -> dict[str, Any]:
        return _accuracy_block([gold[i] for i in idx], [predicted[i] for i in idx])

    by_lang: dict[str, list[int]] = {}
    by_func: dict[str, list[int]] = {}
    for i, case in enumerate(cases):
        by_lang.setdefault(case.lang, []).append(i)
        by_func.setdefault(case.functionality, []).append(i)
    functionalities: dict[str, Any] = {}
    for name, idx in by_func.items():  # in suite order
        entry = block(idx)
        entry["label"] = cases[idx[0]].label
        langs: dict[str, list[int]] = {}
        for i in idx:
            langs.setdefault(cases[i].lang, []).append(i)
        entry["languages"] = {lang: block(langs[lang]) for lang in LANGUAGES if lang in langs}
        functionalities[name] = entry
    return {
        "n": len(cases),
        "overall": block(range(len(cases))),
        "languages": {lang: block(by_lang[lang]) for lang in LANGUAGES if lang in by_lang},
        "functionalities": functionalities,
        "failures": [
            {"lang": c.lang, "functionality": c.functionality, "text": c.text,
             "label": c.label, "predicted": p}
            for c, p in zip(cases, predicted, strict=True)
            if p != c.label
        ],
    }  # fmt: skip


def format_functional_table(metrics: dict[str, Any]) -> str:
    """One row per functionality (hateful-vs-rest accuracy per language), then the totals."""
    langs = list(metrics.get("languages", {}))
    header = f"{'functionality':<22}{'gold':<16}" + "".join(f"{lang:>7}" for lang in langs)
    lines = [header + f"{'all':>7}{'4-label':>9}{'n':>6}"]
    for name, entry in metrics.get("functionalities", {}).items():
        cells = "".join(
            f"{entry['languages'][lang]['accuracy']:>7.3f}" if lang in entry["languages"]
            else f"{'-':>7}"
            for lang in langs
        )  # fmt: skip
        lines.append(
            f"{name:<22}{entry['label']:<16}{cells}{entry['accuracy']:>7.3f}"
            f"{entry['accuracy_4label']:>9.3f}{entry['n']:>6d}"
        )
    if metrics.get("overall"):
        cells = "".join(f"{metrics['languages'][lang]['accuracy']:>7.3f}" for lang in langs)
        overall = metrics["overall"]
        lines.append(
            f"{'overall (hateful vs rest)':<38}{cells}{overall['accuracy']:>7.3f}"
            f"{overall['accuracy_4label']:>9.3f}{overall['n']:>6d}"
        )
        cells = "".join(f"{metrics['languages'][lang]['accuracy_4label']:>7.3f}" for lang in langs)
        lines.append(f"{'overall (4-label)':<38}{cells}")
    return "\n".join(lines)
