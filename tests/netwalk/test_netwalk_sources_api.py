"""Sources and scans through the API and the CLI, as a new user would use them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from netwalk_support import conversation, line, write_lines
from sqlalchemy import func, select

from netpolarna.db import db
from netpolarna.netwalk.ingestion import scanning
from netpolarna.netwalk.models import Message, ScanRun, Source, Thread


def _count(model: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _create_jsonl_source(client: FlaskClient, headers: dict[str, str], path: Path) -> int:
    response = client.post(
        "/api/v1/sources",
        json={"name": "Forum export", "kind": "jsonl", "config": {"path": str(path)}},
        headers=headers,
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert body["kind"] == "jsonl" and body["enabled"] is True and body["interval_minutes"] == 60
    return int(body["id"])


def test_scan_twice_then_append_only_new_rows(
    client: FlaskClient,
    runner: FlaskCliRunner,
    make_actor: Callable[..., Any],
    tmp_path: Path,
) -> None:
    staff = make_actor("netwalker")
    feed = tmp_path / "forum.jsonl"
    write_lines(feed, conversation("a", 6) + conversation("b", 4))
    source_id = _create_jsonl_source(client, staff.headers, feed)

    first = runner.invoke(args=["scan", str(source_id)])
    assert first.exit_code == 0, first.output
    assert "succeeded" in first.output and "new 10" in first.output
    assert (_count(Message), _count(Thread)) == (10, 2)

    second = runner.invoke(args=["scan", str(source_id)])
    assert second.exit_code == 0 and "new 0" in second.output
    assert _count(Message) == 10

    write_lines(feed, [line("a", "a-6", parent="a-5", author="late", minutes=30)], append=True)
    write_lines(feed, [line("c", "c-0", author="newcomer", thread_title="c")], append=True)
    third = runner.invoke(args=["scan", str(source_id)])
    assert "fetched 2, new 2, duplicate 0" in third.output
    assert (_count(Message), _count(Thread)) == (12, 3)

    scans = client.get(f"/api/v1/scans?source_id={source_id}", headers=staff.headers).json
    assert [s["new"] for s in scans["items"]] == [2, 0, 10]  # newest first
    assert all(s["status"] == "succeeded" and s["duration_ms"] is not None for s in scans["items"])
    one = client.get(f"/api/v1/scans/{scans['items'][0]['id']}", headers=staff.headers).json
    assert {"fetched", "new", "duplicate", "failed", "started_at", "finished_at", "error"} <= set(
        one
    )
    thread_a = db.session.scalar(select(Thread).where(Thread.source_thread_id == "a"))
    assert thread_a is not None
    assert (thread_a.message_count, thread_a.reply_count, thread_a.author_count) == (7, 6, 6)


def test_rewritten_file_dedups_by_id_and_content(
    client: FlaskClient, make_actor: Callable[..., Any], tmp_path: Path
) -> None:
    staff = make_actor("admin")
    feed = tmp_path / "dump.jsonl"
    records = conversation("x", 5)
    write_lines(feed, records)
    source_id = _create_jsonl_source(client, staff.headers, feed)
    assert scanning.scan_source(source_id, trigger="cli").new == 5  # type: ignore[union-attr]

    # The export is rewritten from scratch: the connector starts over, ingestion dedups.
    copy = dict(records[1], message_id="x-1-repost")  # same author and words, another id
    edited = dict(records[2], text="An edited reply, now with other words.")
    write_lines(tmp_path / "dump.jsonl.new", [*records[:2], edited, *records[3:], copy])
    (tmp_path / "dump.jsonl.new").replace(feed)
    run = scanning.scan_source(source_id, trigger="cli")
    assert run is not None
    assert (run.fetched, run.new, run.duplicate, run.updated) == (6, 0, 5, 1)
    stored = db.session.scalar(select(Message).where(Message.message_id == "x-2"))
    assert stored is not None and stored.text.startswith("An edited reply")
    assert stored.edited_at is not None
    assert _count(Message) == 5


def test_config_validation_is_problem_json_and_changes_nothing(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    staff = make_actor("netwalker")
    bad = [
        ({"name": "x", "kind": "rss", "config": {}}, "config"),
        ({"name": "x", "kind": "rss", "config": {"url": "ftp://example.org/feed"}}, "config"),
        ({"name": "x", "kind": "mastodon", "config": {"base_url": "https://m.example"}}, "config"),
        ({"name": "x", "kind": "gopher", "config": {"url": "x"}}, "kind"),
        ({"kind": "jsonl", "config": {"path": "/tmp/x"}}, "name"),
        ({"name": "x", "kind": "jsonl", "config": {"path": "/tmp"}, "interval_minutes": 0}, None),
    ]
    for body, field in bad:
        response = client.post("/api/v1/sources", json=body, headers=staff.headers)
        assert response.status_code == 422, body
        assert response.mimetype == "application/problem+json"
        assert response.json["code"] == "validation_failed"
        if field:
            assert field in response.json["errors"], response.json
    assert client.post("/api/v1/sources", json=bad[0][0], headers=staff.headers).json["errors"][
        "config"
    ] == {"url": ["Missing data for required field."]}
    assert _count(Source) == 0

    good = client.post(
        "/api/v1/sources",
        json={"name": "Feed", "kind": "rss", "config": {"url": "https://example.org/feed.xml"}},
        headers=staff.headers,
    ).json
    response = client.patch(
        f"/api/v1/sources/{good['id']}",
        json={"config": {"url": "not a url"}, "name": "Renamed"},
        headers=staff.headers,
    )
    assert response.status_code == 422 and "config" in response.json["errors"]
    unchanged = client.get(f"/api/v1/sources/{good['id']}", headers=staff.headers).json
    assert unchanged["name"] == "Feed" and unchanged["config"]["url"].endswith("feed.xml")


def test_source_crud_and_scan_request_is_queued(
    client: FlaskClient, make_actor: Callable[..., Any], tmp_path: Path
) -> None:
    staff = make_actor("netwalker")
    write_lines(tmp_path / "f.jsonl", conversation("q", 2))
    source_id = _create_jsonl_source(client, staff.headers, tmp_path / "f.jsonl")
    listed = client.get("/api/v1/sources", headers=staff.headers).json
    assert [s["id"] for s in listed["items"]] == [source_id]

    patched = client.patch(
        f"/api/v1/sources/{source_id}",
        json={"interval_minutes": 15, "enabled": False},
        headers=staff.headers,
    ).json
    assert (patched["interval_minutes"], patched["enabled"]) == (15, False)

    first = client.post(f"/api/v1/sources/{source_id}/scan", headers=staff.headers)
    again = client.post(f"/api/v1/sources/{source_id}/scan", headers=staff.headers)
    assert first.status_code == 202 and first.json["status"] == "queued"
    assert again.json["id"] == first.json["id"]  # one waiting scan per source
    assert _count(Message) == 0  # nothing ran inside the request

    run = scanning.run_queued(first.json["id"])
    assert run is not None and (run.status, run.new, run.trigger) == ("succeeded", 2, "api")
    assert client.get(f"/api/v1/scans/{run.id}", headers=staff.headers).json["new"] == 2

    assert client.delete(f"/api/v1/sources/{source_id}", headers=staff.headers).status_code == 204
    assert (_count(Source), _count(Message), _count(ScanRun)) == (0, 0, 0)
    assert client.get(f"/api/v1/sources/{source_id}", headers=staff.headers).status_code == 404


def test_scan_command_reports_unknown_source_and_failure(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    missing = runner.invoke(args=["scan", "999"])
    assert missing.exit_code != 0 and "no source with id 999" in missing.output

    from netpolarna.netwalk import sources

    source = sources.create_source(
        name="Gone", kind="jsonl", config={"path": str(tmp_path / "nowhere")}
    )
    failed = runner.invoke(args=["scan", str(source.id)])
    assert failed.exit_code == 1 and "failed" in failed.output and "neither a file" in failed.output
    db.session.expire_all()
    stored = db.session.get(Source, source.id)
    assert stored is not None
    assert (stored.last_status, stored.consecutive_failures) == ("failed", 1)
    assert stored.next_retry_at is not None


def test_jsonl_source_cannot_read_outside_allowed_folders(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    staff = make_actor("netwalker")
    body = {"name": "passwords", "kind": "jsonl", "config": {"path": "/etc/passwd"}}
    response = client.post("/api/v1/sources", json=body, headers=staff.headers)
    assert response.status_code == 422
    assert response.get_json()["errors"]["config"]["path"]
    assert db.session.scalar(select(func.count(Source.id))) == 0
