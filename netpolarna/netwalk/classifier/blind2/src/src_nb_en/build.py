#!/usr/bin/env python3
"""Build the blind nb/en evaluation JSONL from the hand-written source files in this folder.

Usage: python3 build.py            (writes ../messages, ../threads and validates)
Ids are assigned after shuffling with a fixed seed, so they reveal nothing about labels/kinds.
"""
import json, random, re, sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

SRC = Path(__file__).resolve().parent
OUT = SRC.parent
LANGS = {"nb": "Europe/Oslo", "en": "Europe/London"}
SEED = 20261201

LABELS = {"H": "hateful", "O": "offensive", "N": "neutral", "C": "counter_speech"}
TARGETS = {"eth": "ethnicity", "rel": "religion", "lgb": "lgbtq", "gen": "gender",
           "dis": "disability", "app": "appearance", "ind": "individual", "none": None}
REGISTERS = {"sc": "school_chat", "cf": "comment_field", "fo": "forum", "gc": "gaming_chat",
             "so": "social_comment", "dm": "dm"}
KINDS = {"pile_on", "heated_debate", "benign", "counter_speech", "single_hateful"}


def build_messages(lang):
    rows = []
    for ln, line in enumerate((SRC / f"{lang}_messages.txt").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("|")
        if len(parts) != 6:
            sys.exit(f"{lang}_messages.txt:{ln}: expected 6 fields, got {len(parts)}")
        lab, thr, tg, reg, text, note = parts
        targets = [TARGETS[t] for t in tg.split(",") if t and TARGETS[t]]
        rows.append({"text": text.strip(), "lang": lang, "label": LABELS[lab], "threat": thr == "T",
                     "targets": targets, "register": REGISTERS[reg], "note": note.strip()})
    random.Random(SEED + len(lang) + ord(lang[0])).shuffle(rows)
    out = []
    for i, r in enumerate(rows, 1):
        out.append({"id": f"{lang}-m-{i:03d}", **r})
    return out


def parse_delay(s):
    s = s.strip()
    if s == "0":
        return timedelta(0)
    m = re.fullmatch(r"(\d+)([smh])", s)
    if not m:
        raise ValueError(s)
    n, u = int(m.group(1)), m.group(2)
    return timedelta(seconds=n * {"s": 1, "m": 60, "h": 3600}[u])


def build_threads(lang):
    tz = ZoneInfo(LANGS[lang])
    threads, cur = [], None
    for ln, line in enumerate((SRC / f"{lang}_threads.txt").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("=== "):
            kind, start, title, note = [p.strip() for p in line[4:].split("|")]
            assert kind in KINDS, (ln, kind)
            cur = {"kind": kind, "start": datetime.fromisoformat(start).replace(tzinfo=tz),
                   "title": title, "note": note, "msgs": []}
            threads.append(cur)
            continue
        parts = line.split("|", 3)
        if len(parts) != 4:
            sys.exit(f"{lang}_threads.txt:{ln}: expected 4 fields")
        author, parent, delay, text = parts
        cur["msgs"].append((author.strip(), int(parent), parse_delay(delay), text.strip(), ln))
    random.Random(SEED * 7 + ord(lang[0])).shuffle(threads)
    msg_rows, idx_rows = [], []
    for ti, th in enumerate(threads, 1):
        tid = f"{lang}-t-{ti:02d}"
        t = th["start"]
        for mi, (author, parent, delay, text, ln) in enumerate(th["msgs"], 1):
            if parent >= mi:
                sys.exit(f"{lang}_threads.txt:{ln}: parent {parent} not earlier than message {mi}")
            t = t + delay
            # local wall-clock time with the correct offset (handles the Oct 25 DST change)
            local = t.astimezone(ZoneInfo("UTC")).astimezone(tz)
            row = {"source_thread_id": tid, "message_id": f"{tid}-m{mi:02d}",
                   "parent_id": f"{tid}-m{parent:02d}" if parent else None,
                   "author": author, "text": text,
                   "created_at": local.isoformat(timespec="seconds"), "lang": lang}
            if mi == 1:
                row["thread_title"] = th["title"]
            msg_rows.append(row)
        idx_rows.append({"source_thread_id": tid, "lang": lang, "kind": th["kind"],
                         "should_flag": th["kind"] == "pile_on", "note": th["note"]})
    return msg_rows, idx_rows


def write_jsonl(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main():
    for lang in LANGS:
        write_jsonl(OUT / "messages" / f"{lang}.jsonl", build_messages(lang))
        msgs, idx = build_threads(lang)
        write_jsonl(OUT / "threads" / f"{lang}.jsonl", msgs)
        write_jsonl(OUT / "threads" / f"index_{lang}.jsonl", idx)
    print("built", ", ".join(LANGS))


if __name__ == "__main__":
    main()
