"""`netpolarna scan SOURCE_ID`: one synchronous scan with a printed summary."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from netpolarna.errors import NotFound
from netpolarna.netwalk import sources
from netpolarna.netwalk.ingestion import scanning


def summary(run: scanning.ScanRun, source_name: str) -> str:
    seconds = (run.duration_ms or 0) / 1000
    line = (
        f"Scan {run.id} of source {run.source_id} ({source_name}): {run.status} in {seconds:.1f} s"
        f" - fetched {run.fetched}, new {run.new}, duplicate {run.duplicate},"
        f" updated {run.updated}, failed {run.failed}"
    )
    if run.error:
        line += f"\nError: {run.error}"
    for reason in run.failures or []:
        line += f"\n  skipped {reason}"
    return line


@click.command("scan")
@click.argument("source_id", type=int)
@with_appcontext
def scan_command(source_id: int) -> None:
    """Scan one source now and print what was found (exit status 1 if the scan failed)."""
    try:
        source = sources.get_source(source_id)
    except NotFound as exc:
        raise click.ClickException(f"no source with id {source_id}") from exc
    run = scanning.scan_source(source_id, trigger="cli")
    if run is None:
        raise click.ClickException(f"source {source_id} is being scanned right now; try later")
    click.echo(summary(run, source.name))
    if run.status != "succeeded":
        raise SystemExit(1)
