"""Commands: `analytics rebuild|refresh`, `report monthly`, `export open-data`, `demo year`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from netpolarna.analytics import rollups
from netpolarna.analytics.opendata import write_package
from netpolarna.analytics.periods import Period, parse_month
from netpolarna.analytics.report import write_monthly_report


def _month(_ctx: click.Context, _param: click.Parameter, value: str) -> Period:
    try:
        return parse_month(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.group("analytics")
def analytics_cli() -> None:
    """The digital city map's rollups."""


@analytics_cli.command("rebuild")
@click.option(
    "--include-sealed",
    is_flag=True,
    help="Also recompute sealed days from what retention left (drops purged history).",
)
@with_appcontext
def rebuild_command(include_sealed: bool) -> None:
    """Recompute the rollups from the source tables."""
    result = rollups.rebuild(include_sealed=include_sealed)
    click.echo(f"rollups rebuilt up to message {result.watermark}")


@analytics_cli.command("refresh")
@with_appcontext
def refresh_command() -> None:
    """Bring the rollups up to date now (what the periodic job does)."""
    result = rollups.refresh_rollups()
    click.echo(
        f"rollups refreshed: {result.new_days} days with new messages, "
        f"{result.recomputed_days} days recomputed, watermark {result.watermark}"
    )


@click.group("report")
def report_cli() -> None:
    """Reports."""


@report_cli.command("monthly")
@click.option("--month", required=True, callback=_month, help="YYYY-MM")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["sv", "en"]), default=None, help="default sv")
@with_appcontext
def monthly_command(month: Period, out: Path, lang: str | None) -> None:
    """Write report-YYYY-MM.html and report-YYYY-MM.pdf into OUT."""
    for path in write_monthly_report(month, out, lang=lang).values():
        click.echo(str(path))


@click.group("export")
def export_cli() -> None:
    """Exports."""


@export_cli.command("open-data")
@click.option("--month", required=True, callback=_month, help="YYYY-MM")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def open_data_command(month: Period, out: Path) -> None:
    """Write the month's Frictionless Data Package (datapackage.json and CSVs) into OUT."""
    click.echo(str(write_package(month, out)))
