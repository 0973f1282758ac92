"""Benchmark the conflict detector: cost per new message as a thread grows from 10 to 10,000.

    .venv/bin/python scripts/bench/conflicts.py [--sizes 10,100,1000,10000] [--new 200]

Two measurements per thread size N, each on a thread that already holds N messages (a realistic
mix: mostly neutral, some targeted hostility from a rotating set of authors, counter-speech,
place names):

- core: `conflicts.update` + `assess` on the in-memory state (the pure algorithm);
- hook: `score_and_detect` on one newly stored message at a time, as ingestion calls it,
  against a SQLite database (load state, fold, save state, update the thread, raise or update
  the flag). No classifier is active, so labels are stored ones and classification is excluded.

Flat means the last row costs about what the first one does: the state is bounded, so nothing
re-reads the thread.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TEXTS = (
    ("Jag håller inte med om beslutet om Möckelngymnasiet", "neutral", ()),
    ("Du är så jävla äcklig, försvinn", "offensive", ("individual",)),
    ("Sluta nu, det här är mobbning", "counter_speech", ()),
    ("Vilket dåligt beslut av kommunen", "neutral", ()),
    ("De där jävla muslimerna borde åka hem", "hateful", ("religion",)),
    ("Bra skrivet, håller med", "neutral", ()),
)


def _message(i: int) -> tuple[str, str, str, tuple[str, ...], datetime]:
    text, label, targets = TEXTS[i % len(TEXTS)]
    author = f"user{(i * 7) % 97}"
    return f"{text} #{i}", label, author, targets, T0 + timedelta(seconds=40 * i)


def bench_core(sizes: list[int], new: int) -> list[float]:
    from netpolarna.netwalk.detection.conflict_state import (
        ConflictSettings,
        ConflictState,
        ScoredMessage,
    )
    from netpolarna.netwalk.detection.escalation import assess, update

    settings = ConflictSettings()

    def scored(i: int) -> ScoredMessage:
        text, label, author, targets, at = _message(i)
        keys = tuple(f"group:{t}" if t != "individual" else "person:victim" for t in targets)
        return ScoredMessage(
            id=i + 1,
            author=author,
            created_at=at,
            label=label,
            hostility=0.9 if label in {"hateful", "offensive"} else 0.05,
            threat=0.0,
            targets=keys,
            places=("Möckelngymnasiet",) if "Möckeln" in text else (),
        )

    results = []
    for size in sizes:
        state = ConflictState()
        for i in range(size):
            update(state, scored(i), settings)
        started = time.perf_counter()
        for i in range(size, size + new):
            update(state, scored(i), settings)
            assess(state, settings)
        results.append((time.perf_counter() - started) / new * 1e6)
    return results


def bench_hook(sizes: list[int], new: int) -> list[float]:
    instance = Path(tempfile.mkdtemp(prefix="netpolarna-bench-conflicts-"))
    os.environ["NETPOLARNA_INSTANCE_PATH"] = str(instance)
    os.environ.setdefault("NETPOLARNA_ENV", "development")
    from netpolarna import create_app
    from netpolarna.db import db
    from netpolarna.netwalk.detection.scoring import score_and_detect
    from netpolarna.netwalk.models import Message, Source, Thread

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'bench.sqlite3'}"})
    results = []
    with app.app_context():
        db.create_all()
        source = Source(name="bench", kind="jsonl", config={"path": "/dev/null"})
        db.session.add(source)
        db.session.commit()

        def rows(thread: Thread, start: int, stop: int) -> list[dict[str, object]]:
            out = []
            for i in range(start, stop):
                text, label, author, targets, at = _message(i)
                out.append(
                    {
                        "source_id": source.id,
                        "thread_id": thread.id,
                        "message_id": f"{thread.id}-{i}",
                        "reply_path": f"{i:08d}",
                        "author_pseudonym": hashlib.sha256(author.encode()).hexdigest(),
                        "text": text,
                        "content_hash": hashlib.sha256(f"{thread.id}{i}".encode()).hexdigest(),
                        "lang": "sv",
                        "created_at": at,
                        "label": label,
                        "score": 0.9 if label in {"hateful", "offensive"} else 0.05,
                        "threat": 0.0,
                        "targets": list(targets),
                    }
                )
            return out

        def insert(thread: Thread, start: int, stop: int) -> list[int]:
            result = db.session.execute(
                Message.__table__.insert().returning(Message.__table__.c.id),
                rows(thread, start, stop),
            )
            return [r[0] for r in result]

        for size in sizes:
            thread = Thread(source_id=source.id, source_thread_id=f"bench-{size}")
            db.session.add(thread)
            db.session.flush()
            # Build the thread up as ingestion would, in batches of 500.
            for start in range(0, size, 500):
                score_and_detect(insert(thread, start, min(size, start + 500)))
                db.session.commit()
            timings = []
            for i in range(size, size + new):
                ids = insert(thread, i, i + 1)
                db.session.flush()
                started = time.perf_counter()
                score_and_detect(ids)
                db.session.flush()
                timings.append(time.perf_counter() - started)
                db.session.commit()
            results.append(statistics.median(timings) * 1e6)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000,10000")
    parser.add_argument("--new", type=int, default=200, help="new messages timed per size")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    core = bench_core(sizes, args.new)
    hook = bench_hook(sizes, args.new)
    print(f"{'thread size':>12} {'core µs/msg':>12} {'hook µs/msg':>12}")
    for size, c, h in zip(sizes, core, hook, strict=True):
        print(f"{size:>12} {c:>12.1f} {h:>12.1f}")
    print(f"{'last/first':>12} {core[-1] / core[0]:>12.2f} {hook[-1] / hook[0]:>12.2f}")
    print("(hook: median over single-message batches, SQLite, stored labels, no classifier)")


if __name__ == "__main__":
    main()
