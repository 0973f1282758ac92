"""Build the blind JSONL files from the compact hand-written sources in src/.

Message source line:  LABEL|T|targets|register|text|note
  LABEL: H hateful, O offensive, N neutral, C counter_speech; T: 1 threat / 0 not
  targets: letters e=ethnicity r=religion l=lgbtq g=gender d=disability a=appearance i=individual
  register: sc school_chat, cf comment_field, fo forum, gc gaming_chat, so social_comment, dm dm
Thread source: '#' header line  id|kind|flag|YYYY-MM-DDTHH:MM|title|note
  then one line per message: num|parent_num(0=none)|author|minutes_after_previous|text
"""
import json, random, sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
LAB = {"H": "hateful", "O": "offensive", "N": "neutral", "C": "counter_speech"}
TG = {"e": "ethnicity", "r": "religion", "l": "lgbtq", "g": "gender", "d": "disability",
      "a": "appearance", "i": "individual"}
REG = {"sc": "school_chat", "cf": "comment_field", "fo": "forum", "gc": "gaming_chat",
       "so": "social_comment", "dm": "dm"}
TZ = {"sv": "Europe/Stockholm", "da": "Europe/Copenhagen", "nb": "Europe/Oslo", "en": "Europe/London"}


def messages(lang):
    src = ROOT / "src" / f"msg_{lang}.txt"
    rows = []
    for ln, raw in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("//"):
            continue
        parts = raw.split("|")
        if len(parts) != 6:
            sys.exit(f"{src}:{ln}: expected 6 fields, got {len(parts)}")
        rows.append(tuple(p.strip() for p in parts))
    # Source files are grouped by label; shuffle (fixed seed) so id order says nothing about labels.
    random.Random(f"blind-{lang}").shuffle(rows)
    out = []
    for n, (lab, thr, tg, reg, text, note) in enumerate(rows, 1):
        out.append({"id": f"{lang}-m-{n:03d}", "text": text, "lang": lang, "label": LAB[lab],
                    "threat": thr == "1", "targets": [TG[c] for c in tg if c != "-"],
                    "register": REG[reg], "note": note})
    with open(ROOT / "messages" / f"{lang}.jsonl", "w", encoding="utf-8") as f:
        for o in out:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    return len(out)


def threads(lang):
    src = ROOT / "src" / f"thr_{lang}.txt"
    if not src.exists():
        return []
    tz = ZoneInfo(TZ[lang])
    rows, index, cur = [], [], None
    for ln, raw in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("//"):
            continue
        if raw.startswith("#"):
            tid, kind, flag, start, title, note = (p.strip() for p in raw[1:].split("|"))
            cur = {"tid": f"{lang}-t-{int(tid):02d}", "title": title,
                   "t": datetime.fromisoformat(start).replace(tzinfo=tz), "first": True}
            index.append({"source_thread_id": cur["tid"], "lang": lang, "kind": kind,
                          "should_flag": flag == "1", "note": note})
            continue
        parts = raw.split("|")
        if len(parts) != 5:
            sys.exit(f"{src}:{ln}: expected 5 fields, got {len(parts)}")
        num, par, author, mins, text = (p.strip() for p in parts)
        cur["t"] += timedelta(minutes=float(mins))
        o = {"source_thread_id": cur["tid"], "message_id": f"{cur['tid']}-m{int(num):02d}",
             "parent_id": None if par == "0" else f"{cur['tid']}-m{int(par):02d}",
             "author": author, "text": text, "created_at": cur["t"].isoformat(timespec="seconds"),
             "lang": lang}
        if cur["first"]:
            o["thread_title"] = cur["title"]
            cur["first"] = False
        rows.append(o)
    with open(ROOT / "threads" / f"{lang}.jsonl", "w", encoding="utf-8") as f:
        for o in rows:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    return index


if __name__ == "__main__":
    idx = []
    for lang in ("sv", "da", "nb", "en"):
        if (ROOT / "src" / f"msg_{lang}.txt").exists():
            print(lang, "messages", messages(lang))
        idx += threads(lang)
    with open(ROOT / "threads" / "index.jsonl", "w", encoding="utf-8") as f:
        for o in idx:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    print("threads", len(idx))
