#!/usr/bin/env python3
"""Validate the nb/en blind JSONL files against BRIEF_FORMAT and the requested counts."""
import json, sys
from collections import Counter
from datetime import datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent
LABELS = {"hateful", "offensive", "neutral", "counter_speech"}
TARGETS = {"ethnicity", "religion", "lgbtq", "gender", "disability", "appearance", "individual"}
REGS = {"school_chat", "comment_field", "forum", "gaming_chat", "social_comment", "dm"}
KIND_COUNTS = {"pile_on": 8, "heated_debate": 5, "benign": 5, "counter_speech": 3, "single_hateful": 3}
errors = []


def err(msg):
    errors.append(msg)


def load(path):
    rows = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except Exception as e:
            err(f"{path}:{i}: bad JSON {e}")
    return rows


for lang in ("nb", "en"):
    # messages
    ms = load(OUT / "messages" / f"{lang}.jsonl")
    keys = {"id", "text", "lang", "label", "threat", "targets", "register", "note"}
    ids = set()
    for m in ms:
        if set(m) != keys:
            err(f"{lang} {m.get('id')}: keys {sorted(m)}")
        if m["id"] in ids:
            err(f"dup id {m['id']}")
        ids.add(m["id"])
        if m["lang"] != lang or m["label"] not in LABELS or m["register"] not in REGS:
            err(f"{m['id']}: bad lang/label/register")
        if not isinstance(m["threat"], bool) or not set(m["targets"]) <= TARGETS:
            err(f"{m['id']}: bad threat/targets")
        if m["label"] == "neutral" and (m["targets"] or m["threat"]):
            err(f"{m['id']}: neutral with targets/threat")
        if m["label"] == "counter_speech" and m["threat"]:
            err(f"{m['id']}: counter_speech with threat")
        if m["label"] == "hateful" and not (set(m["targets"]) - {"individual"}):
            err(f"{m['id']}: hateful without group target")
        if not m["text"].strip():
            err(f"{m['id']}: empty text")
    texts = Counter(m["text"] for m in ms)
    for t, c in texts.items():
        if c > 1:
            err(f"{lang}: duplicate text {t!r}")
    lab = Counter(m["label"] for m in ms)
    thr = Counter(m["label"] for m in ms if m["threat"])
    tg = Counter(t for m in ms for t in m["targets"])
    rg = Counter(m["register"] for m in ms)
    print(f"[{lang}] messages={len(ms)} labels={dict(lab)} threats={sum(thr.values())} {dict(thr)}")
    print(f"[{lang}] targets={dict(tg)}")
    print(f"[{lang}] registers={dict(rg)}")
    if len(ms) != 160 or any(lab[l] != 40 for l in LABELS):
        err(f"{lang}: wrong message counts")
    if not 25 <= sum(thr.values()) <= 30:
        err(f"{lang}: threat count {sum(thr.values())}")
    if set(tg) != TARGETS:
        err(f"{lang}: missing targets {TARGETS - set(tg)}")

    # threads
    tm = load(OUT / "threads" / f"{lang}.jsonl")
    ix = load(OUT / "threads" / f"index_{lang}.jsonl")
    kinds = Counter(r["kind"] for r in ix)
    print(f"[{lang}] threads={len(ix)} kinds={dict(kinds)}")
    if dict(kinds) != KIND_COUNTS:
        err(f"{lang}: kind counts {dict(kinds)}")
    index = {}
    for r in ix:
        if set(r) != {"source_thread_id", "lang", "kind", "should_flag", "note"}:
            err(f"index keys {r}")
        if r["should_flag"] != (r["kind"] == "pile_on"):
            err(f"{r['source_thread_id']}: should_flag mismatch")
        index[r["source_thread_id"]] = r
    seen, by_thread = {}, {}
    for r in tm:
        tid = r["source_thread_id"]
        need = {"source_thread_id", "message_id", "parent_id", "author", "text", "created_at", "lang"}
        if not need <= set(r) or not set(r) <= need | {"thread_title"}:
            err(f"{r.get('message_id')}: keys {sorted(r)}")
        if tid not in index:
            err(f"{tid} not in index")
        if r["lang"] != lang:
            err(f"{r['message_id']}: lang")
        by_thread.setdefault(tid, []).append(r)
    for tid, rows in by_thread.items():
        ids = []
        prev = None
        if "thread_title" not in rows[0]:
            err(f"{tid}: first message lacks thread_title")
        for i, r in enumerate(rows):
            if i > 0 and "thread_title" in r:
                err(f"{r['message_id']}: title on non-first")
            if r["parent_id"] is not None and r["parent_id"] not in ids:
                err(f"{r['message_id']}: parent {r['parent_id']} not earlier in thread")
            t = datetime.fromisoformat(r["created_at"])
            if t.utcoffset() is None:
                err(f"{r['message_id']}: no offset")
            if prev and t < prev:
                err(f"{r['message_id']}: time goes backwards")
            prev = t
            ids.append(r["message_id"])
        n = len(rows)
        authors = len({r["author"] for r in rows})
        if not 8 <= n <= 25:
            err(f"{tid}: {n} messages")
        k = index[tid]["kind"]
        print(f"  {tid} {k:15s} msgs={n:2d} authors={authors:2d} start={rows[0]['created_at']}")
    if set(by_thread) != set(index):
        err(f"{lang}: index/thread id mismatch")

print("ERRORS:" if errors else "OK: no errors")
for e in errors:
    print("  ", e)
sys.exit(1 if errors else 0)
