"""Evidence: checked by content, metadata stripped, stored by hash, private, retained N days."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers_reports import jpeg_with_gps, png_bytes, report_body
from PIL import Image
from sqlalchemy import func, select, update

from netpolarna.audit.models import AuditEvent
from netpolarna.db import db, utcnow
from netpolarna.reports import lifecycle
from netpolarna.reports.models import Evidence, Report

REPORTS = "/api/v1/reports"


def _report(client: FlaskClient, youth: Any) -> int:
    return client.post(REPORTS, json=report_body(), headers=youth.headers).get_json()["id"]


def _upload(
    client: FlaskClient, actor: Any, report_id: int, data: bytes, name: str = "shot.jpg", **h: str
) -> Any:
    return client.post(
        f"{REPORTS}/{report_id}/evidence",
        data={"file": (io.BytesIO(data), name)},
        headers={**actor.headers, **h},
        content_type="multipart/form-data",
    )


def _stored_files(app: Flask) -> list[Path]:
    return sorted(
        p for p in (Path(app.config["UPLOAD_DIR"]) / "evidence").rglob("*") if p.is_file()
    )


def test_gps_exif_is_removed_before_storing(
    app: Flask, client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the fixture has GPS
    youth = make_actor("youth")
    report_id = _report(client, youth)
    response = _upload(client, youth, report_id, original)
    assert response.status_code == 201
    body = response.get_json()
    assert body["content_type"] == "image/jpeg" and (body["width"], body["height"]) == (64, 48)

    [stored] = _stored_files(app)
    assert stored.name.startswith(body["sha256"])
    data = stored.read_bytes()
    assert b"Exif" not in data and b"TestPhone" not in data
    with Image.open(stored) as image:
        assert not image.getexif()
    served = client.get(body["url"], headers=youth.headers)
    assert served.status_code == 200 and served.data == data
    assert served.headers["Cache-Control"] == "private, no-store"


def test_type_is_checked_by_content_not_name(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    report_id = _report(client, youth)
    fake = _upload(client, youth, report_id, b"<svg onload=alert(1)>", name="cat.png")
    assert fake.status_code == 415
    assert fake.get_json()["code"] == "unsupported_image"
    gif = io.BytesIO()
    Image.new("RGB", (2, 2)).save(gif, "GIF")
    assert _upload(client, youth, report_id, gif.getvalue(), name="x.png").status_code == 415
    # A PNG called .jpg is fine: it is stored as what it is.
    renamed = _upload(client, youth, report_id, png_bytes(), name="x.jpg")
    assert renamed.get_json()["content_type"] == "image/png"
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 1


@pytest.mark.parametrize("app_config", [{"EVIDENCE_MAX_BYTES": 2000}])
def test_files_over_the_cap_are_413(
    app: Flask, client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    report_id = _report(client, youth)
    big = _upload(client, youth, report_id, png_bytes() + b"\0" * 3000)
    assert big.status_code == 413
    assert big.mimetype == "application/problem+json"
    assert _stored_files(app) == []


def _huge_blank_png(side: int) -> bytes:
    """A side x side RGBA PNG of zeros: about 150 KB on the wire, 40 megapixels decoded."""
    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + side * 4)
    idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_a_small_file_of_huge_dimensions_is_refused_before_decoding(
    app: Flask, client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    report_id = _report(client, youth)
    bomb = _huge_blank_png(6300)
    assert len(bomb) < 300_000
    answer = _upload(client, youth, report_id, bomb)
    assert answer.status_code == 413
    assert answer.mimetype == "application/problem+json"
    problem = answer.get_json()
    assert problem["code"] == "image_too_large"
    assert "6300x6300" in problem["detail"]
    assert _stored_files(app) == []


def test_default_cap_is_ten_megabytes(app: Flask) -> None:
    assert app.config["EVIDENCE_MAX_BYTES"] == 10 * 1024 * 1024


def test_only_the_reporter_and_staff_read_evidence_and_staff_reads_are_audited(
    client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth, other, staff, school = (make_actor(r) for r in ("youth", "youth", "netwalker", "school"))
    report_id = _report(client, youth)
    url = _upload(client, youth, report_id, png_bytes()).get_json()["url"]
    assert client.get(url, headers=other.headers).status_code == 404
    assert client.get(url, headers=school.headers).status_code == 403
    assert client.get(url).status_code == 401
    assert _upload(client, other, report_id, png_bytes()).status_code == 404
    assert client.get(url, headers=staff.headers).status_code == 200
    client.get(f"{REPORTS}/{report_id}/evidence", headers=staff.headers)
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.actor_id == staff.user.id)
    ).all()
    assert sorted(actions) == ["evidence.list", "evidence.read"]


def test_one_key_one_upload(
    app: Flask, client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth = make_actor("youth")
    report_id = _report(client, youth)
    first = _upload(client, youth, report_id, png_bytes(), **{"Idempotency-Key": "up-1"})
    again = _upload(client, youth, report_id, png_bytes(), **{"Idempotency-Key": "up-1"})
    assert again.get_json() == first.get_json()
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 1
    other = _upload(client, youth, report_id, jpeg_with_gps(), **{"Idempotency-Key": "up-1"})
    assert other.status_code == 422


def test_retention_removes_files_of_long_closed_reports_only(
    app: Flask, client: FlaskClient, make_actor: Callable[..., Any]
) -> None:
    youth, staff = make_actor("youth"), make_actor("netwalker")
    old, recent, open_ = (_report(client, youth) for _ in range(3))
    for report_id, size in ((old, (5, 5)), (recent, (6, 6)), (open_, (7, 7))):
        _upload(client, youth, report_id, png_bytes(size))
    for report_id in (old, recent):
        client.patch(f"{REPORTS}/{report_id}", json={"status": "closed"}, headers=staff.headers)
    days = app.config["EVIDENCE_RETENTION_DAYS"]
    db.session.execute(
        update(Report).where(Report.id == old).values(closed_at=utcnow() - timedelta(days=days + 1))
    )
    db.session.commit()
    assert len(_stored_files(app)) == 3

    assert lifecycle.purge_closed_evidence() == 1
    assert len(_stored_files(app)) == 2
    removed = db.session.scalars(select(Evidence).where(Evidence.report_id == old)).one()
    assert removed.removed_at is not None
    response = client.get(f"{REPORTS}/{old}/evidence/{removed.id}", headers=youth.headers)
    assert response.status_code == 410
    assert lifecycle.purge_closed_evidence() == 0
