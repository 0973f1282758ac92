"""Turn the hand-written source_{lang}.txt files into JSONL files. Blind evaluation set 3."""
import json, random, sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

OUT = Path(__file__).resolve().parent.parent
TZ = {"nb": "Europe/Oslo", "en": "Europe/London"}
LABELS = {"H": "hateful", "O": "offensive", "N": "neutral", "C": "counter_speech"}
SEED = 20261202


def parse(lang):
    msgs, threads, section, cur = [], [], None, None
    for raw in (OUT / "src" / f"source_{lang}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or (line.startswith("#") and not line.startswith("## ")):
            continue
        if line.startswith("@"):
            section = line[1:]
            continue
        if section == "MESSAGES":
            lab, thr, tg, reg, text, note = line.split("|")
            msgs.append(dict(label=LABELS[lab], threat=thr == "1",
                             targets=[t for t in tg.split(",") if t], register=reg,
                             text=text, note=note))
        elif section == "THREADS":
            if line.startswith("## "):
                num, kind, start, title, note = line[3:].split("|")
                cur = dict(num=num, kind=kind, start=start, title=title, note=note, msgs=[])
                threads.append(cur)
            else:
                author, parent, minute, text = line.split("|", 3)
                cur["msgs"].append(dict(author=author, parent=None if parent == "-" else int(parent),
                                        minute=int(minute), text=text))
    return msgs, threads


def build(lang):
    msgs, threads = parse(lang)
    random.Random(SEED).shuffle(msgs)
    with open(OUT / "messages" / f"{lang}.jsonl", "w", encoding="utf-8") as f:
        for i, m in enumerate(msgs, 1):
            rec = {"id": f"{lang}-b3-m{i:03d}", "text": m["text"], "lang": lang,
                   "label": m["label"], "threat": m["threat"], "targets": m["targets"],
                   "register": m["register"], "note": m["note"]}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    tz = ZoneInfo(TZ[lang])
    with open(OUT / "threads" / f"{lang}.jsonl", "w", encoding="utf-8") as f, \
         open(OUT / "threads" / f"index_{lang}.jsonl", "w", encoding="utf-8") as fi:
        for t in threads:
            tid = f"{lang}-b3-t{t['num']}"
            start_utc = datetime.fromisoformat(t["start"]).replace(tzinfo=tz).astimezone(timezone.utc)
            for j, m in enumerate(t["msgs"], 1):
                local = (start_utc + timedelta(minutes=m["minute"])).astimezone(tz)
                rec = {"source_thread_id": tid, "message_id": f"{tid}-m{j:02d}",
                       "parent_id": None if m["parent"] is None else f"{tid}-m{m['parent']:02d}",
                       "author": m["author"], "text": m["text"],
                       "created_at": local.isoformat(timespec="seconds"), "lang": lang}
                if j == 1:
                    rec["thread_title"] = t["title"]
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            fi.write(json.dumps({"source_thread_id": tid, "lang": lang, "kind": t["kind"],
                                 "should_flag": t["kind"] == "pile_on", "note": t["note"]},
                                ensure_ascii=False) + "\n")


if __name__ == "__main__":
    for lang in sys.argv[1:] or ["nb", "en"]:
        build(lang)
        print("built", lang)
