"""Build the generated training corpus and the training thread corpus from the phrase banks.

    .venv/bin/python scripts/corpus/build.py

Writes `netpolarna/netwalk/classifier/data/generated/{lang}.jsonl` (labelled messages) and
`netpolarna/netwalk/classifier/threads/{lang}.jsonl` + `index.jsonl` (whole labelled threads in
the JSONL interchange format). Deterministic (fixed seed). The banks (`bank_{lang}.py`) are
hand-written per language: templates per kind of message with slots, filled at random, then put
through register changes (lower case, missing diacritics, typos, stretched letters, slang and
English fillers, emoji) so that no two lines share the same surface. Nothing here reads the blind
sets or the functional suite.
"""

from __future__ import annotations

import importlib
import json
import random
import re
import sys
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PACKAGE = ROOT / "netpolarna" / "netwalk" / "classifier"
LANGS = ("sv", "da", "nb", "en")
PER_TEMPLATE = 14
sys.path.insert(0, str(HERE))

FILLERS = {
    "en": ["bro", "ngl", "fr", "tbh", "lol", "omg", "like", "honestly", "yo", "bruh"],
    "sv": ["asså", "typ", "ba", "bror", "alltså", "ngl", "liksom", "wallah", "ey", "fr"],
    "da": ["altså", "bro", "ej", "ngl", "sgu", "wallah", "lissom", "fr", "jo", "ass"],
    "nb": ["liksom", "bro", "ass", "ngl", "a", "wallah", "sjø", "fr", "altså", "jo"],
}
EMOJI = {
    "hateful": ["🤮", "😡", "🤬", "🐀", "🖕", "💩"],
    "offensive": ["😂", "🤡", "💀", "🖕", "😭", "🤣", "🙄"],
    "neutral": ["😊", "👍", "😂", "🙂", "😅", "🤷", "✨"],
    "counter_speech": ["❤️", "💛", "🙏", "🫶", "😔", "✊"],
}


def _strip_diacritics(text: str) -> str:
    table = str.maketrans({"ø": "o", "æ": "ae", "Ø": "O", "Æ": "AE"})
    text = text.translate(table)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    kind = rng.random()
    if kind < 0.4:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind < 0.7:
        w = w[:j] + w[j + 1 :]
    else:
        w = w[:j] + w[j] * 3 + w[j + 1 :]
    words[i] = w
    return " ".join(words)


def register(text: str, lang: str, label: str, rng: random.Random) -> str:
    """One random register: chat-style changes that keep the meaning (and the label)."""
    if rng.random() < 0.25:
        text = f"{rng.choice(FILLERS[lang])} {text}"
    if rng.random() < 0.12:
        text = f"{text} {rng.choice(FILLERS[lang])}"
    if lang != "en" and rng.random() < 0.1:
        text = f"{rng.choice(['literally', 'like', 'wtf', 'omg', 'bruh', 'no cap'])} {text}"
    if lang != "en" and rng.random() < 0.15:
        text = _strip_diacritics(text)
    if rng.random() < 0.2:
        text = _typo(text, rng)
    if rng.random() < 0.25:
        text = f"{text} {rng.choice(EMOJI[label]) * rng.randint(1, 3)}"
    roll = rng.random()
    if roll < 0.3:
        text = text[:1].upper() + text[1:]
    elif roll < 0.35:
        text = text.upper()
    if rng.random() < 0.2:
        text = text.rstrip(".!?") + rng.choice(["!", "!!", "?", "...", " !!!", "."])
    return re.sub(r"\s+", " ", text).strip()


def fill(template: str, bank, rng: random.Random, group_kind: str | None, name: str | None = None):
    """The template with its slots filled; the group kind used (if any)."""
    used = group_kind

    def slot(match: re.Match[str]) -> str:
        nonlocal used
        key = match.group(1)
        if key == "GROUP":
            if used is None:
                used = rng.choice(sorted(bank.GROUPS))
            return rng.choice(bank.GROUPS[used])
        if key == "NAME" and name is not None:
            return name
        return rng.choice(bank.SLOTS[key])

    return re.sub(r"\{([A-Z]+)\}", slot, template), used


def message(bank, lang: str, category: str, rng: random.Random, name: str | None = None):
    label, threat, targets, templates = bank.CATEGORIES[category]
    text, group = fill(rng.choice(templates), bank, rng, None, name)
    resolved = [group if t == "GROUP" else t for t in targets if t != "GROUP" or group]
    if label == "neutral":
        resolved = []
    return {
        "text": register(text, lang, label, rng),
        "lang": lang,
        "label": label,
        "threat": threat,
        "targets": list(dict.fromkeys(t for t in resolved if t)),
    }


def load_bank(lang: str):
    bank = importlib.import_module(f"bank_{lang}")
    extra = importlib.import_module("extra_hate")
    if "hate" not in bank.CATEGORIES:
        bank.CATEGORIES["hate"] = ("hateful", False, ["GROUP"], extra.HATE[lang])
        bank.CATEGORIES["counter_more"] = ("counter_speech", False, ["GROUP"], extra.COUNTER[lang])
    return bank


def build_messages(lang: str, rng: random.Random) -> list[dict]:
    bank = load_bank(lang)
    rows: dict[str, dict] = {}
    for category, (_, _, _, templates) in bank.CATEGORIES.items():
        wanted = PER_TEMPLATE * len(templates)
        for _ in range(wanted * 3):
            row = message(bank, lang, category, rng)
            rows.setdefault(row["text"].lower(), row)
            if sum(1 for r in rows.values() if r.get("_c") == category) >= wanted:
                break
            rows[row["text"].lower()]["_c"] = rows[row["text"].lower()].get("_c", category)
    out = []
    for row in rows.values():
        row.pop("_c", None)
        out.append(row)
    rng.shuffle(out)
    return out


# --- threads -----------------------------------------------------------------------------------

KINDS = {
    "pile_on": 45,
    "heated_debate": 30,
    "benign": 25,
    "counter_speech": 20,
    "single_hateful": 20,
}
SHOULD_FLAG = {"pile_on": True}


def _handle(rng: random.Random) -> str:
    stem = rng.choice(["xx", "the", "real", "lil", "its", "not", "ur", "big", "just", ""])
    word = rng.choice(
        [
            "wolf",
            "moon",
            "gamer",
            "kiwi",
            "storm",
            "pixel",
            "ninja",
            "sun",
            "frost",
            "lynx",
            "ghost",
            "mango",
            "tiger",
            "cloud",
            "viking",
            "panda",
            "blaze",
        ]
    )
    return f"{stem}{word}{rng.randint(1, 999)}"


def build_threads(lang: str, rng: random.Random, start: datetime) -> tuple[list[dict], list[dict]]:
    bank = load_bank(lang)
    lines: list[dict] = []
    index: list[dict] = []
    number = 0
    for kind, count in KINDS.items():
        for _ in range(count):
            number += 1
            thread_id = f"gen-{lang}-{number:04d}"
            at = start + timedelta(days=number, minutes=rng.randint(0, 600))
            posts = _thread_posts(kind, bank, lang, rng)
            message_ids = []
            for i, (author, text, reply_to, gap) in enumerate(posts):
                at += timedelta(seconds=gap)
                message_id = f"{thread_id}-m{i + 1}"
                message_ids.append(message_id)
                lines.append(
                    {
                        "source_thread_id": thread_id,
                        "message_id": message_id,
                        "parent_id": message_ids[reply_to] if reply_to is not None else None,
                        "author": author,
                        "text": text,
                        "created_at": at.isoformat().replace("+00:00", "Z"),
                        "lang": lang,
                        "thread_title": None,
                    }
                )
            index.append(
                {
                    "source_thread_id": thread_id,
                    "lang": lang,
                    "kind": kind,
                    "should_flag": SHOULD_FLAG.get(kind, False),
                }
            )
    return lines, index


def _text(bank, lang, category, rng, name=None) -> str:
    return message(bank, lang, category, rng, name)["text"]


def _thread_posts(kind: str, bank, lang: str, rng: random.Random):
    """[(author, text, index of the message replied to or None, seconds since the last)]."""
    target = _handle(rng)
    name = rng.choice(bank.SLOTS["NAME"])
    crowd = [_handle(rng) for _ in range(rng.randint(3, 11))]
    posts = []
    if kind == "pile_on":
        posts.append(
            (target, _text(bank, lang, rng.choice(["chat", "critique"]), rng, name), None, 0)
        )
        defenders: list[str] = []
        mild = rng.random() < 0.4  # most messages short and mild on their own
        for _ in range(rng.randint(6, 18)):
            roll = rng.random()
            author = rng.choice(crowd)
            ref = f"@{target}" if rng.random() < 0.3 else name
            if defenders and roll < 0.12:
                text = _text(bank, lang, "pileon", rng, f"@{rng.choice(defenders)}")
                posts.append((author, text, len(posts) - 1, rng.randint(20, 300)))
                continue
            if roll < (0.45 if mild else 0.3):
                text = rng.choice(bank.PILE_REPLIES)
            elif roll < 0.62:
                text = _text(bank, lang, "pileon", rng, ref)
            elif roll < 0.82:
                text = _text(bank, lang, rng.choice(["insult", "insult", "gaming"]), rng, ref)
            elif roll < 0.9:
                text = _text(bank, lang, rng.choice(["threat_explicit", "threat_coded"]), rng, ref)
            else:
                author = _handle(rng)
                defenders.append(author)
                text = _text(bank, lang, "defend", rng, name)
            posts.append(
                (author, text, 0 if rng.random() < 0.6 else len(posts) - 1, rng.randint(15, 600))
            )
        return posts
    if kind == "heated_debate":
        topic_root = _text(bank, lang, "critique", rng)
        posts.append((crowd[0], topic_root, None, 0))
        # Real debates have agreement, the odd jab and swearing at a decision: a pile-on is
        # many authors turning on one person, not rough words as such.
        jabs = 0
        for _ in range(rng.randint(6, 18)):
            roll = rng.random()
            author = rng.choice(crowd)
            if roll < 0.1:
                text = rng.choice(bank.PILE_REPLIES)
            elif roll < 0.16 and jabs < 1:
                jabs += 1
                text = _text(bank, lang, "insult", rng, name)
            else:
                category = (
                    "critique"
                    if roll < 0.72
                    else "benign_threat_words"
                    if roll < 0.82
                    else "chat"
                    if roll < 0.94
                    else "defend"
                )
                text = _text(bank, lang, category, rng, name)
            posts.append((author, text, rng.randrange(len(posts)), rng.randint(30, 3600)))
        return posts
    if kind == "benign":
        # friends laughing, gaming trash talk and threat-like words, but no one turned on
        gaming = rng.random() < 0.3
        for i in range(rng.randint(4, 14)):
            roll = rng.random()
            if roll < 0.15:
                text = rng.choice(bank.PILE_REPLIES)
            elif gaming and roll < 0.3:
                text = _text(bank, lang, "gaming", rng, None)
            else:
                category = "chat" if roll < 0.75 else "benign_threat_words"
                text = _text(bank, lang, category, rng, name)
            posts.append(
                (
                    rng.choice(crowd),
                    text,
                    None if i == 0 else rng.randrange(i),
                    rng.randint(30, 7200),
                )
            )
        return posts
    if kind == "counter_speech":
        posts.append(
            (target, _text(bank, lang, rng.choice(["dehumanise", "insult"]), rng, name), None, 0)
        )
        for _ in range(rng.randint(4, 14)):
            roll = rng.random()
            category = (
                "counter"
                if roll < 0.3
                else "counter_more"
                if roll < 0.5
                else "defend"
                if roll < 0.8
                else "chat"
            )
            posts.append(
                (
                    rng.choice(crowd),
                    _text(bank, lang, category, rng, name),
                    0,
                    rng.randint(60, 3600),
                )
            )
        return posts
    # single_hateful: one hateful post, the rest ordinary
    posts.append(
        (
            target,
            _text(bank, lang, rng.choice(["dehumanise", "hate", "insult"]), rng, name),
            None,
            0,
        )
    )
    for _ in range(rng.randint(3, 10)):
        category = "chat" if rng.random() < 0.8 else rng.choice(["counter", "critique"])
        posts.append(
            (
                rng.choice(crowd),
                _text(bank, lang, category, rng, name),
                rng.randrange(len(posts)),
                rng.randint(60, 7200),
            )
        )
    return posts


def main() -> None:
    rng = random.Random(20261201)
    data_dir = PACKAGE / "data" / "generated"
    thread_dir = PACKAGE / "threads"
    data_dir.mkdir(parents=True, exist_ok=True)
    thread_dir.mkdir(parents=True, exist_ok=True)
    index: list[dict] = []
    start = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
    for lang in LANGS:
        rows = build_messages(lang, rng)
        with (data_dir / f"{lang}.jsonl").open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        lines, lang_index = build_threads(lang, rng, start)
        index.extend(lang_index)
        with (thread_dir / f"{lang}.jsonl").open("w", encoding="utf-8") as out:
            for line in lines:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        print(f"{lang}: {len(rows)} messages, {len(lang_index)} threads")
    with (thread_dir / "index.jsonl").open("w", encoding="utf-8") as out:
        for row in index:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
