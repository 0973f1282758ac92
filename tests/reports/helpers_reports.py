"""Shared builders for the report tests (imported by module name; tests/ has no packages)."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

REPORT = {
    "category": "bullying",
    "platform": "snapchat",
    "description": "They keep posting pictures of me with mean captions.",
    "affected": "me",
}


def report_body(**overrides: Any) -> dict[str, Any]:
    return {**REPORT, **overrides}


def jpeg_with_gps(size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG carrying a camera make and GPS coordinates (Karlskoga) in its EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "TestPhone"  # Make
    exif[0x8825] = {1: "N", 2: (59.0, 19.0, 35.0), 3: "E", 4: (14.0, 31.0, 27.0)}  # GPSInfo
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 128, 0)).save(buffer, "PNG")
    return buffer.getvalue()
