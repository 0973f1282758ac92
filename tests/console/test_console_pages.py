"""The console over HTTP (no browser): sign-in, CSRF, headers, and each page's services."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from console_support import PASSWORD, sign_in
from sqlalchemy import func, select

from netpolarna.audit.models import AuditEvent
from netpolarna.db import db
from netpolarna.netwalk.triage.models import Flag, FlagAction, MessageLabel
from netpolarna.reports.models import Report, ReportMessage


def _audit_count(action: str, subject_type: str, subject_id: Any) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.action == action,
            AuditEvent.subject_type == subject_type,
            AuditEvent.subject_id == str(subject_id),
        )
    )


def test_pages_need_a_staff_session(client: Any, week: Any) -> None:
    response = client.get("/console/queue")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/console/login")
    # A bearer token is not a console session, whoever it belongs to.
    bearer = {"Authorization": f"Bearer {week.walker.access_token}"}
    assert client.get("/console/queue", headers=bearer).status_code == 302


def test_sign_in_sets_a_safe_cookie_and_headers(client: Any, week: Any) -> None:
    response = sign_in(client, week.walker.user.email)
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/console" in cookie
    page = client.get("/console/queue")
    assert page.status_code == 200
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["Cache-Control"] == "no-store"
    assert "<script>" not in page.get_data(as_text=True)


def test_school_and_unknown_accounts_are_refused(client: Any, make_actor: Any) -> None:
    school = make_actor("school", email="rektor@example.org")
    response = sign_in(client, school.user.email)
    assert response.status_code == 403
    assert client.get("/console/queue").status_code == 302
    assert sign_in(client, "nobody@example.org").status_code == 401


def test_the_api_login_throttle_applies(client: Any, week: Any, app: Any) -> None:
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert sign_in(client, week.walker.user.email, "wrong").status_code == 401
    # Locked now, even with the right password.
    assert sign_in(client, week.walker.user.email, PASSWORD).status_code == 429


def test_a_post_without_csrf_token_is_refused(console_for: Any, week: Any) -> None:
    console = console_for(week.walker.user.email)
    response = console.client.post(
        f"/console/flags/{week.worst_flag_id}/actions", data={"kind": "no_action"}
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(FlagAction)) == 0
    # The API with its bearer token needs no CSRF token.
    response = console.client.post(
        f"/api/v1/flags/{week.worst_flag_id}/notes",
        json={"body": "ok"},
        headers={"Authorization": f"Bearer {week.walker.access_token}"},
    )
    assert response.status_code == 201


def test_sign_out_ends_the_session_everywhere(console_for: Any, week: Any) -> None:
    console = console_for(week.walker.user.email)
    assert console.post("/console/logout").status_code == 302
    assert console.get("/console/queue").status_code == 302


def test_deactivating_an_account_ends_its_console_session(console_for: Any, week: Any) -> None:
    walker = console_for(week.walker.user.email)
    admin = console_for(week.admin.user.email)
    response = admin.post(f"/console/admin/users/{week.walker.user.id}/active", {"active": "0"})
    assert response.status_code == 302
    assert walker.get("/console/queue").status_code == 302


def test_queue_lists_danger_first_then_flags_by_priority(console_for: Any, week: Any) -> None:
    console = console_for(week.walker.user.email)
    html = console.get("/console/queue/items").get_data(as_text=True)
    report_at = html.index(f'data-key="report:{week.report_id}"')
    worst_at = html.index(f'data-key="flag:{week.worst_flag_id}"')
    other_at = html.index(f'data-key="flag:{week.other_flag_id}"')
    assert report_at < worst_at < other_at
    # Reports appear without the young person's words.
    assert "efter skolan" not in html


def test_flag_page_explains_each_message(console_for: Any, week: Any) -> None:
    console = console_for(week.walker.user.email)
    html = console.get(f"/console/flags/{week.worst_flag_id}").get_data(as_text=True)
    assert "olika konton angriper" in html  # the pile-on reason, in Swedish
    assert f'id="text-{week.hateful_message_id}"' in html
    assert 'class="text blurred"' in html
    assert "räknas som hot" in html  # the threatening message's part


def test_label_act_and_close_a_flag(console_for: Any, week: Any) -> None:
    console = console_for(week.walker.user.email)
    flag_id = week.worst_flag_id
    message_id = week.hateful_message_id
    response = console.post(
        f"/console/flags/{flag_id}/messages/{message_id}/label",
        {"label": "hateful", "threat": "1"},
    )
    assert response.status_code == 302
    label = db.session.scalar(select(MessageLabel).where(MessageLabel.message_id == message_id))
    assert label is not None and label.threat and label.label == "hateful"
    console.post(f"/console/flags/{flag_id}/actions", {"kind": "contacted_school", "note": "x"})
    version = db.session.get(Flag, flag_id).version
    db.session.expire_all()
    response = console.post(
        f"/console/flags/{flag_id}/status", {"status": "closed", "version": "1"}
    )
    # An old version is refused (someone changed the flag since it was read).
    assert response.status_code == 302
    assert db.session.get(Flag, flag_id).status == "action_taken"
    console.post(f"/console/flags/{flag_id}/status", {"status": "closed", "version": version})
    db.session.expire_all()
    assert db.session.get(Flag, flag_id).status == "closed"
    assert _audit_count("flag.action_recorded", "flag", flag_id) == 1


def test_report_page_reads_are_audited_and_replies_reach_the_reporter(
    console_for: Any, week: Any
) -> None:
    console = console_for(week.walker.user.email)
    html = console.get(f"/console/reports/{week.report_id}").get_data(as_text=True)
    assert "efter skolan" in html
    assert _audit_count("report.read", "report", week.report_id) == 1
    image = console.get(f"/console/reports/{week.report_id}/evidence/{week.evidence_id}")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert _audit_count("evidence.read", "evidence", week.evidence_id) == 1
    console.post(f"/console/reports/{week.report_id}/messages", {"body": "Vi hör av oss."})
    sent = db.session.scalar(select(ReportMessage).where(ReportMessage.report_id == week.report_id))
    assert sent is not None and sent.side == "staff"
    preview = console.get(
        f"/console/reports/{week.report_id}/preview?status=closed&outcome=referred_to_police"
    ).get_data(as_text=True)
    assert "polisen" in preview  # the reporter's language (sv)
    console.post(
        f"/console/reports/{week.report_id}/status",
        {"status": "action_taken", "outcome": "referred_to_police"},
    )
    db.session.expire_all()
    report = db.session.get(Report, week.report_id)
    assert (report.status, report.outcome) == ("action_taken", "referred_to_police")


def test_admin_pages_are_for_admins(console_for: Any, week: Any) -> None:
    walker = console_for(week.walker.user.email)
    assert walker.get("/console/admin/users").status_code == 403
    admin = console_for(week.admin.user.email)
    for path in ("/console/admin/users", "/console/admin/models", "/console/admin/audit"):
        assert admin.get(path).status_code == 200, path
    response = admin.post(
        "/console/admin/users",
        {"email": "bilal@example.org", "role": "netwalker", "password": "long enough pass 1"},
    )
    assert response.status_code == 302
    assert "bilal@example.org" in admin.get("/console/admin/users").get_data(as_text=True)


def test_other_pages_render(console_for: Any, week: Any) -> None:
    console = console_for(week.walker.user.email)
    for path in ("/console/sources", "/console/netwalk", "/console/sources/1"):
        assert console.get(path).status_code == 200, path
    response = console.post("/console/netwalk", {"platforms": "TikTok, Discord"})
    assert response.status_code == 302
    assert "TikTok" in console.get("/console/netwalk").get_data(as_text=True)
    assert console.post("/console/sources/1/scan").status_code == 302


def test_model_jobs_run_as_background_processes(console_for: Any, week: Any) -> None:
    """Evaluation with no trained model: the CLI process starts, fails fast, and says so."""
    admin = console_for(week.admin.user.email)
    response = admin.post("/console/admin/jobs", {"kind": "evaluate"})
    assert response.status_code == 302
    job_path = response.headers["Location"]
    assert job_path.startswith("/console/admin/jobs/")
    job_id = job_path.rsplit("/", 1)[1]
    exit_file = Path(admin.client.application.instance_path) / "console-jobs" / f"{job_id}.exit"
    # The process ends on its own; its status page then shows the failure and its output.
    for _ in range(2400):
        if exit_file.exists():
            break
        time.sleep(0.05)
    fragment = admin.get(job_path, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "hx-trigger" not in fragment  # no more polling once finished
    assert "Failed (exit code 1)" in fragment
    assert "no active model" in fragment
    assert _audit_count("model.evaluate_started", "model", "-") == 1
    assert admin.get("/console/admin/jobs/not-a-job").status_code == 404
