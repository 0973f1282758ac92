"""Ingestion benchmark: a JSONL source of N messages scanned end to end into a fresh database.

    .venv/bin/python scripts/bench/ingest.py                       # 100,000 messages, SQLite
    .venv/bin/python scripts/bench/ingest.py --database-url postgresql+psycopg://u@host/db

Reports messages/s of the first scan (connector, dedup, pseudonyms, language detection, thread
building, commits), the process's peak memory, and the cost of three follow-up scans relative
to the first: the same source again (checkpoint: nothing to read), the whole file again without
the checkpoint (every message deduplicated), and the file grown by 1% (only those are new).
With PostgreSQL a scratch database is created next to the one named and dropped afterwards.
`cpu_reference_seconds` times a fixed pure-Python loop in the same run: compare messages/s
between runs only together with it, as this machine's speed changes over the day.
The scans run as in the scheduler: on PostgreSQL the next batch is prepared (pseudonyms,
languages, classification) in a second process while one is stored, and that process's peak
memory is printed too (`NETPOLARNA_NETWALK_PREPARE_PROCESS=on` asks for it on SQLite as well).
On SQLite a scan of local files is prepared and stored in turn in this one process.
`--model DIR` scores with a model version folder trained elsewhere (another commit's, say, to
compare two commits' code with one model) instead of training one from this checkout's corpus.
`--baseline` then times a first scan prepared and stored in turn in this one process
(`NETWALK_PREPARE_PROCESS=off`, `NETWALK_READ_AHEAD_BATCHES=0`), in another fresh database, and
prints the speed-up (on SQLite the same path as the default).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from dbsupport import create_postgres_database  # noqa: E402  (scratch databases, as the tests make them)

SENTENCES = {
    "sv": "jag tycker att skolan borde lyssna mer på eleverna och kommunen har fattat ett beslut "
    "som många är arga över men vi kan prata om det lugnt i kväll efter träningen",
    "da": "jeg synes at skolen burde lytte mere til eleverne og kommunen har taget en beslutning "
    "som mange er vrede over men vi kan snakke roligt om det i aften efter træning",
    "nb": "jeg synes at skolen burde lytte mer til elevene og kommunen har tatt en beslutning "
    "som mange er sinte for men vi kan snakke rolig om det i kveld etter trening",
    "en": "i think the school should listen more to the students and the council made a decision "
    "that many are angry about but we can talk about it calmly tonight after practice",
}
WORDS = {lang: sentence.split() for lang, sentence in SENTENCES.items()}
THREAD_SIZE = 50


def _messages(count: int, *, start: int = 0, seed: int = 1) -> Iterator[dict[str, Any]]:
    """`count` messages in threads of ~50, replies to the root or an earlier reply."""
    rng = random.Random(seed + start)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    langs = list(WORDS)
    for n in range(start, start + count):
        thread, position = divmod(n, THREAD_SIZE)
        lang = langs[thread % len(langs)]
        words = rng.choices(WORDS[lang], k=rng.randint(8, 30))
        parent = None if position == 0 else f"m{thread * THREAD_SIZE + rng.randrange(position)}"
        yield {
            "source_thread_id": f"t{thread}",
            "message_id": f"m{n}",
            "parent_id": parent,
            "author": f"user_{rng.randrange(5000)}",
            "text": " ".join(words).capitalize() + f" ({n})",
            "created_at": (base + timedelta(seconds=n * 7)).isoformat(),
            "thread_title": f"Thread {thread}" if position == 0 else None,
        }


def _write(path: Path, records: Iterator[dict[str, Any]], *, append: bool = False) -> None:
    with path.open("a" if append else "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _cpu_reference_seconds() -> float:
    """A fixed pure-Python workload, timed in this run: shared machines change speed from hour
    to hour, and this tells how fast this one was while the scans ran (best of three)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        sum(i * i for i in range(3_000_000))
        best = min(best, time.perf_counter() - started)
    return round(best, 3)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _train_model(instance: Path, database_url: str) -> None:
    env = {
        **os.environ,
        "NETPOLARNA_INSTANCE_PATH": str(instance),
        "NETPOLARNA_DATABASE_URL": database_url,
        "NETPOLARNA_CORPUS_DIRS": "",
    }
    subprocess.run(
        [sys.executable, "-m", "netpolarna.cli", "model", "train", "--no-progress"],
        env=env,
        check=True,
        capture_output=True,
    )


def _use_model(instance: Path, folder: Path) -> None:
    """Activate a model trained elsewhere (say by another commit, to time two commits' code
    with one model) instead of training one here."""
    from netpolarna.netwalk.classifier import registry

    shutil.copytree(folder, registry.models_dir(instance) / folder.name)
    registry.activate(instance, folder.name)


def run(
    messages: int,
    database_url: str | None,
    work: Path,
    classify: bool,
    *,
    pipelined: bool = True,
    follow_ups: bool = True,
    model: Path | None = None,
) -> dict[str, Any]:
    """The first scan and, with `follow_ups`, the three scans after it, in a fresh database.

    `pipelined`: scans run as the scheduler runs them by default (the next batch prepared while
    one is stored, in the preparation process on PostgreSQL); without it each batch is
    prepared and stored in turn in this process."""
    os.environ.setdefault("NETPOLARNA_ENV", "testing")
    os.environ["NETPOLARNA_INSTANCE_PATH"] = str(work / "instance")
    from netpolarna import create_app
    from netpolarna.db import db
    from netpolarna.netwalk import sources
    from netpolarna.netwalk.ingestion import prepare_worker, scanning
    from netpolarna.netwalk.models import Message, Source

    drop = None
    if database_url:
        scratch = create_postgres_database(database_url, prefix="netpolarna_bench")
        url, drop = scratch.url, scratch.cleanup
    else:
        url = f"sqlite:///{work / 'bench.sqlite3'}"
    feed = work / "instance" / "source.jsonl"  # JSONL sources read under the instance folder
    feed.parent.mkdir(parents=True, exist_ok=True)
    _write(feed, _messages(messages))
    settings = {"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "CORPUS_DIRS": []}
    switches = ("NETWALK_READ_AHEAD_BATCHES", "NETWALK_PREPARE_PROCESS")
    app = create_app({**settings, **({} if pipelined else dict.fromkeys(switches, 0))})
    result: dict[str, Any] = {"database": url.split(":", 1)[0], "messages": messages}
    result["classified"] = classify
    result["pipelined"] = pipelined
    try:
        with app.app_context():
            db.create_all()
            if classify and model is not None:
                _use_model(work / "instance", model)
            elif classify:
                # Score every message as production does, with a model trained on the shipped
                # corpus in another process (so training does not set this process's peak RSS).
                _train_model(work / "instance", url)
            # As the scheduler does at start: start the preparation process, load the language
            # model and the classifier once, before any scan, and tune the cycle collector.
            scanning.prepare_scanning_process()
            source = sources.create_source(
                name="bench", kind="jsonl", config={"path": str(feed), "batch_size": 1000}
            )
            rss_before = _peak_rss_mb()

            def timed(label: str) -> float:
                started = time.perf_counter()
                run = scanning.scan_source(source.id, trigger="cli")
                elapsed = time.perf_counter() - started
                assert run is not None and run.status == "succeeded", run and run.error
                result[f"{label}_seconds"] = round(elapsed, 3)
                result[f"{label}_new"] = run.new
                result[f"{label}_duplicate"] = run.duplicate
                return elapsed

            first = timed("first")
            result["messages_per_second"] = round(messages / first)
            result["peak_rss_mb"] = round(_peak_rss_mb(), 1)
            result["rss_growth_during_scan_mb"] = round(_peak_rss_mb() - rss_before, 1)
            worker_rss = prepare_worker.peak_rss_mb()
            result["preparation_process"] = worker_rss is not None
            if worker_rss is not None:
                result["preparation_process_peak_rss_mb"] = round(worker_rss, 1)
            if follow_ups:
                result["second_over_first"] = round(timed("second") / first, 4)

                db.session.get(Source, source.id).state = {}  # type: ignore[union-attr]
                db.session.commit()
                result["full_dedup_over_first"] = round(timed("dedup") / first, 4)

                extra = max(1, messages // 100)
                _write(feed, _messages(extra, start=messages, seed=7), append=True)
                result["plus_one_percent_over_first"] = round(timed("plus1") / first, 4)
                result["cpu_reference_seconds"] = _cpu_reference_seconds()
                stored = db.session.query(Message).count()
                assert stored == messages + extra, stored
                scored = db.session.query(Message).filter(Message.label.is_not(None)).count()
                assert scored == (stored if classify else 0), scored
            db.session.remove()
            db.engine.dispose()
    finally:
        prepare_worker.stop()
        if drop is not None:
            drop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--database-url", help="a PostgreSQL URL (a scratch database is used)")
    parser.add_argument(
        "--no-classify", action="store_true", help="ingest without a trained model (no scoring)"
    )
    parser.add_argument(
        "--model",
        type=Path,
        help="a trained model version folder to score with instead of training one here",
    )
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="then time a first scan without the pipeline, in another fresh database",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="netpolarna-bench-") as tmp:
        result = run(
            args.messages, args.database_url, Path(tmp) / "main", not args.no_classify,
            model=args.model,
        )  # fmt: skip
        baseline = None
        if args.baseline:  # after the main run, so that its peak memory is its own
            baseline = run(args.messages, args.database_url, Path(tmp) / "baseline",
                           not args.no_classify, pipelined=False, follow_ups=False,
                           model=args.model)  # fmt: skip
    if baseline is not None:
        result["baseline_messages_per_second"] = baseline["messages_per_second"]
        result["pipelined_speedup"] = round(
            result["messages_per_second"] / baseline["messages_per_second"], 2
        )
    width = max(len(key) for key in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
