"""Labelled examples from the project's own corpus, public corpora on disk and staff labels.

External corpora are read where they lie (`NETPOLARNA_CORPUS_DIRS`); they are never copied into
the repository or the model artefact, only counted and credited.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LABELS: tuple[str, ...] = ("hateful", "offensive", "neutral", "counter_speech")
TARGETS: tuple[str, ...] = (
    "ethnicity",
    "religion",
    "lgbtq",
    "gender",
    "disability",
    "appearance",
    "individual",
)
LANGUAGES: tuple[str, ...] = ("sv", "da", "nb", "en")
PROJECT_SOURCE = "project"
# Template expansions of the project's phrase banks (`data/generated/`), weighed below the
# hand-written sources so that their uniform wording does not set the model's notion of hate.
GENERATED_SOURCE = "generated"
# Hand-written, register-varied messages by two independent writers (`data/written/`).
WRITTEN_SOURCE = "written"
STAFF_SOURCE = "staff"
DAVIDSON_SOURCE = "davidson2017"
DKHATE_SOURCE = "dkhate"
LDNOOBW_SOURCE = "ldnoobw"
HELD_OUT_FRACTION = 0.2

DATA_DIR = Path(__file__).with_name("data")
GENERATED_DIR = "generated"
WRITTEN_DIR = "written"
_DAVIDSON_LABELS = {"0": "hateful", "1": "offensive", "2": "neutral"}
_DKHATE_LABELS = {"OFF": "offensive", "NOT": "neutral"}
# The one DKhate row written with runs of spaces instead of tabs: "<id>   <text>   <label>".
_DKHATE_LOOSE_ROW = re.compile(r"^\s*(\d+)\s+(.*?)\s+(OFF|NOT)\s*$")
_LDNOOBW_LANGS = {"da": "da", "no": "nb", "sv": "sv", "en": "en"}


class CorpusError(ValueError):
    """A labelled example or corpus file that cannot be used."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    lang: str
    label: str
    threat: bool = False
    targets: tuple[str, ...] = ()
    source: str = PROJECT_SOURCE
    # False where the source labels only hate/offence: its threat and targets are unknown, not "no".
    detailed: bool = True


@dataclass(slots=True)
class Corpus:
    examples: list[Example]
    # Profanity terms (LDNOOBW) used as a weak lexicon feature, never as labels.
    lexicon: set[str] = field(default_factory=set)
    # Which corpus folders were found, for the model card's credits.
    sources: list[str] = field(default_factory=list)


def example_from_mapping(row: Mapping[str, Any], *, source: str, detailed: bool = True) -> Example:
    """Validate one labelled example as stored in the JSONL corpus or supplied by staff."""
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CorpusError("text must be a non-empty string")
    lang = row.get("lang")
    if not isinstance(lang, str) or not lang:
        raise CorpusError("lang must be a language code")
    label = row.get("label")
    if label not in LABELS:
        raise CorpusError(f"label must be one of {', '.join(LABELS)}")
    threat = row.get("threat", False)
    if not isinstance(threat, bool):
        raise CorpusError("threat must be true or false")
    targets = row.get("targets") or []
    if not isinstance(targets, list | tuple) or any(t not in TARGETS for t in targets):
        raise CorpusError(f"targets must be a list of {', '.join(TARGETS)}")
    return Example(
        text=text.strip(),
        lang=lang,
        label=str(label),
        threat=threat,
        targets=tuple(dict.fromkeys(targets)),
        source=source,
        detailed=detailed,
    )


def read_jsonl(path: Path, *, source: str) -> list[Example]:
    examples = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                examples.append(example_from_mapping(json.loads(line), source=source))
            except (json.JSONDecodeError, CorpusError) as exc:
                raise CorpusError(f"{path}:{number}: {exc}") from exc
    return examples


def load_project_corpus(data_dir: Path = DATA_DIR) -> list[Example]:
    """The project's own labelled Nordic and English examples shipped in the package: the
    first hand-written files, the generated, register-varied ones (`generated/`) and the
    hand-written corpus of independent writers (`written/`); see each folder's README."""
    examples: list[Example] = []
    for folder, source in (
        (data_dir, PROJECT_SOURCE),
        (data_dir / GENERATED_DIR, GENERATED_SOURCE),
        (data_dir / WRITTEN_DIR, WRITTEN_SOURCE),
    ):
        for lang in LANGUAGES:
            path = folder / f"{lang}.jsonl"
            if path.exists():
                examples.extend(read_jsonl(path, source=source))
    return examples


def load_davidson(path: Path) -> list[Example]:
    """Davidson et al. 2017 tweets: class 0 hate, 1 offensive, 2 neither."""
    examples = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            label = _DAVIDSON_LABELS.get((row.get("class") or "").strip())
            text = html.unescape(row.get("tweet") or "").strip()
            if label is None or not text:
                continue
            examples.append(Example(text, "en", label, source=DAVIDSON_SOURCE, detailed=False))
    return examples


def load_dkhate(path: Path) -> list[Example]:
    """OffensEval 2020 Danish (DKhate): OFF/NOT, read line by line because one row uses spaces."""
    examples = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) >= 3:
                text, tag = "\t".join(parts[1:-1]), parts[-1].strip()
            else:
                loose = _DKHATE_LOOSE_ROW.match(line)
                if loose is None:
                    continue  # header-less garbage: skip rather than guess
                text, tag = loose.group(2), loose.group(3)
            label = _DKHATE_LABELS.get(tag)
            text = text.strip()
            if label is None or not text:
                continue  # the header row, or an unknown tag
            examples.append(Example(text, "da", label, source=DKHATE_SOURCE, detailed=False))
    return examples


def load_ldnoobw(folder: Path) -> dict[str, list[str]]:
    """Profanity word lists per language (nb for the "no" list); one term a line."""
    lists: dict[str, list[str]] = {}
    for name, lang in _LDNOOBW_LANGS.items():
        path = folder / f"{name}.txt"
        if path.exists():
            terms = [t.strip() for t in path.read_text(encoding="utf-8").splitlines()]
            lists[lang] = [t for t in terms if t and not t.startswith("#")]
    return lists


def split_corpus_dirs(value: str | Sequence[str] | None) -> list[str]:
    """Accept "a:b", "a;b" (os.pathsep) or an already split list."""
    if not value:
        return []
    items = [value] if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        for part in re.split(rf"[:{re.escape(os.pathsep)}]", item) if os.name != "nt" else [item]:
            if part.strip():
                out.append(part.strip())
    return out


def _candidates(root: Path, relative: str) -> list[Path]:
    # The folder given may be the shared data folder itself or the corpus folder.
    first, _, rest = relative.partition("/")
    return [root / relative, root / rest] if root.name == first else [root / relative]


def load_external(corpus_dirs: Iterable[str | Path]) -> Corpus:
    """Every recognised public corpus found in the given folders (each read once)."""
    corpus = Corpus(examples=[])
    seen: set[Path] = set()
    for raw in corpus_dirs:
        root = Path(raw).expanduser()
        for relative, source in (
            ("davidson2017/labeled_data.csv", DAVIDSON_SOURCE),
            ("dkhate/offenseval-da-training-v1.tsv", DKHATE_SOURCE),
            ("ldnoobw", LDNOOBW_SOURCE),
        ):
            for path in _candidates(root, relative):
                if not path.exists() or path.resolve() in seen:
                    continue
                seen.add(path.resolve())
                if source == DAVIDSON_SOURCE:
                    corpus.examples.extend(load_davidson(path))
                elif source == DKHATE_SOURCE:
                    corpus.examples.extend(load_dkhate(path))
                else:
                    lists = load_ldnoobw(path)
                    if not lists:
                        continue
                    for terms in lists.values():
                        corpus.lexicon.update(t.lower() for t in terms)
                if source not in corpus.sources:
                    corpus.sources.append(source)
    return corpus


def load_corpus(
    corpus_dirs: Iterable[str | Path] = (),
    extra: Iterable[Example] = (),
    *,
    data_dir: Path = DATA_DIR,
) -> Corpus:
    """Project corpus + public corpora in `corpus_dirs` + staff-labelled `extra` examples."""
    external = load_external(corpus_dirs)
    project = load_project_corpus(data_dir)
    extra = list(extra)
    sources = list(dict.fromkeys(e.source for e in project))
    sources += external.sources
    if extra:
        sources.append(STAFF_SOURCE)
    return Corpus(examples=project + external.examples + extra, lexicon=external.lexicon,
                  sources=sources)  # fmt: skip


def is_held_out(example: Example, fraction: float = HELD_OUT_FRACTION) -> bool:
    """Deterministic per source and language: the same text always lands on the same side."""
    key = f"{example.source}\x1f{example.lang}\x1f{example.text}".encode()
    bucket = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") % 10_000
    return bucket < fraction * 10_000


def split_held_out(
    examples: Iterable[Example], fraction: float = HELD_OUT_FRACTION
) -> tuple[list[Example], list[Example]]:
    """(train, held_out)."""
    train: list[Example] = []
    held_out: list[Example] = []
    for example in examples:
        (held_out if is_held_out(example, fraction) else train).append(example)
    return train, held_out
