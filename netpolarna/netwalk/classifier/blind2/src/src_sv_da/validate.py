#!/usr/bin/env python3
import json, sys, os
from collections import Counter
from datetime import datetime
OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABELS = {"hateful", "offensive", "neutral", "counter_speech"}
REGS = {"school_chat", "comment_field", "forum", "gaming_chat", "social_comment", "dm"}
TG = {"ethnicity", "religion", "lgbtq", "gender", "disability", "appearance", "individual"}
KINDS = {"pile_on": 8, "heated_debate": 5, "benign": 5, "counter_speech": 3, "single_hateful": 3}
ok = True
def err(*a):
    global ok; ok = False; print("ERROR", *a)
for lang in sys.argv[1:]:
    rows = [json.loads(l) for l in open(f"{OUT}/messages/{lang}.jsonl", encoding="utf-8")]
    keys = {"id", "text", "lang", "label", "threat", "targets", "register", "note"}
    for r in rows:
        if set(r) != keys: err(lang, r.get("id"), "fields", set(r) ^ keys)
        if r["label"] not in LABELS: err(r["id"], "label")
        if r["register"] not in REGS: err(r["id"], "register")
        if not isinstance(r["threat"], bool): err(r["id"], "threat type")
        if any(t not in TG for t in r["targets"]): err(r["id"], "target")
        if r["label"] == "neutral" and (r["targets"] or r["threat"]): err(r["id"], "neutral w/ targets/threat")
        if r["lang"] != lang or not r["text"].strip(): err(r["id"], "lang/text")
    ids = [r["id"] for r in rows]
    if len(set(ids)) != len(ids): err(lang, "dup ids")
    texts = Counter(r["text"] for r in rows)
    for t, c in texts.items():
        if c > 1: err(lang, "dup text", t)
    lc = Counter(r["label"] for r in rows)
    if len(rows) != 160 or any(lc[l] != 40 for l in LABELS): err(lang, "label counts", lc)
    thr = Counter(r["label"] for r in rows if r["threat"])
    print(lang, "messages", len(rows), dict(lc), "threat", sum(thr.values()), dict(thr))
    print("  registers", dict(Counter(r["register"] for r in rows)))
    print("  targets", dict(Counter(t for r in rows for t in r["targets"])))
    missing = TG - {t for r in rows for t in r["targets"]}
    if missing: err(lang, "targets missing", missing)
    # threads
    tm = [json.loads(l) for l in open(f"{OUT}/threads/{lang}.jsonl", encoding="utf-8")]
    ix = [json.loads(l) for l in open(f"{OUT}/threads/index_{lang}.jsonl", encoding="utf-8")]
    kc = Counter(r["kind"] for r in ix)
    if kc != Counter(KINDS): err(lang, "kind counts", kc)
    for r in ix:
        if r["should_flag"] != (r["kind"] == "pile_on"): err(r["source_thread_id"], "should_flag")
        if set(r) != {"source_thread_id", "lang", "kind", "should_flag", "note"}: err("index fields")
    by = {}
    for m in tm:
        by.setdefault(m["source_thread_id"], []).append(m)
    if set(by) != {r["source_thread_id"] for r in ix}: err(lang, "thread ids mismatch")
    kind = {r["source_thread_id"]: r["kind"] for r in ix}
    for tid, ms in by.items():
        seen, prev = set(), None
        if not 8 <= len(ms) <= 25: err(tid, "length", len(ms))
        for i, m in enumerate(ms):
            need = {"source_thread_id", "message_id", "parent_id", "author", "text", "created_at", "lang"}
            if not need <= set(m): err(m["message_id"], "fields")
            if (i == 0) != ("thread_title" in m): err(m["message_id"], "title placement")
            if m["parent_id"] is not None and m["parent_id"] not in seen: err(m["message_id"], "parent not earlier")
            if i == 0 and m["parent_id"] is not None: err(m["message_id"], "first has parent")
            t = datetime.fromisoformat(m["created_at"])
            if prev and t < prev: err(m["message_id"], "time order")
            prev = t; seen.add(m["message_id"])
        authors = Counter(m["author"] for m in ms)
        gaps = [(datetime.fromisoformat(b["created_at"]) - datetime.fromisoformat(a["created_at"])).total_seconds()
                for a, b in zip(ms, ms[1:])]
        med = sorted(gaps)[len(gaps)//2]
        print(f"  {tid} {kind[tid]:15s} n={len(ms):2d} authors={len(authors):2d} median_gap={med:6.0f}s "
              f"offset={ms[0]['created_at'][-6:]} start={ms[0]['created_at'][:16]}")
    print(lang, "threads", len(ix), dict(kc), "thread msgs", len(tm))
print("VALID" if ok else "INVALID")
