"""Demo: a JSONL source over the multi-language sample shipped in `demo_data/`, scanned once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from netpolarna.db import db
from netpolarna.demo import demo_loader
from netpolarna.netwalk import sources
from netpolarna.netwalk.ingestion import scanning
from netpolarna.netwalk.models import ScanRun, Source

DEMO_DIR = Path(__file__).resolve().parent / "demo_data"
DEMO_SOURCE_NAME = "Demo: Karlskoga youth forum (sample)"


@demo_loader("netwalk")
def load_demo_source() -> list[str]:
    source = db.session.scalar(select(Source).where(Source.name == DEMO_SOURCE_NAME))
    config = {"path": str(DEMO_DIR)}
    if source is None:
        source = sources.create_source(
            name=DEMO_SOURCE_NAME, kind="jsonl", config=config, interval_minutes=60
        )
    elif source.config.get("path") != str(DEMO_DIR):  # the package moved (reinstall)
        source = sources.update_source(source.id, config=config)
    scanned = db.session.scalar(
        select(ScanRun.id).where(ScanRun.source_id == source.id, ScanRun.status == "succeeded")
    )
    lines = [f"Net-walker demo source {source.id}: {DEMO_SOURCE_NAME}"]
    if scanned is None:
        run = scanning.scan_source(source.id, trigger="demo")
        if run is not None:
            lines.append(
                f"  scanned: {run.status}, {run.new} new messages"
                + (f" ({run.error})" if run.error else "")
            )
    return lines
