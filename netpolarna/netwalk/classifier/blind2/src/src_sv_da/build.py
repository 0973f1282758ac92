#!/usr/bin/env python3
"""Build blind2 sv/da JSONL from compact hand-written sources.
Message source line:  L|T|targets|register|text|note
  L: H=hateful O=offensive N=neutral C=counter_speech ; T: 1/0 threat
Thread source: block header '# kind | start(YYYY-MM-DDTHH:MM) | title | note'
  then lines 'delta | parent | author | text'  delta: 0, 30s, 4m, 2h ; parent: - or 1-based msg no.
"""
import json, random, re, sys, os
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
from collections import Counter

BASE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(BASE)
LAB = {"H": "hateful", "O": "offensive", "N": "neutral", "C": "counter_speech"}
REG = {"sc": "school_chat", "cf": "comment_field", "fo": "forum", "gc": "gaming_chat",
       "so": "social_comment", "dm": "dm"}
TG = {"ethnicity", "religion", "lgbtq", "gender", "disability", "appearance", "individual"}
TZ = {"sv": "Europe/Stockholm", "da": "Europe/Copenhagen"}
KINDS = {"pile_on", "heated_debate", "benign", "counter_speech", "single_hateful"}

def build_messages(lang):
    rows = []
    for n, line in enumerate(open(f"{BASE}/messages_{lang}.txt", encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("|")
        assert len(parts) == 6, (lang, n, line)
        L, T, tg, rg, text, note = [p.strip() for p in parts]
        targets = [t for t in tg.split(",") if t]
        assert L in LAB and T in ("0", "1") and rg in REG, (n, line)
        assert all(t in TG for t in targets), (n, line)
        if L == "N":
            assert not targets and T == "0", (n, line)
        rows.append({"text": text, "lang": lang, "label": LAB[L], "threat": T == "1",
                     "targets": targets, "register": REG[rg], "note": note})
    random.Random(20261201 + len(lang)).shuffle(rows)
    out = []
    for i, r in enumerate(rows, 1):
        out.append({"id": f"{lang}-m-{i:03d}", **r})
    with open(f"{OUT}/messages/{lang}.jsonl", "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return out

def parse_delta(s):
    s = s.strip()
    if s == "0":
        return timedelta(0)
    m = re.fullmatch(r"(\d+)([smhd])", s)
    assert m, s
    v, u = int(m.group(1)), m.group(2)
    return {"s": timedelta(seconds=v), "m": timedelta(minutes=v), "h": timedelta(hours=v),
            "d": timedelta(days=v)}[u]

def build_threads(lang):
    blocks, cur = [], None
    for n, line in enumerate(open(f"{BASE}/threads_{lang}.txt", encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("//"):
            continue
        if line.startswith("# "):
            kind, start, title, note = [p.strip() for p in line[2:].split("|")]
            assert kind in KINDS, (n, line)
            cur = {"kind": kind, "start": start, "title": title, "note": note, "msgs": []}
            blocks.append(cur)
        else:
            parts = line.split("|", 3)
            assert len(parts) == 4, (lang, n, line)
            d, p, a, t = [x.strip() for x in parts]
            cur["msgs"].append((d, p, a, t, n))
    random.Random(7 + len(lang) * 31).shuffle(blocks)
    tz = ZoneInfo(TZ[lang])
    msgs_out, idx_out = [], []
    for ti, b in enumerate(blocks, 1):
        tid = f"{lang}-t-{ti:02d}"
        t = datetime.fromisoformat(b["start"]).replace(tzinfo=tz)
        for mi, (d, p, a, text, n) in enumerate(b["msgs"], 1):
            t = t + parse_delta(d) if mi > 1 else t
            if p == "-":
                parent = None
            else:
                pi = int(p)
                assert 1 <= pi < mi, (lang, n, "parent must be earlier")
                parent = f"{tid}-m{pi:02d}"
            rec = {"source_thread_id": tid, "message_id": f"{tid}-m{mi:02d}", "parent_id": parent,
                   "author": a, "text": text, "created_at": t.isoformat(timespec="seconds"),
                   "lang": lang}
            if mi == 1:
                rec["thread_title"] = b["title"]
            msgs_out.append(rec)
        idx_out.append({"source_thread_id": tid, "lang": lang, "kind": b["kind"],
                        "should_flag": b["kind"] == "pile_on", "note": b["note"]})
    with open(f"{OUT}/threads/{lang}.jsonl", "w", encoding="utf-8") as f:
        for r in msgs_out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(f"{OUT}/threads/index_{lang}.jsonl", "w", encoding="utf-8") as f:
        for r in idx_out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return msgs_out, idx_out

if __name__ == "__main__":
    for lang in sys.argv[1:]:
        if os.path.exists(f"{BASE}/messages_{lang}.txt"):
            m = build_messages(lang)
            print(lang, "messages", len(m), Counter(r["label"] for r in m),
                  "threat", sum(r["threat"] for r in m))
        if os.path.exists(f"{BASE}/threads_{lang}.txt"):
            tm, ix = build_threads(lang)
            print(lang, "threads", len(ix), Counter(r["kind"] for r in ix), "msgs", len(tm))
