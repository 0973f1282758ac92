"""`GET /api/v1/queue` (the merged triage order, filters, cursor) and `GET /api/v1/audit`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from netpolarna.db import db, utcnow
from netpolarna.netwalk.triage.models import Flag
from netpolarna.reports.models import Report


def _keys(response: Any) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [f"{i['kind']}:{i['id']}" for i in response.get_json()["items"]]


def test_queue_merges_flags_and_reports_in_triage_order(client: Any, week: Any) -> None:
    headers = week.walker.headers
    items = client.get("/api/v1/queue", headers=headers).get_json()["items"]
    assert [f"{i['kind']}:{i['id']}" for i in items] == [
        f"report:{week.report_id}",  # in danger
        f"flag:{week.worst_flag_id}",
        f"flag:{week.other_flag_id}",
    ]
    report = items[0]
    assert report["danger"] and report["priority"] == 1 and report["case_code"] == week.case_code
    assert "description" not in report and "efter skolan" not in report["summary"]
    flag = items[1]
    assert flag["summary"] and flag["source_id"] and flag["version"] >= 1
    assert flag["response_due_at"] and flag["breached"] is False


def test_queue_filters(client: Any, week: Any) -> None:
    headers = week.walker.headers
    only = _keys(client.get("/api/v1/queue?kind=report", headers=headers))
    assert only == [f"report:{week.report_id}"]
    source_id = client.get("/api/v1/queue?kind=flag", headers=headers).get_json()["items"][0][
        "source_id"
    ]
    by_source = _keys(client.get(f"/api/v1/queue?source_id={source_id}", headers=headers))
    assert by_source == [f"flag:{week.worst_flag_id}", f"flag:{week.other_flag_id}"]
    assert _keys(client.get("/api/v1/queue?mine=true", headers=headers)) == []
    client.post(f"/api/v1/flags/{week.other_flag_id}/claim", headers=headers)
    assert _keys(client.get("/api/v1/queue?mine=true", headers=headers)) == [
        f"flag:{week.other_flag_id}"
    ]
    unassigned = _keys(client.get("/api/v1/queue?unassigned=true", headers=headers))
    assert f"flag:{week.other_flag_id}" not in unassigned and len(unassigned) == 2
    # Breach: a flag past its due time unanswered, a report still `received` past its target.
    flag = db.session.get(Flag, week.worst_flag_id)
    flag.response_due_at = utcnow() - timedelta(minutes=1)
    db.session.get(Report, week.report_id).created_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    late = _keys(client.get("/api/v1/queue?breached=true", headers=headers))
    assert late == [f"report:{week.report_id}", f"flag:{week.worst_flag_id}"]
    closed = _keys(client.get("/api/v1/queue?status=closed", headers=headers))
    assert closed == []


def test_queue_cursor_pages_through_both_kinds(client: Any, week: Any) -> None:
    headers = week.walker.headers
    seen: list[str] = []
    url = "/api/v1/queue?limit=1"
    while True:
        body = client.get(url, headers=headers).get_json()
        seen += [f"{i['kind']}:{i['id']}" for i in body["items"]]
        if not body["next_cursor"]:
            break
        url = f"/api/v1/queue?limit=1&cursor={body['next_cursor']}"
    assert seen == _keys(client.get("/api/v1/queue", headers=headers))
    bad = client.get("/api/v1/queue?cursor=nonsense", headers=headers)
    assert bad.status_code == 422


def test_audit_log_is_filterable(client: Any, week: Any) -> None:
    walker, admin = week.walker, week.admin
    client.get(f"/api/v1/reports/{week.report_id}", headers=walker.headers)
    client.get(
        f"/api/v1/reports/{week.report_id}/evidence/{week.evidence_id}", headers=walker.headers
    )
    everything = client.get("/api/v1/audit", headers=admin.headers).get_json()["items"]
    assert everything[0]["id"] > everything[-1]["id"]  # newest first
    reads = client.get(
        f"/api/v1/audit?action=report.read&subject_id={week.report_id}", headers=admin.headers
    ).get_json()["items"]
    assert [(e["actor_id"], e["subject_type"]) for e in reads] == [(walker.user.id, "report")]
    evidence = client.get(
        f"/api/v1/audit?subject_type=evidence&actor_id={walker.user.id}", headers=admin.headers
    ).get_json()["items"]
    assert [e["action"] for e in evidence] == ["evidence.read"]
    prefix = client.get("/api/v1/audit?action=report.", headers=admin.headers).get_json()["items"]
    assert prefix and all(e["action"].startswith("report.") for e in prefix)
    future = (utcnow() + timedelta(days=1)).isoformat()
    later = client.get(f"/api/v1/audit?since={future.replace('+', '%2B')}", headers=admin.headers)
    assert later.status_code == 200 and later.get_json()["items"] == []
    assert client.get("/api/v1/audit?since=yesterday", headers=admin.headers).status_code == 422


def test_queue_lines_speak_the_readers_language(client: Any, week: Any) -> None:
    """A report's category and a flag's reason are words in the reader's language, not codes."""
    report = db.session.get(Report, week.report_id)
    report.category = "self_harm_concern"
    db.session.commit()
    lines = {}
    for locale in ("sv", "da", "nb", "en"):
        headers = {**week.walker.headers, "Accept-Language": locale}
        items = client.get("/api/v1/queue", headers=headers).get_json()["items"]
        lines[locale] = {i["kind"]: i["summary"] for i in items}
    assert lines["sv"]["report"].startswith("I fara nu. Ungdomsanmälan")
    assert "oro för självskada" in lines["sv"]["report"]
    assert "bekymring for selvskade" in lines["da"]["report"]
    assert "bekymring for selvskading" in lines["nb"]["report"]
    assert "self-harm concern" in lines["en"]["report"]
    assert not any("self_harm" in line["report"] for line in lines.values())
    assert len({line["flag"] for line in lines.values()}) == 4  # one reason, four languages


def test_console_shows_report_category_in_words(console_for: Any, week: Any) -> None:
    report = db.session.get(Report, week.report_id)
    report.category = "sexual_harassment"
    db.session.commit()
    page = console_for(week.walker.user.email).get(f"/console/reports/{week.report_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "sexuella trakasserier" in html and "sexual_harassment" not in html
