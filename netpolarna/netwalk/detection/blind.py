"""Evaluation on the blind sets: messages and whole threads written by someone who never saw the
training corpus (`classifier/blind/`, `classifier/blind2/`, ...: every folder named `blind` or
`blind<N>`, each from another writer; see their READMEs). It lives in detection because the
thread half runs the conflict detector (and the pile-on model).

Nothing here is used by training: `train.py` never imports this module and a test checks that
training reads no file under any blind folder. Only aggregate figures leave this module; the
CLI and the model card print each set's figures beside the in-distribution held-out figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import precision_recall_fscore_support

import netpolarna.netwalk.classifier as classifier_package
from netpolarna.netwalk.classifier.corpus import LABELS, LANGUAGES, CorpusError, Example
from netpolarna.netwalk.classifier.corpus import example_from_mapping as _example
from netpolarna.netwalk.classifier.evaluate import evaluate
from netpolarna.netwalk.classifier.model import Classifier
from netpolarna.netwalk.detection.thread_corpus import load_threads, read_jsonl_rows
from netpolarna.netwalk.detection.thread_model import LabelledThread, ThreadModel
from netpolarna.netwalk.detection.thread_replay import assess_thread

# The data stays beside the classifier's other data sets (`classifier/blind/`, `blind2/`, ...).
BLIND_ROOT = Path(classifier_package.__file__).parent
BLIND_DIR = BLIND_ROOT / "blind"
_BLIND_NAME = re.compile(r"blind\d*")
BLIND_SOURCE = "blind"
THREAT_THRESHOLD = 0.5
THREAD_KINDS = ("pile_on", "heated_debate", "benign", "counter_speech", "single_hateful")
_BATCH = 2048


def is_blind_path(path: Path, root: Path = BLIND_ROOT) -> bool:
    """Whether `path` lies in a blind folder (`blind`, `blind2`, ...) under `root`."""
    try:
        first = path.resolve().relative_to(root.resolve()).parts[0]
    except (ValueError, IndexError):
        return False
    return _BLIND_NAME.fullmatch(first) is not None


def blind_dirs(root: Path = BLIND_ROOT) -> list[Path]:
    """The blind set folders present under `root`, in name order (blind, blind2, ...)."""
    found = [p for p in root.iterdir() if p.is_dir() and _BLIND_NAME.fullmatch(p.name)]
    return sorted(found, key=lambda p: (len(p.name), p.name))


def load_blind_messages(directory: Path = BLIND_DIR) -> list[Example]:
    """`messages/{lang}.jsonl`; rows with an unknown label or no text are skipped."""
    examples: list[Example] = []
    for lang in LANGUAGES:
        path = directory / "messages" / f"{lang}.jsonl"
        if not path.exists():
            continue
        for row in read_jsonl_rows(path):
            row = {**row, "lang": row.get("lang") or lang, "threat": bool(row.get("threat"))}
            try:
                examples.append(_example(row, source=BLIND_SOURCE))
            except CorpusError:
                continue
    return examples


def load_blind_threads(directory: Path = BLIND_DIR) -> list[LabelledThread]:
    """`threads/index.jsonl` joined with the messages of `threads/{lang}.jsonl`."""
    return load_threads(directory / "threads", source=BLIND_SOURCE)


def _predict(model: Classifier, examples: Sequence[Example]) -> tuple[np.ndarray, ...]:
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for start in range(0, len(examples), _BATCH):
        batch = examples[start : start + _BATCH]
        parts.append(model.predict_arrays([e.text for e in batch], [e.lang for e in batch]))
    return tuple(np.concatenate([p[i] for p in parts]) for i in range(3))


def threat_block(gold: Sequence[bool], scores: np.ndarray, threshold: float) -> dict[str, Any]:
    predicted = scores >= threshold
    gold_array = np.array(gold, dtype=bool)
    p, r, f, _ = precision_recall_fscore_support(
        gold_array, predicted, average="binary", zero_division=0
    )
    negatives = int((~gold_array).sum())
    false_alarms = int((predicted & ~gold_array).sum())
    return {
        "threshold": threshold,
        "n": len(gold),
        "positives": int(gold_array.sum()),
        "precision": round(float(p), 4),
        "recall": round(float(r), 4),
        "f1": round(float(f), 4),
        "false_alarm_rate": round(false_alarms / negatives, 4) if negatives else 0.0,
    }


def evaluate_blind_messages(model: Classifier, examples: Sequence[Example]) -> dict[str, Any]:
    """Per-language 4-label metrics, threat at 0.5 (and a sweep), target accuracy."""
    examples = list(examples)
    if not examples:
        return {"n": 0}
    result = evaluate(model, examples)
    result.pop("sources", None)
    _, threat, targets = _predict(model, examples)
    gold_threat = [e.threat for e in examples]
    result["threat"] = threat_block(gold_threat, threat, THREAT_THRESHOLD)
    result["threat_sweep"] = [
        threat_block(gold_threat, threat, t) for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
    ]
    result["threat_languages"] = {
        lang: threat_block(
            [e.threat for e in examples if e.lang == lang],
            threat[[i for i, e in enumerate(examples) if e.lang == lang]],
            THREAT_THRESHOLD,
        )
        for lang in LANGUAGES
        if any(e.lang == lang for e in examples)
    }
    # Target accuracy: on messages whose gold label is hateful or offensive, the predicted set
    # of targets equals the gold set.
    names = model.target_names
    hits = model.target_hits(targets)
    attacked = [i for i, e in enumerate(examples) if e.label in ("hateful", "offensive")]
    exact = [
        {n for n, h in zip(names, hits[i], strict=True) if h} == set(examples[i].targets)
        for i in attacked
    ]
    result["targets"] = {
        "n": len(attacked),
        "exact_accuracy": round(sum(exact) / len(exact), 4) if exact else 0.0,
        "per_target": _per_target([examples[i] for i in attacked], hits[attacked], names),
    }
    return result


def _per_target(
    examples: Sequence[Example], hits: np.ndarray, names: Sequence[str]
) -> dict[str, dict[str, float | int]]:
    """Precision and recall of each target on the attacking messages (hateful, offensive)."""
    out: dict[str, dict[str, float | int]] = {}
    for column, name in enumerate(names):
        gold = np.array([name in e.targets for e in examples], dtype=bool)
        predicted = hits[:, column] if len(examples) else np.zeros(0, dtype=bool)
        if not gold.any() and not predicted.any():
            continue
        p, r, _, _ = precision_recall_fscore_support(
            gold, predicted, average="binary", zero_division=0
        )
        out[name] = {"precision": round(float(p), 4), "recall": round(float(r), 4),
                     "support": int(gold.sum())}  # fmt: skip
    return out


def evaluate_blind_threads(
    model: Classifier,
    threads: Sequence[LabelledThread],
    thread_model: ThreadModel | None = None,
) -> dict[str, Any]:
    """Per kind: how many threads the detector flags (severity low or above), scored by
    `thread_model` when given."""
    if not threads:
        return {"n": 0, "kinds": {}}
    kinds: dict[str, dict[str, int]] = {}
    per_lang: dict[str, dict[str, dict[str, int]]] = {}
    flagged_ids: set[int] = set()
    for thread in threads:
        flagged = assess_thread(model, list(thread.messages), thread_model).flagged
        if flagged:
            flagged_ids.add(id(thread))
        for bucket in (kinds, per_lang.setdefault(thread.lang, {})):
            entry = bucket.setdefault(thread.kind, {"n": 0, "flagged": 0})
            entry["n"] += 1
            entry["flagged"] += int(flagged)
    should = [t for t in threads if t.should_flag]
    should_not = [t for t in threads if not t.should_flag]

    def share(kind: str) -> float | None:
        entry = kinds.get(kind)
        return round(entry["flagged"] / entry["n"], 4) if entry else None

    return {
        "n": len(threads),
        "kinds": kinds,
        "languages": per_lang,
        "pile_on_recall": share("pile_on"),
        "heated_debate_false_alarms": share("heated_debate"),
        "benign_false_alarms": share("benign"),
        "should_flag_recall": round(sum(id(t) in flagged_ids for t in should) / len(should), 4)
        if should
        else None,
        "should_not_flag_false_alarms": round(
            sum(id(t) in flagged_ids for t in should_not) / len(should_not), 4
        )
        if should_not
        else None,
    }


def evaluate_blind(
    model: Classifier,
    directory: Path = BLIND_DIR,
    *,
    thread_model: ThreadModel | None = None,
) -> dict[str, Any] | None:
    """Both blind reports, or None when the folder holds no blind data."""
    messages = load_blind_messages(directory)
    threads = load_blind_threads(directory)
    if not messages and not threads:
        return None
    return {
        "messages": evaluate_blind_messages(model, messages),
        "threads": evaluate_blind_threads(model, threads, thread_model),
    }


def evaluate_blind_sets(
    model: Classifier,
    directories: Sequence[Path] | None = None,
    *,
    thread_model: ThreadModel | None = None,
) -> dict[str, dict[str, Any]]:
    """Each blind set's report by folder name (set 1 `blind`, set 2 `blind2`, ...), never
    pooled: each set is its own writer's test. Folders without blind data are left out."""
    reports = {}
    for directory in blind_dirs() if directories is None else directories:
        report = evaluate_blind(model, Path(directory), thread_model=thread_model)
        if report is not None:
            reports[Path(directory).name] = report
    return reports


def format_blind(metrics: dict[str, Any]) -> str:
    """The blind figures as plain text, in the order of the issue's table."""
    lines: list[str] = []
    messages = metrics.get("messages") or {}
    for lang, block in (messages.get("languages") or {}).items():
        recalls = "  ".join(
            f"{label} {block['labels'][label]['recall']:.2f}"
            for label in LABELS
            if label in block["labels"]
        )
        lines.append(
            f"blind {lang}: 4-label macro-F1 {block['macro_f1']:.3f} (n={block['n']})  "
            f"recall: {recalls}"
        )
    overall = messages.get("overall")
    if overall:
        cs = overall["labels"].get("counter_speech")
        lines.append(
            f"blind all: macro-F1 {overall['macro_f1']:.3f}"
            + (f"  counter-speech recall {cs['recall']:.3f}" if cs else "")
        )
    for t in messages.get("threat_sweep") or []:
        lines.append(
            f"blind threat >= {t['threshold']:.1f}: precision {t['precision']:.3f}  recall "
            f"{t['recall']:.3f}  false alarms {100 * t['false_alarm_rate']:.1f}%  "
            f"(positives {t['positives']} of {t['n']})"
        )
    if messages.get("targets"):
        tg = messages["targets"]
        lines.append(f"blind targets: exact accuracy {tg['exact_accuracy']:.3f} (n={tg['n']})")
        for name, block in (tg.get("per_target") or {}).items():
            lines.append(
                f"blind target {name}: precision {block['precision']:.3f}  recall "
                f"{block['recall']:.3f}  (n={block['support']})"
            )
    threads = metrics.get("threads") or {}
    for kind, entry in (threads.get("kinds") or {}).items():
        lines.append(f"blind threads {kind}: flagged {entry['flagged']} of {entry['n']}")
    return "\n".join(lines)
