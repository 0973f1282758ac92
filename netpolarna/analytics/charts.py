"""Charts of the monthly report, drawn with matplotlib's Agg backend into PNG bytes."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

COLOURS = {
    "hateful": "#c0392b",
    "offensive": "#e67e22",
    "neutral": "#95a5a6",
    "counter_speech": "#27ae60",
    "healthy": "#27ae60",
    "messages": "#34495e",
    "previous": "#bdc3c7",
    "accent": "#2980b9",
}


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


def _figure() -> tuple[Figure, Axes]:
    figure = Figure(figsize=(7.2, 3.3))
    axis: Axes = figure.subplots()
    return figure, axis


def _percent_axis(axis: Axes) -> None:
    axis.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v * 100:.0f}%"))


def trend(
    months: Sequence[str],
    volume: Sequence[float | None],
    lines: dict[str, Sequence[float | None]],
    volume_label: str,
    line_labels: dict[str, str],
) -> bytes:
    """Bars of a monthly volume with shares as lines on a second axis."""
    figure, axis = _figure()
    xs = range(len(months))
    axis.bar(
        xs, [v or 0 for v in volume], color=COLOURS["messages"], alpha=0.25, label=volume_label
    )
    axis.set_ylabel(volume_label)
    axis.set_xticks(list(xs), months, rotation=45, ha="right", fontsize=8)
    shares = axis.twinx()
    for name, values in lines.items():
        points = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
        if points:
            shares.plot(
                [p[0] for p in points],
                [p[1] for p in points],
                marker="o",
                color=COLOURS.get(name, COLOURS["accent"]),
                label=line_labels[name],
            )
    _percent_axis(shares)
    shares.set_ylim(bottom=0)
    handles, labels = axis.get_legend_handles_labels()
    more, more_labels = shares.get_legend_handles_labels()
    shares.legend(handles + more, labels + more_labels, fontsize=8, loc="upper left")
    return _png(figure)


def stacked_shares(
    months: Sequence[str], parts: Mapping[str, Sequence[float | None]], labels: dict[str, str]
) -> bytes:
    """100% stacked bars per month."""
    figure, axis = _figure()
    xs = list(range(len(months)))
    bottom = [0.0] * len(months)
    for name, values in parts.items():
        heights = [v or 0.0 for v in values]
        axis.bar(xs, heights, bottom=bottom, color=COLOURS.get(name), label=labels[name])
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    axis.set_xticks(xs, months, rotation=45, ha="right", fontsize=8)
    _percent_axis(axis)
    axis.set_ylim(0, 1)
    axis.legend(fontsize=8, loc="lower left", ncols=4)
    return _png(figure)


def bars(
    names: Sequence[str],
    current: Sequence[float],
    previous: Sequence[float] | None,
    current_label: str,
    previous_label: str,
    unit: str,
) -> bytes:
    """Horizontal bars for this month, with last month as a thin grey bar behind."""
    figure, axis = _figure()
    ys = list(range(len(names)))
    if previous is not None:
        axis.barh(
            [y + 0.2 for y in ys],
            previous,
            height=0.35,
            color=COLOURS["previous"],
            label=previous_label,
        )
    shift, height = (0.2, 0.35) if previous is not None else (0.0, 0.6)
    axis.barh(
        [y - shift for y in ys],
        current,
        height=height,
        color=COLOURS["accent"],
        label=current_label,
    )
    axis.set_yticks(ys, names, fontsize=8)
    axis.invert_yaxis()
    axis.set_xlabel(unit)
    axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    axis.legend(fontsize=8, loc="lower right")
    return _png(figure)


def response(
    months: Sequence[str],
    median: Sequence[float | None],
    p90: Sequence[float | None],
    in_target: Sequence[float | None],
    labels: dict[str, str],
) -> bytes:
    """Median and 90th percentile time to first action (hours), and the share within target."""
    figure, axis = _figure()
    xs = list(range(len(months)))
    axis.bar(
        [x - 0.2 for x in xs],
        [v or 0 for v in median],
        width=0.4,
        color=COLOURS["accent"],
        label=labels["median"],
    )
    axis.bar(
        [x + 0.2 for x in xs],
        [v or 0 for v in p90],
        width=0.4,
        color=COLOURS["previous"],
        label=labels["p90"],
    )
    axis.set_ylabel(labels["hours"])
    axis.set_xticks(xs, months, rotation=45, ha="right", fontsize=8)
    share = axis.twinx()
    points = [(x, v) for x, v in zip(xs, in_target, strict=True) if v is not None]
    if points:
        share.plot(
            [p[0] for p in points],
            [p[1] for p in points],
            marker="o",
            color=COLOURS["healthy"],
            label=labels["in_target"],
        )
    _percent_axis(share)
    share.set_ylim(0, 1.05)
    handles, names = axis.get_legend_handles_labels()
    more, more_names = share.get_legend_handles_labels()
    share.legend(handles + more, names + more_names, fontsize=8, loc="upper left")
    return _png(figure)
