#!/usr/bin/env python3
"""Validate OUT/messages/{lang}.jsonl, OUT/threads/{lang}.jsonl and OUT/threads/index_{lang}.jsonl
against BRIEF_FORMAT.md and BRIEF_BLIND3.md. Exit code 0 only if everything passes."""
import json, re, sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

OUT = Path(__file__).resolve().parent.parent
LANGS = sys.argv[1:] or ["sv", "da"]
TZ = {"sv": "Europe/Stockholm", "da": "Europe/Copenhagen", "nb": "Europe/Oslo", "en": "Europe/London"}
LABELS = {"hateful", "offensive", "neutral", "counter_speech"}
TARGETS = {"ethnicity", "religion", "lgbtq", "gender", "disability", "appearance", "individual"}
GROUPS = TARGETS - {"individual"}
REGISTERS = {"school_chat", "comment_field", "forum", "gaming_chat", "social_comment", "dm"}
KINDS = {"pile_on": (6, True), "heated_debate": (3, False), "benign": (3, False),
         "counter_speech": (2, False), "single_hateful": (2, False)}
MSG_FIELDS = ["id", "text", "lang", "label", "threat", "targets", "register", "note"]
TH_FIELDS = {"source_thread_id", "message_id", "parent_id", "author", "text", "created_at", "lang"}
IDX_FIELDS = ["source_thread_id", "lang", "kind", "should_flag", "note"]

errors = []


def err(msg):
    errors.append(msg)


def read_jsonl(path):
    rows = []
    if not path.exists():
        err(f"missing file {path}")
        return rows
    for i, ln in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if ln == "":
            continue
        try:
            rows.append(json.loads(ln))
        except json.JSONDecodeError as e:
            err(f"{path.name}:{i} does not parse: {e}")
    return rows


def check_messages(lang):
    p = OUT / "messages" / f"{lang}.jsonl"
    rows = read_jsonl(p)
    ids, texts = set(), Counter()
    labels, regs, groups = Counter(), Counter(), Counter()
    threats = 0
    for i, r in enumerate(rows, 1):
        where = f"{p.name}:{i}"
        if list(r.keys()) != MSG_FIELDS:
            err(f"{where} fields {list(r.keys())} != {MSG_FIELDS}")
            continue
        if r["id"] != f"{lang}-b3-m{i:03d}":
            err(f"{where} id {r['id']} expected {lang}-b3-m{i:03d}")
        if r["id"] in ids:
            err(f"{where} duplicate id")
        ids.add(r["id"])
        if not isinstance(r["text"], str) or not r["text"].strip():
            err(f"{where} empty text")
        texts[r["text"]] += 1
        if r["lang"] != lang:
            err(f"{where} lang {r['lang']}")
        if r["label"] not in LABELS:
            err(f"{where} bad label {r['label']}")
        if not isinstance(r["threat"], bool):
            err(f"{where} threat not bool")
        if r["threat"] and r["label"] not in ("hateful", "offensive"):
            err(f"{where} threat on label {r['label']}")
        if not isinstance(r["targets"], list) or not set(r["targets"]) <= TARGETS \
                or len(set(r["targets"])) != len(r["targets"]):
            err(f"{where} bad targets {r['targets']}")
        if r["label"] == "neutral" and r["targets"]:
            err(f"{where} neutral with targets")
        if r["label"] == "hateful" and not r["targets"]:
            err(f"{where} hateful without targets")
        if r["register"] not in REGISTERS:
            err(f"{where} bad register {r['register']}")
        if not isinstance(r["note"], str) or not r["note"].strip():
            err(f"{where} empty note")
        labels[r["label"]] += 1
        regs[r["register"]] += 1
        threats += bool(r["threat"])
        if r["label"] in ("hateful", "offensive", "counter_speech"):
            for t in r["targets"]:
                groups[t] += 1
    for t, c in texts.items():
        if c > 1:
            err(f"{p.name} duplicate text: {t[:40]}")
    if len(rows) != 120:
        err(f"{p.name} has {len(rows)} messages, want 120")
    for lab in LABELS:
        if labels[lab] != 30:
            err(f"{p.name} {lab}={labels[lab]}, want 30")
    if not 15 <= threats <= 21:
        err(f"{p.name} threat count {threats}, want about 18")
    for reg in REGISTERS:
        if regs[reg] < 10:
            err(f"{p.name} register {reg} only {regs[reg]}")
    for g in TARGETS:
        if groups[g] < 3:
            err(f"{p.name} target {g} only {groups[g]}")
    print(f"{p.relative_to(OUT)}: {len(rows)} lines, labels {dict(labels)}, threat {threats}, "
          f"registers {dict(regs)}, targets {dict(groups)}")


def check_threads(lang):
    tz = ZoneInfo(TZ[lang])
    p = OUT / "threads" / f"{lang}.jsonl"
    ip = OUT / "threads" / f"index_{lang}.jsonl"
    rows, idx = read_jsonl(p), read_jsonl(ip)
    by_thread, order = {}, []
    for i, r in enumerate(rows, 1):
        where = f"{p.name}:{i}"
        keys = set(r.keys())
        if not (TH_FIELDS <= keys <= TH_FIELDS | {"thread_title"}):
            err(f"{where} fields {sorted(keys)}")
            continue
        tid = r["source_thread_id"]
        if not re.fullmatch(rf"{lang}-b3-t\d\d", tid):
            err(f"{where} bad thread id {tid}")
        if tid not in by_thread:
            if order and tid in order:
                err(f"{where} thread {tid} not contiguous")
            by_thread[tid] = []
            order.append(tid)
        by_thread[tid].append((where, r))
    if order != [f"{lang}-b3-t{k:02d}" for k in range(1, len(order) + 1)]:
        err(f"{p.name} thread ids not t01..tNN in order: {order}")
    for tid, msgs in by_thread.items():
        if not 8 <= len(msgs) <= 20:
            err(f"{tid} has {len(msgs)} messages, want 8-20")
        seen, prev_t, authors = set(), None, set()
        for k, (where, r) in enumerate(msgs, 1):
            if r["message_id"] != f"{tid}-m{k:02d}":
                err(f"{where} message_id {r['message_id']} expected {tid}-m{k:02d}")
            if r["parent_id"] is not None and r["parent_id"] not in seen:
                err(f"{where} parent_id {r['parent_id']} is not an earlier message of {tid}")
            seen.add(r["message_id"])
            if r["lang"] != lang:
                err(f"{where} lang {r['lang']}")
            if not isinstance(r["author"], str) or not r["author"].strip():
                err(f"{where} empty author")
            authors.add(r["author"])
            if not isinstance(r["text"], str) or not r["text"].strip():
                err(f"{where} empty text")
            if k == 1:
                if not isinstance(r.get("thread_title"), str) or not r["thread_title"].strip():
                    err(f"{where} first message lacks thread_title")
            elif "thread_title" in r:
                err(f"{where} thread_title on a non-first message")
            try:
                t = datetime.fromisoformat(r["created_at"])
            except (ValueError, TypeError):
                err(f"{where} bad created_at {r['created_at']}")
                continue
            if t.tzinfo is None:
                err(f"{where} created_at without offset")
                continue
            local = t.replace(tzinfo=None)
            want = local.replace(tzinfo=tz)
            # reject non-existent or ambiguous wall times, and wrong offsets
            if want.utcoffset() != local.replace(tzinfo=tz, fold=1).utcoffset():
                err(f"{where} {r['created_at']} is in the ambiguous DST hour")
            roundtrip = want.astimezone(ZoneInfo("UTC")).astimezone(tz).replace(tzinfo=None)
            if roundtrip != local:
                err(f"{where} {r['created_at']} does not exist in {TZ[lang]}")
            if t.utcoffset() != want.utcoffset():
                err(f"{where} offset {t.utcoffset()} but {TZ[lang]} has {want.utcoffset()}")
            if prev_t is not None and t < prev_t:
                err(f"{where} time goes backwards")
            prev_t = t
        if len(authors) < 3:
            err(f"{tid} has only {len(authors)} authors")
    kinds = Counter()
    idx_ids = []
    for i, r in enumerate(idx, 1):
        where = f"{ip.name}:{i}"
        if list(r.keys()) != IDX_FIELDS:
            err(f"{where} fields {list(r.keys())}")
            continue
        idx_ids.append(r["source_thread_id"])
        if r["lang"] != lang:
            err(f"{where} lang")
        if r["kind"] not in KINDS:
            err(f"{where} bad kind {r['kind']}")
            continue
        kinds[r["kind"]] += 1
        if r["should_flag"] is not KINDS[r["kind"]][1]:
            err(f"{where} should_flag {r['should_flag']} wrong for {r['kind']}")
        if not r["note"].strip():
            err(f"{where} empty note")
    if idx_ids != order:
        err(f"{ip.name} ids {idx_ids} do not match threads {order}")
    if len(idx) != 16:
        err(f"{ip.name} has {len(idx)} threads, want 16")
    for k, (n, _) in KINDS.items():
        if kinds[k] != n:
            err(f"{ip.name} {k}={kinds[k]}, want {n}")
    print(f"{p.relative_to(OUT)}: {len(rows)} messages in {len(by_thread)} threads "
          f"(sizes {[len(v) for v in by_thread.values()]}); index kinds {dict(kinds)}")


for lang in LANGS:
    check_messages(lang)
    check_threads(lang)

if errors:
    print(f"\nFAILED: {len(errors)} problem(s)")
    for e in errors:
        print(" -", e)
    sys.exit(1)
print("\nvalidate.py: ALL CHECKS PASSED")
