"""Validate the blind evaluation set 3 files in OUT (the parent folder of src/)."""
import json, re, sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

OUT = Path(__file__).resolve().parent.parent
TZ = {"nb": "Europe/Oslo", "en": "Europe/London"}
LABELS = {"hateful", "offensive", "neutral", "counter_speech"}
REGISTERS = {"school_chat", "comment_field", "forum", "gaming_chat", "social_comment", "dm"}
TARGETS = {"ethnicity", "religion", "lgbtq", "gender", "disability", "appearance", "individual"}
KINDS = {"pile_on": 6, "heated_debate": 3, "benign": 3, "counter_speech": 2, "single_hateful": 2}
errors = []


def err(msg):
    errors.append(msg)


def load(path):
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            err(f"{path.name}:{n} does not parse: {e}")
    return rows


def check_messages(lang):
    rows = load(OUT / "messages" / f"{lang}.jsonl")
    keys = {"id", "text", "lang", "label", "threat", "targets", "register", "note"}
    if len(rows) != 120:
        err(f"{lang} messages: {len(rows)} rows, expected 120")
    ids = set()
    for i, r in enumerate(rows, 1):
        w = f"{lang} messages {r.get('id')}"
        if set(r) != keys:
            err(f"{w}: keys {sorted(r)}")
            continue
        if r["id"] != f"{lang}-b3-m{i:03d}":
            err(f"{w}: id out of sequence")
        if r["id"] in ids:
            err(f"{w}: duplicate id")
        ids.add(r["id"])
        if r["lang"] != lang: err(f"{w}: lang")
        if r["label"] not in LABELS: err(f"{w}: label {r['label']}")
        if not isinstance(r["threat"], bool): err(f"{w}: threat not bool")
        if r["register"] not in REGISTERS: err(f"{w}: register {r['register']}")
        if not isinstance(r["targets"], list) or not set(r["targets"]) <= TARGETS or len(set(r["targets"])) != len(r["targets"]):
            err(f"{w}: targets {r['targets']}")
        if not r["text"].strip() or not r["note"].strip(): err(f"{w}: empty text/note")
        if r["threat"] and r["label"] not in {"hateful", "offensive"}: err(f"{w}: threat on {r['label']}")
        if r["label"] == "neutral" and r["targets"]: err(f"{w}: neutral with targets")
        if r["label"] == "hateful" and not r["targets"]: err(f"{w}: hateful without targets")
        if r["label"] == "hateful" and set(r["targets"]) == {"individual"}:
            pass  # allowed by the format
    labels = Counter(r.get("label") for r in rows)
    for lab in LABELS:
        if labels[lab] != 30: err(f"{lang} messages: {labels[lab]} {lab}, expected 30")
    threats = sum(1 for r in rows if r.get("threat") is True)
    if not 15 <= threats <= 21: err(f"{lang} messages: {threats} threats, expected about 18")
    regs = Counter(r.get("register") for r in rows)
    if set(regs) != REGISTERS: err(f"{lang} messages: registers used {sorted(regs)}")
    tg = Counter(t for r in rows for t in r.get("targets", []))
    if set(tg) != TARGETS: err(f"{lang} messages: targets used {sorted(tg)}")
    texts = Counter(r.get("text") for r in rows)
    for t, c in texts.items():
        if c > 1: err(f"{lang} messages: duplicate text {t!r}")
    return labels, threats, regs, tg


def check_threads(lang):
    tz = ZoneInfo(TZ[lang])
    msgs = load(OUT / "threads" / f"{lang}.jsonl")
    index = load(OUT / "threads" / f"index_{lang}.jsonl")
    keys_base = {"source_thread_id", "message_id", "parent_id", "author", "text", "created_at", "lang"}
    by_thread = {}
    for r in msgs:
        by_thread.setdefault(r.get("source_thread_id"), []).append(r)
    expected_ids = [f"{lang}-b3-t{i:02d}" for i in range(1, 17)]
    if list(by_thread) != expected_ids: err(f"{lang} threads: thread ids/order {list(by_thread)}")
    for tid, rows in by_thread.items():
        if not 8 <= len(rows) <= 20: err(f"{tid}: {len(rows)} messages, expected 8-20")
        authors = {r.get("author") for r in rows}
        if len(authors) < 3: err(f"{tid}: only {len(authors)} authors")
        seen, prev = set(), None
        for j, r in enumerate(rows, 1):
            w = f"{tid} m{j}"
            exp_keys = keys_base | ({"thread_title"} if j == 1 else set())
            if set(r) != exp_keys: err(f"{w}: keys {sorted(r)}")
            if r.get("message_id") != f"{tid}-m{j:02d}": err(f"{w}: message_id {r.get('message_id')}")
            if r.get("lang") != lang: err(f"{w}: lang")
            if j == 1 and not str(r.get("thread_title", "")).strip(): err(f"{w}: empty title")
            if not str(r.get("text", "")).strip() or not str(r.get("author", "")).strip(): err(f"{w}: empty text/author")
            p = r.get("parent_id")
            if p is not None and p not in seen: err(f"{w}: parent {p} is not an earlier message of the thread")
            seen.add(r.get("message_id"))
            ts = r.get("created_at", "")
            if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", ts):
                err(f"{w}: created_at format {ts}"); continue
            dt = datetime.fromisoformat(ts)
            if dt.astimezone(tz).utcoffset() != dt.utcoffset():
                err(f"{w}: offset {ts} wrong for {TZ[lang]} (expected {dt.astimezone(tz).isoformat()})")
            if dt.year != 2026 or dt > datetime.fromisoformat("2026-12-02T00:00:00+00:00"):
                err(f"{w}: date {ts} outside 2026 before 2 Dec")
            if prev is not None and dt < prev: err(f"{w}: time goes backwards")
            prev = dt
    kinds = Counter(r.get("kind") for r in index)
    if dict(kinds) != KINDS: err(f"{lang} index: kinds {dict(kinds)}")
    if [r.get("source_thread_id") for r in index] != expected_ids: err(f"{lang} index: ids")
    for r in index:
        if set(r) != {"source_thread_id", "lang", "kind", "should_flag", "note"}: err(f"index {r}: keys")
        if r.get("lang") != lang: err(f"index {r.get('source_thread_id')}: lang")
        if r.get("should_flag") is not (r.get("kind") == "pile_on"): err(f"index {r.get('source_thread_id')}: should_flag")
        if not str(r.get("note", "")).strip(): err(f"index {r.get('source_thread_id')}: note")
    return len(msgs), kinds


if __name__ == "__main__":
    for lang in sys.argv[1:] or ["nb", "en"]:
        labels, threats, regs, tg = check_messages(lang)
        n, kinds = check_threads(lang)
        print(f"{lang}: messages {sum(labels.values())} {dict(labels)} threats={threats}")
        print(f"    registers {dict(regs)}")
        print(f"    targets {dict(tg)}")
        print(f"    threads 16, thread messages {n}, kinds {dict(kinds)}")
    if errors:
        print(f"FAILED with {len(errors)} errors:")
        for e in errors: print("  -", e)
        sys.exit(1)
    print("validate.py: ALL CHECKS PASSED")
