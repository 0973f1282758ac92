"""Bring the hand-written corpus of the independent writers into the package.

    .venv/bin/python scripts/corpus/import_written.py /path/to/written_corpus
    .venv/bin/python scripts/corpus/import_written.py --append /path/to/next_round

`--append` adds a later round's messages and threads to the files already here, leaving out any
message text (compared without case and spacing) that the corpus or a blind set already holds and
any thread reply that repeats a blind-set line (its replies move up to its parent), and adds the
writers' notes to the READMEs.

The folder holds `messages/{lang}.jsonl`, `threads/{lang}.jsonl`, `threads/index_{lang}.jsonl`
and `README_*.md`, as the writers deliver it. Messages go to `classifier/data/written/`, threads
to `classifier/threads/written/` (one `index.jsonl`), the writers' notes to the READMEs there.
Rows are checked as training reads them (`example_from_mapping`); a broken row stops the import.
Texts are copied as written: the corpus is the writers' work (CC BY 4.0) and is not edited here.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from netpolarna.netwalk.classifier.corpus import (  # noqa: E402
    DATA_DIR,
    LANGUAGES,
    WRITTEN_DIR,
    WRITTEN_SOURCE,
    read_jsonl,
)
from netpolarna.netwalk.detection.thread_corpus import (  # noqa: E402
    THREADS_DIR,
    load_threads,
    read_jsonl_rows,
)

_HEADER = """# Hand-written corpus of independent writers (model-card fragment)

Messages and whole threads in sv, da, nb and en, written by hand (no templates) on 2026-12-01 in
two rounds by six writers working apart from the rest of the project's data and from each other
(a third round of messages followed on 2026-12-02, ids `r3-`: see the end):
first one for Swedish and Danish and one for Norwegian Bokmål and English, then one writer per
language (round-two ids start with `r2-`; those threads lean towards hard negatives: heated
debates and benign threads). Nine thread replies that happened to repeat a blind-set line word
for word ("jeg er med", "send send send") were left out, their replies re-attached to the
parent. Read by `load_project_corpus` (source `written`) and `load_threads` (source `written`);
20% of the messages (deterministic per text, as for every source) are held out for the in-
distribution figures, and the thread model holds out a share of the threads the same way.
Imported with `scripts/corpus/import_written.py`.

**Licence:** the project's own work, CC BY 4.0. Credit: "Nätpolarna hand-written corpus".

The writers' own notes follow.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--append", action="store_true", help="add a round's messages")
    args = parser.parse_args()
    source: Path = args.source
    if args.append:
        append_round(source)
        return
    messages_out = DATA_DIR / WRITTEN_DIR
    threads_out = THREADS_DIR / WRITTEN_DIR
    for folder in (messages_out, threads_out):
        folder.mkdir(parents=True, exist_ok=True)
    notes = "\n".join(p.read_text(encoding="utf-8") for p in sorted(source.glob("README*.md")))
    index_rows = []
    for lang in LANGUAGES:
        messages = source / "messages" / f"{lang}.jsonl"
        if messages.exists():
            count = len(read_jsonl(messages, source=WRITTEN_SOURCE))  # validates every row
            shutil.copyfile(messages, messages_out / f"{lang}.jsonl")
            print(f"messages {lang}: {count}")
        threads = source / "threads" / f"{lang}.jsonl"
        index = source / "threads" / f"index_{lang}.jsonl"
        if threads.exists() and index.exists():
            shutil.copyfile(threads, threads_out / f"{lang}.jsonl")
            lines = index.read_text(encoding="utf-8").splitlines()
            index_rows += [json.loads(line) for line in lines if line.strip()]
    (threads_out / "index.jsonl").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in index_rows),
        encoding="utf-8",
    )
    for folder in (messages_out, threads_out):
        (folder / "README.md").write_text(_HEADER + "\n" + notes, encoding="utf-8")
    threads_read = load_threads(threads_out, source=WRITTEN_SOURCE)
    print(f"threads: {len(threads_read)} of {len(index_rows)} indexed")


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _texts_in(paths: Iterable[Path]) -> set[str]:
    """The texts of these JSONL files, compared without case and spacing."""
    return {
        _key(row["text"])
        for path in paths
        for row in read_jsonl_rows(path)
        if isinstance(row.get("text"), str)
    }


def append_round(source: Path) -> None:
    """A later round: its messages and threads go after the earlier rounds'. Messages the
    package already holds are left out, and thread replies that repeat a blind-set line."""
    messages_out = DATA_DIR / WRITTEN_DIR
    # Every text the package holds: training data, threads and the blind sets.
    known = _texts_in(DATA_DIR.parent.rglob("*.jsonl"))
    added_messages = False
    for lang in LANGUAGES:
        messages = source / "messages" / f"{lang}.jsonl"
        if not messages.exists():
            continue
        read_jsonl(messages, source=WRITTEN_SOURCE)  # validates every row
        lines = [line for line in messages.read_text(encoding="utf-8").splitlines() if line]
        fresh = [line for line in lines if _key(json.loads(line)["text"]) not in known]
        with (messages_out / f"{lang}.jsonl").open("a", encoding="utf-8") as out:
            out.writelines(line + "\n" for line in fresh)
        added_messages = True
        print(f"messages {lang}: {len(fresh)} added, {len(lines) - len(fresh)} already known")
    blind = _texts_in(DATA_DIR.parent.glob("blind*/**/*.jsonl"))
    threads_out = THREADS_DIR / WRITTEN_DIR
    index_rows = []
    for lang in LANGUAGES:
        threads = source / "threads" / f"{lang}.jsonl"
        index = source / "threads" / f"index_{lang}.jsonl"
        if not (threads.exists() and index.exists()):
            continue
        rows = [json.loads(line) for line in threads.read_text(encoding="utf-8").splitlines()]
        kept = _without_blind_replies(rows, blind)
        with (threads_out / f"{lang}.jsonl").open("a", encoding="utf-8") as out:
            out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in kept)
        lines = index.read_text(encoding="utf-8").splitlines()
        index_rows += [json.loads(line) for line in lines if line.strip()]
        print(f"threads {lang}: {len(kept)} messages, {len(rows) - len(kept)} left out")
    if index_rows:
        with (threads_out / "index.jsonl").open("a", encoding="utf-8") as out:
            out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in index_rows)
    notes = "\n".join(p.read_text(encoding="utf-8") for p in sorted(source.glob("README*.md")))
    folders = [messages_out] if added_messages else []
    folders += [threads_out] if index_rows else []
    for folder in folders:
        with (folder / "README.md").open("a", encoding="utf-8") as readme:
            readme.write("\n" + notes)
    print(f"threads: {len(load_threads(threads_out, source=WRITTEN_SOURCE))} readable")


def _without_blind_replies(rows: list[dict], blind: set[str]) -> list[dict]:
    """A thread message that repeats a blind-set line word for word is left out (evaluation
    text must not be trained on); its replies move up to its parent."""
    parent_of = {row["message_id"]: row.get("parent_id") for row in rows}
    dropped = {row["message_id"] for row in rows if _key(row["text"]) in blind}
    kept = []
    for row in rows:
        if row["message_id"] in dropped:
            continue
        parent = row.get("parent_id")
        while parent in dropped:
            parent = parent_of[parent]
        kept.append({**row, "parent_id": parent})
    return kept


if __name__ == "__main__":
    main()
