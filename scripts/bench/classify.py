"""Benchmark the message classifier: messages/s scored by one process, and model load time.

    .venv/bin/python scripts/bench/classify.py [--model DIR] [--corpus-dir DIR ...] [--n 20000]

Without --model a model is trained first (project corpus + the given corpus folders) into a
temporary instance folder. Texts are held-out messages of social-media length.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import tempfile
import time
from pathlib import Path

from netpolarna.netwalk.classifier import model as model_module
from netpolarna.netwalk.classifier.classify_stream import classify_lines
from netpolarna.netwalk.classifier.corpus import load_corpus, split_corpus_dirs, split_held_out
from netpolarna.netwalk.classifier.model import load_model
from netpolarna.netwalk.classifier.train import train_model, write_model


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

    started = time.perf_counter()
    model_module._cache.clear()
    classifier = load_model(model_dir)
    load_seconds = time.perf_counter() - started

    _, held_out = split_held_out(corpus.examples)
    texts = [e for e in held_out if len(e.text) <= 280] or held_out
    sample = (texts * (args.n // len(texts) + 1))[: args.n]
    mean_len = sum(len(e.text) for e in sample) / len(sample)

    rows = []
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
    print(f"{'what':<28}{'messages':>10}{'msgs/s':>12}")
    for name, count, rate in rows:
        print(f"{name:<28}{count:>10}{rate:>12,.0f}")


if __name__ == "__main__":
    main()
