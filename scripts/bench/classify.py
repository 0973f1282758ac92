"""Benchmark the message classifier: messages/s scored by one process, and model load time.

    .venv/bin/python scripts/bench/classify.py [--model DIR] [--corpus-dir DIR ...] [--n 20000]

Without --model a model is trained first (project corpus + the given corpus folders) into a
temporary instance folder and its held-out metrics are printed. Texts are held-out messages of
social-media length. Language identification is timed on its own (batched, one text at a time,
and py3langid's reference path) and its agreement with py3langid is checked on a mixed sample.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from netpolarna.netwalk.classifier import model as model_module
from netpolarna.netwalk.classifier.classify_stream import classify_lines
from netpolarna.netwalk.classifier.corpus import (
    Example,
    load_corpus,
    split_corpus_dirs,
    split_held_out,
)
from netpolarna.netwalk.classifier.language import (
    detect_language,
    detect_languages,
    reference_detect_language,
)
from netpolarna.netwalk.classifier.model import load_model
from netpolarna.netwalk.classifier.train import train_model, write_model

Row = tuple[str, int, float]
# Per corpus source, at most this many texts go into the language-ID agreement sample.
LANGUAGE_SAMPLE_PER_SOURCE = 3000


def _metrics_line(metrics: dict[str, Any]) -> str:
    parts = []
    languages = sorted(metrics.get("languages", {}).items())
    for name, block in [("overall", metrics.get("overall")), *languages]:
        if block:
            parts.append(
                f"{name}: acc {block['accuracy']:.3f} macro-F1 {block['macro_f1']:.3f} "
                f"abusive-F1 {block['abusive_macro_f1']:.3f}"
            )
    return "; ".join(parts)


def _language_sample(examples: list[Example]) -> list[str]:
    """Mixed texts: up to LANGUAGE_SAMPLE_PER_SOURCE per corpus source, in corpus order."""
    by_source: dict[str, list[str]] = {}
    for example in examples:
        texts = by_source.setdefault(example.source, [])
        if len(texts) < LANGUAGE_SAMPLE_PER_SOURCE:
            texts.append(example.text)
    return [text for texts in by_source.values() for text in texts]


def _language_rows(examples: list[Example], batch_size: int) -> tuple[list[Row], str]:
    """Throughput rows for language ID, and a line on agreement with py3langid."""
    mixed = _language_sample(examples)
    short = [t for t in mixed if len(t) <= 280]
    started = time.perf_counter()
    detect_languages(short[:1])  # loads the model
    load_seconds = time.perf_counter() - started
    rows: list[Row] = []
    started = time.perf_counter()
    batched: list[str] = []
    for i in range(0, len(short), batch_size):
        batched += detect_languages(short[i : i + batch_size])
    rows.append((f"language ID, batches of {batch_size}", len(short), _rate(short, started)))
    single = short[:3000]
    started = time.perf_counter()
    for text in single:
        detect_language(text)
    rows.append(("language ID, one at a time", len(single), _rate(single, started)))
    started = time.perf_counter()
    reference = [reference_detect_language(t) for t in mixed]
    rows.append(("language ID, py3langid", len(mixed), _rate(mixed, started)))
    ours = detect_languages(mixed)
    agree = sum(a == b for a, b in zip(ours, reference, strict=True))
    singles_agree = sum(detect_language(t) == r for t, r in zip(mixed, reference, strict=True))
    sources = ", ".join(sorted({e.source for e in examples}))
    line = (
        f"language ID agreement with py3langid on {len(mixed)} mixed texts ({sources}): "
        f"batched {agree / len(mixed):.2%}, one at a time {singles_agree / len(mixed):.2%}; "
        f"model load {load_seconds:.2f} s"
    )
    return rows, line


def _rate(items: list[Any], started: float) -> float:
    return len(items) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="a model version folder")
    parser.add_argument("--corpus-dir", action="append", default=None)
    parser.add_argument("--n", type=int, default=20_000, help="messages to score")
    parser.add_argument("--batch-size", type=int, default=512)
    args = parser.parse_args()
    corpus_dirs = args.corpus_dir
    if corpus_dirs is None:
        corpus_dirs = split_corpus_dirs(os.environ.get("NETPOLARNA_CORPUS_DIRS", ""))

    corpus = load_corpus(corpus_dirs)
    model_dir = args.model
    if model_dir is None:
        instance = Path(tempfile.mkdtemp(prefix="netpolarna-bench-"))
        started = time.perf_counter()
        trained = train_model(corpus, seed=0, progress=True)
        model_dir = instance / "models" / write_model(trained, instance)
        print(f"trained {model_dir.name} in {time.perf_counter() - started:.1f} s")
        print(f"held-out metrics: {_metrics_line(trained.metrics)}")

    started = time.perf_counter()
    model_module._cache.clear()
    classifier = load_model(model_dir)
    load_seconds = time.perf_counter() - started

    _, held_out = split_held_out(corpus.examples)
    texts = [e for e in held_out if len(e.text) <= 280] or held_out
    sample = (texts * (args.n // len(texts) + 1))[: args.n]
    mean_len = sum(len(e.text) for e in sample) / len(sample)

    # First, so the language model's load is timed cold and "lang detected" is steady-state.
    rows, agreement = _language_rows(corpus.examples, args.batch_size)
    for name, langs in (("lang given", [e.lang for e in sample]), ("lang detected", None)):
        count = args.n if langs is not None else min(args.n, 5_000)
        started = time.perf_counter()
        for i in range(0, count, args.batch_size):
            batch = [e.text for e in sample[i : i + args.batch_size]]
            classifier.predict(batch, None if langs is None else langs[i : i + len(batch)])
        rows.append((f"predict, {name}", count, count / (time.perf_counter() - started)))

    lines = "".join(
        json.dumps({"id": i, "text": e.text, "lang": e.lang}, ensure_ascii=False) + "\n"
        for i, e in enumerate(sample)
    )
    started = time.perf_counter()
    classify_lines(io.StringIO(lines), io.StringIO(), classifier, batch_size=args.batch_size)
    rows.append(("classify stream (JSONL)", args.n, args.n / (time.perf_counter() - started)))

    print(f"\nmodel {model_dir.name}: load {load_seconds:.2f} s; mean text {mean_len:.0f} chars")
    print(f"{'what':<34}{'messages':>10}{'msgs/s':>12}")
    for name, count, rate in rows:
        print(f"{name:<34}{count:>10}{rate:>12,.0f}")
    print(agreement)


if __name__ == "__main__":
    main()
