"""The console in a real browser: a net-walker's Monday morning, a youth report, the admin pages.

Every page visited is checked with axe-core (no serious or critical violation) and
screenshotted. Skipped, saying why, only where Debian's chromium is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from booking_support import booking_request
from browser_support import CHROMIUM, CHROMIUM_ARGS, screenshot, serious_violations
from console_support import PASSWORD
from sqlalchemy import select

from netpolarna.analytics import rollups
from netpolarna.bookings.models import Booking
from netpolarna.db import db, utcnow
from netpolarna.netwalk.triage.models import Flag, FlagAction, MessageLabel
from netpolarna.reports.models import Report, ReportMessage

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} is missing: install Debian's chromium (scripts/system-packages.txt)",
)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"CONSOLE_POLL_SECONDS": 1}


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def check_page(page: Any, tmp_path: Path, name: str) -> None:
    screenshot(page, tmp_path, name)
    assert serious_violations(page) == [], name


def sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/console/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_monday_morning_triage(page: Any, live_server: str, week: Any, tmp_path: Path) -> None:
    page.goto(f"{live_server}/console/login")
    check_page(page, tmp_path, "01-login")
    sign_in(page, live_server, week.walker.user.email)

    # The queue: the report in danger first, then the worst flag; it refreshes itself
    # without losing what the reader ticked.
    page.wait_for_selector("table.queue")
    page.wait_for_selector("html[data-console-ready]", state="attached")
    keys = page.locator("tr.item").evaluate_all("rows => rows.map(r => r.dataset.key)")
    assert keys[:2] == [f"report:{week.report_id}", f"flag:{week.worst_flag_id}"]
    page.locator(f"#sel-flag-{week.other_flag_id}").check()
    page.evaluate(
        "() => { window.__swaps = 0;"
        " document.addEventListener('htmx:afterSwap', () => window.__swaps++); }"
    )
    page.wait_for_function("() => window.__swaps >= 1")
    assert page.locator(f"#sel-flag-{week.other_flag_id}").is_checked()
    check_page(page, tmp_path, "02-queue")

    # Keyboard: ticking a row made it the current one; k goes up to the worst flag, j down
    # again, k back up, o opens it.
    for key in ("k", "j", "k"):
        page.keyboard.press(key)
    assert page.locator("tr.item.current").get_attribute("data-key") == (
        f"flag:{week.worst_flag_id}"
    )
    page.keyboard.press("o")
    page.wait_for_url(f"**/console/flags/{week.worst_flag_id}")

    # Why it was flagged, in plain words; the threat is blurred until asked for.
    assert "olika konton angriper" in page.locator("section[aria-labelledby=why]").inner_text()
    hateful = page.locator(f"#text-{week.hateful_message_id}")
    assert "blurred" in hateful.get_attribute("class")
    page.locator(f"#msg-{week.hateful_message_id} button.reveal").click()
    assert "blurred" not in hateful.get_attribute("class")
    check_page(page, tmp_path, "03-flag")

    # Label the threatening message.
    message = page.locator(f"#msg-{week.hateful_message_id}")
    message.locator("summary").click()
    message.get_by_label("Etikett").select_option("hateful")
    message.get_by_label("Innehåller hot").check()
    message.get_by_role("button", name="Spara").click()
    page.wait_for_selector(".flash")

    # Record an action with a note, then close the flag.
    page.get_by_label("Vad som gjordes").select_option("contacted_school")
    page.locator("#action-note").fill("Ringde rektorn på Möckelngymnasiet.")
    page.get_by_role("button", name="Registrera en åtgärd").click()
    page.wait_for_selector("text=Åtgärden registrerad.")
    page.locator("#close-flag").click()
    page.wait_for_selector("text=Status ändrad.")
    check_page(page, tmp_path, "04-flag-closed")

    db.session.expire_all()
    flag = db.session.get(Flag, week.worst_flag_id)
    assert flag.status == "closed"
    label = db.session.scalar(
        select(MessageLabel).where(MessageLabel.message_id == week.hateful_message_id)
    )
    assert label is not None and label.label == "hateful" and label.threat
    action = db.session.scalar(select(FlagAction).where(FlagAction.flag_id == flag.id))
    assert action is not None and action.kind == "contacted_school"


def test_answer_a_youth_report(page: Any, live_server: str, week: Any, tmp_path: Path) -> None:
    sign_in(page, live_server, week.walker.user.email)
    page.wait_for_selector("table.queue")
    page.wait_for_selector("html[data-console-ready]", state="attached")
    # c claims the current row; x closes the current flag.
    page.locator(f"#open-flag-{week.other_flag_id}").focus()
    page.keyboard.press("x")
    page.wait_for_selector("text=Stängde 1.")
    assert page.locator(f"#row-flag-{week.other_flag_id}").count() == 0
    page.wait_for_selector("html[data-console-ready]", state="attached")
    page.locator(f"#open-report-{week.report_id}").focus()
    page.keyboard.press("c")
    page.wait_for_selector("text=Tagen.")
    assert "Anna" in page.locator(f"#row-report-{week.report_id}").inner_text()
    page.locator(f"#open-report-{week.report_id}").click()
    page.wait_for_url(f"**/console/reports/{week.report_id}")
    assert page.locator(".thumbs img").count() == 1
    page.wait_for_function("() => document.querySelector('.thumbs img').naturalWidth > 0")

    page.locator("#reply-body").fill("Hej! Vi har sett din anmälan och hör av oss i dag.")
    page.get_by_role("button", name="Skicka", exact=True).click()
    page.wait_for_selector("text=Svaret skickat.")

    # The text the young person will read appears before the change is sent.
    page.get_by_label("Status", exact=True).select_option("action_taken")
    page.get_by_label("Utfall").select_option("referred_to_police")
    page.wait_for_selector("#status-preview >> text=polisen")
    check_page(page, tmp_path, "05-report")
    page.locator("#send-status").click()
    page.wait_for_selector("text=Status ändrad.")

    db.session.expire_all()
    report = db.session.get(Report, week.report_id)
    assert (report.status, report.outcome) == ("action_taken", "referred_to_police")
    reply = db.session.scalar(
        select(ReportMessage).where(ReportMessage.report_id == week.report_id)
    )
    assert reply is not None and reply.side == "staff"
    assert report.assignee_id == week.walker.user.id
    assert db.session.get(Flag, week.other_flag_id).status == "closed"


def test_refusals(page: Any, live_server: str, week: Any, make_actor: Any, tmp_path: Path) -> None:
    # A youth's bearer token does not open the console (nor the API's queue).
    youth = make_actor("youth")
    page.set_extra_http_headers(youth.headers)
    page.goto(f"{live_server}/console/queue")
    assert "/console/login" in page.url
    api = page.request.get(f"{live_server}/api/v1/queue", headers=youth.headers)
    assert api.status == 403
    page.set_extra_http_headers({})

    # A school account cannot sign in here.
    school = make_actor("school", email="rektor@example.org")
    sign_in(page, live_server, school.user.email)
    assert "bara för nätvandrare" in page.locator("[role=alert]").inner_text()

    # A signed-in staff member's form post without the CSRF token is refused.
    sign_in(page, live_server, week.walker.user.email)
    page.wait_for_selector("table.queue")
    status = page.evaluate(
        """async (url) => (await fetch(url, {method: "POST", body: new URLSearchParams(
            {kind: "no_action"})})).status""",
        f"{live_server}/console/flags/{week.worst_flag_id}/actions",
    )
    assert status == 400
    db.session.expire_all()
    assert db.session.scalar(select(FlagAction)) is None


def test_every_other_page_is_accessible(
    page: Any, live_server: str, week: Any, tmp_path: Path
) -> None:
    page.goto(f"{live_server}/console/login")
    page.locator("#email").fill(week.admin.user.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_selector("table.queue")
    for name, path in [
        ("06-sources", "/console/sources"),
        ("07-source-edit", "/console/sources/1"),
        ("08-netwalk", "/console/netwalk"),
        ("09-users", "/console/admin/users"),
        ("10-models", "/console/admin/models"),
        ("11-audit", "/console/admin/audit"),
        ("12-report-en", f"/console/reports/{week.report_id}"),
    ]:
        page.goto(f"{live_server}{path}")
        check_page(page, tmp_path, name)
    # A tablet in portrait: the queue still fits and works.
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(f"{live_server}/console/queue")
    check_page(page, tmp_path, "13-queue-tablet")


def test_confirm_a_booking_and_read_the_week_and_overview(
    page: Any, live_server: str, week: Any, tmp_path: Path
) -> None:
    request = booking_request(week.admin.user)
    rollups.rebuild(now=utcnow() + timedelta(hours=1))
    db.session.commit()
    sign_in(page, live_server, week.walker.user.email)
    page.wait_for_selector("table.queue")
    page.get_by_role("link", name="Bokningar", exact=True).click()
    page.wait_for_selector("ul.reasons li")  # the too-soon time, explained
    check_page(page, tmp_path, "14-bookings")
    page.get_by_role("link", name="Bekräfta eller avböj (Bergskolan)").click()
    page.wait_for_url(f"**/console/bookings/{request['id']}")
    page.locator("#suggestions button").first.click()
    page.wait_for_selector("text=Bokningen är bekräftad")
    assert page.locator("#booking-status").inner_text() == "bekräftad"
    check_page(page, tmp_path, "15-booking-confirmed")
    db.session.expire_all()
    booking = db.session.get(Booking, request["id"])
    assert booking is not None and booking.status == "confirmed"
    assert booking.staff_ids == [week.walker.user.id]

    day = booking.starts_at.astimezone(request["free"].tzinfo).date()
    page.goto(f"{live_server}/console/bookings/week?day={day.isoformat()}")
    page.wait_for_selector(f"table.week a[href$='/console/bookings/{booking.id}']")
    check_page(page, tmp_path, "16-staff-week")
    page.get_by_role("link", name="Översikt").click()
    page.wait_for_selector("#suppressed-note")
    check_page(page, tmp_path, "17-overview")
