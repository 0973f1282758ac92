#!/usr/bin/env python3
"""Turn the hand-written source text (src/{lang}_messages.txt, src/{lang}_threads.txt)
into JSONL files under OUT/messages and OUT/threads. Fixed seed shuffle for messages."""
import json, random, sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

SRC = Path(__file__).resolve().parent
OUT = SRC.parent
TZ = {"sv": "Europe/Stockholm", "da": "Europe/Copenhagen"}
LABELS = {"H": "hateful", "O": "offensive", "N": "neutral", "C": "counter_speech"}
SEED = 20261202


def lines(path):
    for ln in path.read_text(encoding="utf-8").splitlines():
        if ln.strip() and not ln.startswith("#"):
            yield ln


def build_messages(lang):
    rows = []
    for ln in lines(SRC / f"{lang}_messages.txt"):
        parts = ln.split("|")
        if len(parts) != 6:
            sys.exit(f"{lang} bad message line: {ln}")
        lab, thr, tg, reg, text, note = (p.strip() for p in parts)
        rows.append({"text": text, "lang": lang, "label": LABELS[lab], "threat": thr == "T",
                     "targets": [t for t in tg.split(",") if t], "register": reg, "note": note})
    random.Random(SEED + (0 if lang == "sv" else 1)).shuffle(rows)
    out = []
    for i, r in enumerate(rows, 1):
        out.append({"id": f"{lang}-b3-m{i:03d}", **r})
    p = OUT / "messages" / f"{lang}.jsonl"
    p.parent.mkdir(parents=True, exist_ok=True)
    with p.open("w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(out)


def build_threads(lang):
    tz = ZoneInfo(TZ[lang])
    threads, cur = [], None
    for ln in lines(SRC / f"{lang}_threads.txt"):
        if ln.startswith("=="):
            tid, kind, flag, start, title, note = (p.strip() for p in ln[2:].split("|", 5))
            cur = {"tid": f"{lang}-b3-{tid}", "kind": kind, "flag": flag == "true",
                   "t": datetime.strptime(start, "%Y-%m-%d %H:%M"), "title": title,
                   "note": note, "msgs": []}
            threads.append(cur)
        else:
            author, parent, delta, text = (p.strip() for p in ln.split("|", 3))
            cur["t"] = cur["t"] + timedelta(minutes=int(delta))
            cur["msgs"].append((author, parent, cur["t"], text))
    mp = OUT / "threads" / f"{lang}.jsonl"
    ip = OUT / "threads" / f"index_{lang}.jsonl"
    mp.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with mp.open("w", encoding="utf-8") as fm, ip.open("w", encoding="utf-8") as fi:
        for th in threads:
            for k, (author, parent, t, text) in enumerate(th["msgs"], 1):
                # wall-clock local time -> aware datetime with the real offset
                aware = t.replace(tzinfo=tz)
                rec = {"source_thread_id": th["tid"], "message_id": f"{th['tid']}-m{k:02d}",
                       "parent_id": None if parent == "-" else f"{th['tid']}-m{int(parent):02d}",
                       "author": author, "text": text,
                       "created_at": aware.isoformat(timespec="seconds"), "lang": lang}
                if k == 1:
                    rec["thread_title"] = th["title"]
                fm.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
            fi.write(json.dumps({"source_thread_id": th["tid"], "lang": lang, "kind": th["kind"],
                                 "should_flag": th["flag"], "note": th["note"]},
                                ensure_ascii=False) + "\n")
    return len(threads), n


if __name__ == "__main__":
    for lang in ("sv", "da"):
        m = build_messages(lang)
        t, n = build_threads(lang)
        print(f"{lang}: {m} messages, {t} threads, {n} thread messages")
