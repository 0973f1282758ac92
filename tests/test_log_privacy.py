"""Whatever fails, the server log holds nothing a young person wrote and not who they are.

Each test makes one kind of failure really happen (the database refuses a row, a view raises,
a scan fails while storing) with a recognisable marker in the text, then reads everything the
app's log handler wrote and looks for the marker and the reporter's id.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from netpolarna.accounts.models import User
from netpolarna.db import db
from netpolarna.log_privacy import PrivacyFilter, describe_exception, scrub_text
from netpolarna.netwalk import sources
from netpolarna.netwalk.ingestion import scanning

MARKER = "Kalle-hemlig-9f3e2a"
REPORTER_ID = 987654  # distinctive, so that finding it in the log means something
REPORT = {"category": "bullying", "platform": "snapchat", "affected": "me"}


@pytest.fixture
def log_text(app: Flask) -> Iterator[Callable[[], str]]:
    """Everything the app's own log handler writes (the one every logger reaches)."""
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "netpolarna_handler", 0))
    stream = io.StringIO()
    previous = handler.setStream(stream)  # type: ignore[attr-defined]
    yield stream.getvalue
    handler.setStream(previous)  # type: ignore[attr-defined]


def _first_ids_from(start: int) -> None:
    """The next user gets id `start`: small ids would be found in any log by chance."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(
            text("SELECT setval(pg_get_serial_sequence('users', 'id'), :n)"), {"n": start - 1}
        )
    else:
        db.session.add(User(id=start - 1, role="youth", locale="sv"))
    db.session.commit()


def _refuse_inserts(table: str) -> None:
    """The database itself rejects every new row of `table`, quoting the row where it can."""
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(
                text(
                    "CREATE OR REPLACE FUNCTION refuse_row() RETURNS trigger AS $$ BEGIN "
                    "RAISE EXCEPTION 'refused row: %', NEW; END $$ LANGUAGE plpgsql"
                )
            )
            conn.execute(
                text(
                    f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION refuse_row()"
                )
            )
        else:  # SQLite: the trigger's program fails when an INSERT is prepared
            trigger = f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table}"
            conn.execute(text(f"{trigger} BEGIN SELECT x(); END"))


@pytest.fixture
def refuse_inserts(app: Flask) -> Iterator[Callable[[str], None]]:
    tables: list[str] = []

    def refuse(table: str) -> None:
        _refuse_inserts(table)
        tables.append(table)

    yield refuse
    with db.engine.begin() as conn:
        for table in tables:
            suffix = f" ON {table}" if conn.dialect.name == "postgresql" else ""
            conn.execute(text(f"DROP TRIGGER IF EXISTS refuse_{table}{suffix}"))


@pytest.fixture
def youth(make_actor: Callable[..., Any], app: Flask) -> Any:
    _first_ids_from(REPORTER_ID)
    actor = make_actor("youth")
    assert actor.user.id == REPORTER_ID
    return actor


def _assert_clean(log: str) -> None:
    assert log, "the failure logged nothing: the test would prove nothing"
    assert MARKER not in log
    assert str(REPORTER_ID) not in log


def test_a_database_error_creating_a_report_logs_no_text(
    client: FlaskClient, youth: Any, refuse_inserts: Callable[[str], None], log_text: Any
) -> None:
    refuse_inserts("reports")
    body = {**REPORT, "description": f"{MARKER} posts pictures of me"}
    response = client.post("/api/v1/reports", json=body, headers=youth.headers)
    assert response.status_code >= 400
    log = log_text()
    _assert_clean(log)
    assert "Traceback" in log  # the failure is still there to debug, without its values


def test_a_nul_character_in_a_report_logs_no_text(
    client: FlaskClient, youth: Any, log_text: Any
) -> None:
    # PostgreSQL refuses NUL in text; whatever the edge makes of it, the log stays clean.
    body = {**REPORT, "description": f"{MARKER}\x00 again"}
    client.post("/api/v1/reports", json=body, headers=youth.headers)
    assert MARKER not in log_text() and str(REPORTER_ID) not in log_text()


def test_a_database_error_in_a_chat_message_or_a_note_logs_no_text(
    client: FlaskClient,
    youth: Any,
    make_actor: Callable[..., Any],
    refuse_inserts: Callable[[str], None],
    log_text: Any,
) -> None:
    staff = make_actor("netwalker")
    created = client.post(
        "/api/v1/reports", json={**REPORT, "description": "hello"}, headers=youth.headers
    )
    assert created.status_code == 201
    report_id = created.json["id"]
    refuse_inserts("report_messages")
    refuse_inserts("report_notes")

    chat = client.post(
        f"/api/v1/reports/{report_id}/messages",
        json={"body": f"{MARKER} said he will wait for me"},
        headers=youth.headers,
    )
    note = client.post(
        f"/api/v1/reports/{report_id}/notes",
        json={"body": f"The reporter says {MARKER} threatened them"},
        headers=staff.headers,
    )
    assert chat.status_code >= 400 and note.status_code >= 400
    log = log_text()
    _assert_clean(log)
    assert f"/reports/{report_id}/" not in log and "/reports/<id>/messages" in log


def test_an_unhandled_error_in_a_view_logs_no_message_and_no_ids(
    app: Flask, client: FlaskClient, youth: Any, log_text: Any
) -> None:
    def explode(report_id: int) -> str:
        raise ValueError(f"could not parse {MARKER!r} for user {REPORTER_ID}")

    app.add_url_rule("/api/v1/test-explode/<int:report_id>", view_func=explode)
    response = client.get(f"/api/v1/test-explode/{REPORTER_ID}?q={MARKER}")
    assert response.status_code == 500
    log = log_text()
    _assert_clean(log)
    assert "ValueError" in log and "/api/v1/test-explode/<id>" in log


def test_a_failing_scan_logs_no_message_text(
    app: Flask, tmp_path: Path, refuse_inserts: Callable[[str], None], log_text: Any
) -> None:
    feed = tmp_path / "forum.jsonl"
    lines = [
        {"source_thread_id": "t", "message_id": f"m{n}", "parent_id": None, "author": "a",
         "text": f"{MARKER} should not be at our school", "created_at": "2025-03-01T10:00:00Z"}
        for n in range(3)
    ]  # fmt: skip
    feed.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    app.config["JSONL_ROOTS"] = [str(tmp_path)]
    source = sources.create_source(name="Forum", kind="jsonl", config={"path": str(feed)})
    refuse_inserts("netwalk_messages")

    run = scanning.scan_source(source.id, trigger="manual")

    assert run is not None and run.status == "failed"
    assert MARKER not in (run.error or "")
    log = log_text()
    assert "failed" in log and MARKER not in log


def test_records_of_any_logger_are_rewritten() -> None:
    record = logging.LogRecord(
        "sqlalchemy.engine", logging.ERROR, __file__, 1,
        "%s\n[SQL: INSERT INTO reports (description, reporter_id) VALUES (?, ?)]\n"
        "[parameters: ('%s', %d)]\nGET /api/v1/reports/12/messages?q=%s",
        ("boom", MARKER, REPORTER_ID, MARKER), None,
    )  # fmt: skip
    PrivacyFilter().filter(record)
    message = record.getMessage()
    assert MARKER not in message and str(REPORTER_ID) not in message
    assert "/api/v1/reports/<id>/messages" in message and "INSERT INTO reports" in message


def test_an_exception_chain_keeps_types_and_frames_but_no_message() -> None:
    try:
        try:
            raise KeyError(MARKER)
        except KeyError as inner:
            raise RuntimeError(f"wrapped {MARKER}") from inner
    except RuntimeError as exc:
        described = describe_exception(exc)
    assert MARKER not in described
    assert "KeyError" in described and "RuntimeError" in described
    assert described.index("KeyError") < described.index("RuntimeError")
    assert "direct cause" in described and "test_log_privacy.py" in described


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('"GET /api/v1/calendars/Zq3xYp0wLmN8vR2tUa9s.ics HTTP/1.1" 200', "/<id>.ics"),
        ("DELETE /api/v1/reports/41/evidence/7", "/api/v1/reports/<id>/evidence/<id>"),
        ("GET /api/v1/tips?q=secret HTTP/1.1", "GET /api/v1/tips HTTP/1.1"),
    ],
)
def test_paths_lose_their_ids_and_queries(line: str, expected: str) -> None:
    scrubbed = scrub_text(line)
    assert expected in scrubbed and "secret" not in scrubbed


def test_gunicorns_own_handlers_pass_the_filter(new_app: Callable[..., Flask]) -> None:
    """gunicorn's loggers do not propagate to the root: their handlers get the filter too."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    gunicorn_log = logging.getLogger("gunicorn.error")
    gunicorn_log.addHandler(handler)
    try:
        new_app()  # a worker builds the app after gunicorn set up its logging
        gunicorn_log.error("POST /api/v1/reports/%d: %s", REPORTER_ID, ValueError(MARKER))
    finally:
        gunicorn_log.removeHandler(handler)
    logged = stream.getvalue()
    assert "/api/v1/reports/<id>" in logged and "ValueError" in logged
    assert MARKER not in logged and str(REPORTER_ID) not in logged
