"""Validate the blind evaluation sets and print counts. Usage: python3 validate.py"""
import json, sys
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent
LANGS = ("sv", "da", "nb", "en")
LABELS = {"hateful", "offensive", "neutral", "counter_speech"}
TARGETS = {"ethnicity", "religion", "lgbtq", "gender", "disability", "appearance", "individual"}
REGISTERS = {"school_chat", "comment_field", "forum", "gaming_chat", "social_comment", "dm"}
KINDS = {"pile_on": True, "heated_debate": False, "benign": False, "counter_speech": False,
         "single_hateful": False}
errors = []


def err(msg):
    errors.append(msg)


def load(path):
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            err(f"{path.name}:{n}: bad JSON ({e})")
    return rows


msg_ids, texts = set(), Counter()
mcount = {}
for lang in LANGS:
    rows = load(ROOT / "messages" / f"{lang}.jsonl")
    c = Counter()
    for r in rows:
        keys = {"id", "text", "lang", "label", "threat", "targets", "register", "note"}
        if set(r) != keys:
            err(f"{r.get('id')}: fields {sorted(set(r) ^ keys)}")
        if r["id"] in msg_ids:
            err(f"duplicate id {r['id']}")
        msg_ids.add(r["id"])
        if not r["id"].startswith(f"{lang}-m-"):
            err(f"{r['id']}: id prefix")
        if r["lang"] != lang:
            err(f"{r['id']}: lang")
        if r["label"] not in LABELS:
            err(f"{r['id']}: label {r['label']}")
        if not isinstance(r["threat"], bool):
            err(f"{r['id']}: threat not bool")
        if not set(r["targets"]) <= TARGETS or len(set(r["targets"])) != len(r["targets"]):
            err(f"{r['id']}: targets {r['targets']}")
        if r["label"] == "neutral" and (r["targets"] or r["threat"]):
            err(f"{r['id']}: neutral with targets/threat")
        if r["label"] in ("hateful", "offensive") and not r["targets"]:
            err(f"{r['id']}: {r['label']} without targets")
        if r["label"] == "hateful" and not set(r["targets"]) - {"individual", "appearance"}:
            err(f"{r['id']}: hateful without a group target")
        if r["register"] not in REGISTERS:
            err(f"{r['id']}: register {r['register']}")
        if not r["text"].strip() or not r["note"].strip():
            err(f"{r['id']}: empty text/note")
        texts[r["text"].strip().lower()] += 1
        c[r["label"]] += 1
        c["threat"] += r["threat"]
        c["total"] += 1
        for reg in [r["register"]]:
            c["reg:" + reg] += 1
    mcount[lang] = c
    if c["total"] < 160:
        err(f"{lang}: only {c['total']} messages")
    if c["threat"] < 25:
        err(f"{lang}: only {c['threat']} threats")
for t, n in texts.items():
    if n > 1:
        err(f"duplicate text x{n}: {t[:60]}")

index = load(ROOT / "threads" / "index.jsonl")
idx = {}
for r in index:
    keys = {"source_thread_id", "lang", "kind", "should_flag", "note"}
    if set(r) != keys:
        err(f"index {r.get('source_thread_id')}: fields")
    if r["source_thread_id"] in idx:
        err(f"index duplicate {r['source_thread_id']}")
    idx[r["source_thread_id"]] = r
    if r["kind"] not in KINDS:
        err(f"{r['source_thread_id']}: kind {r['kind']}")
    elif r["should_flag"] is not KINDS[r["kind"]]:
        err(f"{r['source_thread_id']}: should_flag inconsistent with kind")

tcount = {}
seen_threads = set()
for lang in LANGS:
    rows = load(ROOT / "threads" / f"{lang}.jsonl")
    by_thread = defaultdict(list)
    mids = set()
    for r in rows:
        need = {"source_thread_id", "message_id", "parent_id", "author", "text", "created_at", "lang"}
        if not need <= set(r) or not set(r) <= need | {"thread_title"}:
            err(f"{r.get('message_id')}: fields")
        if r["message_id"] in mids:
            err(f"duplicate message_id {r['message_id']}")
        mids.add(r["message_id"])
        if r["lang"] != lang:
            err(f"{r['message_id']}: lang")
        if not r["text"].strip() or not r["author"].strip():
            err(f"{r['message_id']}: empty text/author")
        datetime.fromisoformat(r["created_at"])
        by_thread[r["source_thread_id"]].append(r)
    kinds = Counter()
    sizes = []
    for tid, msgs in by_thread.items():
        seen_threads.add(tid)
        if tid not in idx:
            err(f"{tid}: not in index")
            continue
        if idx[tid]["lang"] != lang:
            err(f"{tid}: index lang")
        kinds[idx[tid]["kind"]] += 1
        sizes.append(len(msgs))
        if not 8 <= len(msgs) <= 30:
            err(f"{tid}: {len(msgs)} messages")
        ids = {m["message_id"] for m in msgs}
        if "thread_title" not in msgs[0] or not msgs[0]["thread_title"]:
            err(f"{tid}: first message lacks thread_title")
        if any("thread_title" in m for m in msgs[1:]):
            err(f"{tid}: thread_title on later message")
        if msgs[0]["parent_id"] is not None:
            err(f"{tid}: first message has a parent")
        times = {}
        prev = None
        for m in msgs:
            t = datetime.fromisoformat(m["created_at"])
            if prev and t < prev:
                err(f"{m['message_id']}: time goes backwards")
            prev = t
            times[m["message_id"]] = t
            p = m["parent_id"]
            if p is not None:
                if p not in ids:
                    err(f"{m['message_id']}: parent {p} not in thread")
                elif p not in times:
                    err(f"{m['message_id']}: parent {p} comes later")
        authors = {m["author"] for m in msgs}
        if idx[tid]["kind"] == "pile_on" and len(authors) < 5:
            err(f"{tid}: pile-on with only {len(authors)} authors")
    tcount[lang] = (kinds, sizes)
    want = {"pile_on": 8, "heated_debate": 5, "benign": 5, "counter_speech": 3, "single_hateful": 3}
    for k, n in want.items():
        if kinds[k] != n:
            err(f"{lang}: {kinds[k]} {k} threads, want {n}")
for tid in idx:
    if tid not in seen_threads:
        err(f"index {tid}: no messages")

print("MESSAGES")
print(f"{'lang':5}{'total':>7}{'hateful':>9}{'offens':>8}{'neutral':>9}{'counter':>9}{'threat':>8}")
for lang, c in mcount.items():
    print(f"{lang:5}{c['total']:>7}{c['hateful']:>9}{c['offensive']:>8}{c['neutral']:>9}"
          f"{c['counter_speech']:>9}{c['threat']:>8}")
    print("     registers:", ", ".join(f"{k[4:]}={v}" for k, v in sorted(c.items()) if k.startswith("reg:")))
print("THREADS")
for lang, (kinds, sizes) in tcount.items():
    print(f"{lang}: {sum(kinds.values())} threads, {sum(sizes)} messages (size {min(sizes)}-{max(sizes)}); "
          + ", ".join(f"{k}={kinds[k]}" for k in KINDS))
if errors:
    print(f"\n{len(errors)} ERRORS:")
    for e in errors:
        print(" -", e)
    sys.exit(1)
print("\nOK: all checks passed")
