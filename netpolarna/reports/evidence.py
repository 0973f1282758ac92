"""Evidence screenshots: checked by content, re-encoded without metadata, stored by hash.

The database holds only metadata. Files live under UPLOAD_DIR/evidence/<aa>/<sha256>.<ext>,
named by the hash of the cleaned bytes, so an identical screenshot is stored once. A file is
deleted only after the transaction that removed its last row commits.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from netpolarna.accounts.models import User
from netpolarna.audit import service as audit
from netpolarna.db import commit, db, utcnow
from netpolarna.errors import Conflict, DomainError, NotFound, PayloadTooLarge
from netpolarna.reports.models import Evidence
from netpolarna.reports.service import get_report

FORMATS = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "WEBP": ("image/webp", "webp"),
}
EXTENSIONS = {mime: ext for mime, ext in FORMATS.values()}
_PENDING_KEY = "netpolarna_files_to_delete"


class UnsupportedImage(DomainError):
    status, code = 415, "unsupported_image"


class EvidenceRemoved(DomainError):
    status, code = 410, "evidence_removed"


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    width: int
    height: int


def _read_capped(stream: IO[bytes], limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(detail=f"Screenshots can be at most {limit // (1024 * 1024)} MB.")
    return data


# Decoding holds a few copies of the pixels; at most this many decodes run at once in one
# process, so parallel uploads cannot add up to gigabytes (the rest wait their turn).
_DECODE_SLOTS = threading.BoundedSemaphore(2)


def clean_image(raw: bytes, *, max_pixels: int) -> CleanImage:
    """Decode by content (never by name or declared type) and re-encode without metadata.

    The size is read from the header and checked before any pixel is decoded. Re-encoding
    from pixels drops EXIF (GPS, device, time), XMP, IPTC and text chunks; the EXIF
    orientation is applied first so the picture still looks the right way up.
    """
    with _DECODE_SLOTS:
        return _clean_image(raw, max_pixels=max_pixels)


def _too_many_pixels(width: int, height: int, max_pixels: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        code="image_too_large",
        detail=(
            f"The image is {width}x{height} pixels; screenshots can have at most "
            f"{max_pixels / 1_000_000:g} megapixels."
        ),
    )


def _clean_image(raw: bytes, *, max_pixels: int) -> CleanImage:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))
            if image.format not in FORMATS:
                raise UnsupportedImage(detail="Send a PNG, JPEG or WebP screenshot.")
            if image.width * image.height > max_pixels:
                raise _too_many_pixels(image.width, image.height, max_pixels)
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UnsupportedImage(
            detail="The file is not a readable PNG, JPEG or WebP image."
        ) from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PayloadTooLarge(
            code="image_too_large", detail="The image has too many pixels."
        ) from exc
    fmt = image.format
    content_type, _ext = FORMATS[fmt]
    upright = ImageOps.exif_transpose(image)  # also a copy: only the first frame
    pixels = Image.new(upright.mode, upright.size)
    pixels.paste(upright)  # a fresh image carries no `info` (exif, xmp, icc, text) at all
    if fmt == "JPEG" and pixels.mode not in ("RGB", "L"):
        pixels = pixels.convert("RGB")
    out = io.BytesIO()
    if fmt == "JPEG":
        pixels.save(out, "JPEG", quality=90, optimize=True)
    elif fmt == "PNG":
        pixels.save(out, "PNG", optimize=False)
    else:
        pixels.save(out, "WEBP", quality=90)
    return CleanImage(out.getvalue(), content_type, pixels.width, pixels.height)


def evidence_root() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "evidence"


def path_for(sha256: str, content_type: str) -> Path:
    return evidence_root() / sha256[:2] / f"{sha256}.{EXTENSIONS[content_type]}"


def _store(data: bytes, target: Path) -> None:
    """Write atomically: a reader never sees half a file, a crash leaves no partial file."""
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_evidence(uploader: User, report_id: int, stream: IO[bytes]) -> Evidence:
    """The reporter attaches a screenshot to their own report."""
    report = get_report(uploader, report_id)
    if report.status == "closed":
        raise Conflict(code="report_closed", detail="Evidence cannot be added to a closed report.")
    config = current_app.config
    raw = _read_capped(stream, int(config["EVIDENCE_MAX_BYTES"]))
    image = clean_image(raw, max_pixels=int(config["EVIDENCE_MAX_PIXELS"]))
    sha256 = hashlib.sha256(image.data).hexdigest()
    _store(image.data, path_for(sha256, image.content_type))
    evidence = Evidence(
        report_id=report.id,
        sha256=sha256,
        content_type=image.content_type,
        size_bytes=len(image.data),
        width=image.width,
        height=image.height,
    )
    db.session.add(evidence)
    commit()
    return evidence


def list_evidence(viewer: User, report_id: int) -> list[Evidence]:
    report = get_report(viewer, report_id, audit_action="evidence.list")
    items = list(
        db.session.scalars(
            select(Evidence).where(Evidence.report_id == report.id).order_by(Evidence.id)
        )
    )
    db.session.commit()
    return items


def open_evidence(viewer: User, report_id: int, evidence_id: int) -> tuple[Evidence, Path]:
    """The file of one screenshot; a staff read writes an audit row naming it."""
    report = get_report(viewer, report_id)
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None or evidence.report_id != report.id:
        raise NotFound()
    if evidence.removed_at is not None:
        raise EvidenceRemoved(detail="The file was deleted after the report was closed.")
    path = path_for(evidence.sha256, evidence.content_type)
    if not path.is_file():
        raise NotFound(detail="The file is missing.")
    if viewer.role != "youth":
        audit.actor_did(viewer, "evidence.read", "evidence", evidence.id, {"report_id": report.id})
    db.session.commit()
    return evidence, path


def delete_files_of(rows: list[Evidence], *, keep_rows: bool) -> None:
    """Remove evidence rows (or mark them removed) and their files once nothing else uses them.

    Call inside a transaction; files go only after it commits.
    """
    now = utcnow()
    hashes = {(row.sha256, row.content_type) for row in rows if row.removed_at is None}
    ids = [row.id for row in rows]
    for row in rows:
        if keep_rows:
            row.removed_at = row.removed_at or now
        else:
            db.session.delete(row)
    db.session.flush()
    for sha256, content_type in hashes:
        still_used = db.session.scalar(
            select(func.count())
            .select_from(Evidence)
            .where(
                Evidence.sha256 == sha256,
                Evidence.removed_at.is_(None),
                Evidence.id.notin_(ids),
            )
        )
        if not still_used:
            db.session.info.setdefault(_PENDING_KEY, []).append(path_for(sha256, content_type))


@event.listens_for(Session, "after_commit")
def _delete_pending_files(session: Session) -> None:
    for path in session.info.pop(_PENDING_KEY, []):
        Path(path).unlink(missing_ok=True)


@event.listens_for(Session, "after_rollback")
def _forget_pending_files(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)
