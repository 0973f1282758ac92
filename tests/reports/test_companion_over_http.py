"""The issue's acceptance walk, over real HTTP, as a new user of the companion app would."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from flask import Flask
from helpers_reports import jpeg_with_gps, report_body
from PIL import Image

from netpolarna.tips.demo import load_demo_tips


def _device(http: httpx.Client, lang: str = "sv") -> dict[str, str]:
    registered = http.post("/api/v1/auth/device", json={"locale": lang, "platform": "android"})
    assert registered.status_code == 201
    token = registered.json()["access_token"]
    return {"Authorization": f"Bearer {token}", "Accept-Language": lang}


def test_companion_app_walkthrough(
    app: Flask, live_server: str, make_actor: Callable[..., Any]
) -> None:
    load_demo_tips()
    staff = make_actor("netwalker")
    with httpx.Client(base_url=live_server, timeout=10) as http:
        me = _device(http)

        # Submit twice with one key (a retry on a flaky network): one report.
        headers = {**me, "Idempotency-Key": "0b6d2c8e-first-report"}
        danger = report_body(category="threat", in_danger=True, description="De hotar mig")
        first = http.post("/api/v1/reports", json=danger, headers=headers)
        retry = http.post("/api/v1/reports", json=danger, headers=headers)
        assert (first.status_code, retry.status_code) == (201, 201)
        assert retry.json()["id"] == first.json()["id"]
        listed = http.get("/api/v1/reports", headers=me).json()["items"]
        assert len(listed) == 1
        report = first.json()

        # The danger answer, in Swedish, with the Swedish crisis contacts.
        answer = report["guidance"]
        assert (
            answer["danger_text"] == "Om du är i fara nu, ring 112. Du behöver inte vänta på oss."
        )
        assert [(c["name"], c["phone"]) for c in answer["crisis_contacts"]] == [
            ("112", "112"),
            ("BRIS", "116 111"),
        ]
        assert "Nätpolarna" in answer["availability"]
        assert report["priority"] == "urgent"

        # A JPEG with GPS EXIF is stored without it.
        upload = http.post(
            f"/api/v1/reports/{report['id']}/evidence",
            files={"file": ("skarmdump.jpg", io.BytesIO(jpeg_with_gps()), "image/jpeg")},
            headers=me,
        )
        assert upload.status_code == 201
        sha = upload.json()["sha256"]
        [stored] = list((Path(app.config["UPLOAD_DIR"]) / "evidence").rglob(f"{sha}.*"))
        with Image.open(stored) as image:
            assert not image.getexif()
        assert b"Exif" not in stored.read_bytes()

        # A staff reply reaches the reporter, counted as unread until read.
        reply = http.post(
            f"/api/v1/reports/{report['id']}/messages",
            json={"body": "Vi har sett din anmälan. Är du säker just nu?"},
            headers=staff.headers,
        )
        assert reply.status_code == 201
        assert (
            http.get(f"/api/v1/reports/{report['id']}", headers=me).json()["unread_messages"] == 1
        )
        thread = http.get(f"/api/v1/reports/{report['id']}/messages", headers=me).json()["items"]
        assert [(m["side"], m["body"]) for m in thread] == [
            ("staff", "Vi har sett din anmälan. Är du säker just nu?")
        ]

        # Tips sync: ETag with If-None-Match, then updated_since with a tombstone.
        tips = http.get("/api/v1/tips", headers={"Accept-Language": "sv"})
        assert tips.status_code == 200 and len(tips.json()["items"]) == 6
        unchanged = http.get(
            "/api/v1/tips",
            headers={"Accept-Language": "sv", "If-None-Match": tips.headers["ETag"]},
        )
        assert unchanged.status_code == 304
        removed = tips.json()["items"][0]
        assert (
            http.delete(f"/api/v1/tips/{removed['id']}", headers=staff.headers).status_code == 204
        )
        delta = http.get(
            "/api/v1/tips", params={"updated_since": tips.json()["synced_at"]}, headers=me
        ).json()
        assert delta["items"] == []
        assert [t["id"] for t in delta["tombstones"]] == [removed["id"]]

        # A second device cannot see the first device's report.
        other = _device(http, "da")
        assert http.get(f"/api/v1/reports/{report['id']}", headers=other).status_code == 404
        assert http.get("/api/v1/reports", headers=other).json()["items"] == []
        evidence_url = upload.json()["url"]
        assert http.get(evidence_url, headers=other).status_code == 404

        # Erasure removes the reporter's data; the report stays, de-linked.
        assert http.delete("/api/v1/me", headers=me).status_code == 204
        assert not stored.exists()
        staff_view = http.get(f"/api/v1/reports/{report['id']}", headers=staff.headers).json()
        assert staff_view["reporter_erased"] is True and staff_view["description"] == ""
        assert (
            http.get(f"/api/v1/reports/{report['id']}/messages", headers=staff.headers).json()[
                "items"
            ]
            == []
        )
        assert http.get(evidence_url, headers=staff.headers).status_code == 404
