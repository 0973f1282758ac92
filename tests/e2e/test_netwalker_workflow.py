"""The net-walkers' day over real HTTP: a scheduled scan raises flags; triage; labels; retrain.

Issue 5's acceptance path: scan a source, see flags in priority order with reasons, claim one,
act, close it, label a message, retrain, and see the label counted by the new model.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from flask import Flask

from netpolarna.netwalk.classifier import registry
from netpolarna.scheduler import SchedulerRunner

START = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
PILE_ON_REPLIES = [
    ("kalle", "du är så jävla äcklig, ingen vill ha dig här"),
    ("lisa_22", "hora. försvinn från skolan"),
    ("mackan", "vi ses efter skolan så får du se vad som händer"),
    ("nora.b", "fet och ful, döda dig själv"),
    ("ttt", "alla hatar dig, äckliga fitta"),
    ("ollie", "jag vet var du bor, akta dig"),
    ("bamse9", "idiot. ingen kommer sakna dig"),
]
DEBATE_REPLIES = [
    ("lärare_anna", "Jag tycker beslutet att stänga biblioteket på lördagar är fel."),
    ("pelle", "Kommunen borde lägga pengarna på fritidsgården istället, det är dumt prioriterat."),
    ("sara", "Håller inte med alls, biblioteket behövs mer än någonsin."),
    ("jonte", "Politikerna har gjort en riktigt dålig analys av vad unga behöver."),
    ("ella", "Jag förstår argumenten men tycker ändå att det är ett kortsiktigt beslut."),
]


def _thread(thread_id: str, title: str, opener: str, replies: list[tuple[str, str]]) -> list[str]:
    lines = [
        {
            "source_thread_id": thread_id,
            "message_id": f"{thread_id}-0",
            "parent_id": None,
            "author": "elin_k",
            "text": opener,
            "created_at": START.isoformat(),
            "thread_title": title,
            "url": f"https://forum.example/t/{thread_id}",
        }
    ]
    for i, (author, text) in enumerate(replies, start=1):
        lines.append(
            {
                "source_thread_id": thread_id,
                "message_id": f"{thread_id}-{i}",
                "parent_id": f"{thread_id}-0",
                "author": author,
                "text": text,
                "created_at": (START + timedelta(minutes=3 * i)).isoformat(),
                "lang": "sv",
            }
        )
    return [json.dumps(line, ensure_ascii=False) for line in lines]


@pytest.fixture
def scheduler(app: Flask) -> Iterator[SchedulerRunner]:
    app.config.update(SCHEDULER_HEARTBEAT_SECONDS=0.2, SCHEDULER_QUEUE_SECONDS=0.3)
    runner = SchedulerRunner(app)
    stop = threading.Event()
    thread = threading.Thread(target=runner.run, args=(stop,), daemon=True)
    thread.start()
    yield runner
    stop.set()
    thread.join(timeout=10)


def _wait(predicate: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_scan_flag_triage_label_and_retrain(
    app: Flask,
    live_server: str,
    make_actor: Callable[..., Any],
    scheduler: SchedulerRunner,
    tmp_path: Path,
) -> None:
    trained = app.test_cli_runner().invoke(args=["model", "train", "--no-progress"])
    assert trained.exit_code == 0, trained.output
    first_version = registry.active_version(app.instance_path)
    # No public corpora here (CORPUS_DIRS is empty): said loudly, and in the model card.
    assert "WARNING: trained WITHOUT the public corpora" in trained.stderr
    card = registry.active_model_path(app.instance_path) / "MODEL_CARD.md"
    assert "**Warning:** this model was trained WITHOUT the public corpora" in card.read_text()

    feed = tmp_path / "forum.jsonl"
    feed.write_text(
        "\n".join(
            _thread("drev-elin", "Elin i 8B", "Har ni sett Elins nya bild?", PILE_ON_REPLIES)
            + _thread("bibliotek", "Biblioteket stänger", "Vad tycker ni?", DEBATE_REPLIES)
        )
        + "\n",
        encoding="utf-8",
    )
    anna, bilal = make_actor("netwalker"), make_actor("netwalker")
    with httpx.Client(base_url=live_server, timeout=15) as http:
        source = http.post(
            "/api/v1/sources",
            json={"name": "Ungdomsforum", "kind": "jsonl", "config": {"path": str(feed)}},
            headers=anna.headers,
        )
        assert source.status_code == 201, source.text
        scan = http.post(f"/api/v1/sources/{source.json()['id']}/scan", headers=anna.headers)
        assert scan.status_code == 202
        scan_id = scan.json()["id"]

        def scanned() -> bool:
            run = http.get(f"/api/v1/scans/{scan_id}", headers=anna.headers).json()
            return bool(run["status"] == "succeeded")

        _wait(scanned)

        queue = http.get("/api/v1/flags", headers=anna.headers).json()["items"]
        titles = {
            f["thread_id"]: http.get(
                f"/api/v1/threads/{f['thread_id']}", headers=anna.headers
            ).json()["title"]
            for f in queue
        }
        # The pile-on is flagged, with reasons; the heated but civil debate is not.
        assert "Elin i 8B" in titles.values()
        assert "Biblioteket stänger" not in titles.values()
        flag = next(f for f in queue if titles[f["thread_id"]] == "Elin i 8B")
        assert flag["severity"] in {"high", "critical"} and flag["reasons"]
        assert all(reason["en"] and reason["sv"] for reason in flag["reasons"])
        severities = [f["priority"] for f in queue]
        assert severities == sorted(severities)

        detail = http.get(f"/api/v1/flags/{flag['id']}", headers=anna.headers)
        assert detail.status_code == 200
        claimed = http.post(f"/api/v1/flags/{flag['id']}/claim", headers=anna.headers)
        assert claimed.status_code == 200 and claimed.json()["assignee_id"] == anna.user.id
        etag = claimed.headers["ETag"]

        action = http.post(
            f"/api/v1/flags/{flag['id']}/actions",
            json={"kind": "contacted_school", "note": "Mentor informerad"},
            headers=anna.headers,
        )
        assert action.status_code == 201
        # A colleague with a stale copy cannot overwrite Anna's change.
        stale = http.patch(
            f"/api/v1/flags/{flag['id']}",
            json={"status": "false_alarm"},
            headers={**bilal.headers, "If-Match": '"0"'},
        )
        assert stale.status_code == 412
        current = http.get(f"/api/v1/flags/{flag['id']}", headers=anna.headers)
        closed = http.patch(
            f"/api/v1/flags/{flag['id']}",
            json={"status": "closed"},
            headers={**anna.headers, "If-Match": current.headers.get("ETag", etag)},
        )
        assert closed.status_code == 200 and closed.json()["status"] == "closed"

        message_id = flag["evidence_message_ids"][0]
        labelled = http.post(
            f"/api/v1/messages/{message_id}/label",
            json={"label": "hateful", "threat": False, "targets": ["individual"]},
            headers=anna.headers,
        )
        assert labelled.status_code == 201, labelled.text

    retrained = app.test_cli_runner().invoke(args=["model", "train", "--no-progress"])
    assert retrained.exit_code == 0, retrained.output
    second_version = registry.active_version(app.instance_path)
    assert second_version and second_version != first_version
    summary = json.loads(
        (registry.model_path(app.instance_path, second_version) / "training_data.json").read_text()
    )
    assert "staff" in summary["sources"], summary["sources"]
    staff_counts = [
        (lang, label, count)
        for split in ("train", "held_out")
        for lang, labels in summary[split].get("staff", {}).items()
        for label, count in labels.items()
        if count
    ]
    assert staff_counts == [("sv", "hateful", 1)]
