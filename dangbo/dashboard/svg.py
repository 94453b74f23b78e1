"""The dashboard's charts drawn as inline SVG for the PDF (WeasyPrint runs no JavaScript, so
Chart.js cannot draw there). The same `Chart` data as the page: line charts (a trend, with
the target as a dashed line) and grouped bar charts, with Vietnamese numbers on the axis
("1.234", "87,5"). Plain and legible rather than pretty: a committee reads it on paper."""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dangbo.core.formats import format_figure
from dangbo.dashboard.trends import Chart

WIDTH, HEIGHT = 520, 250
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 62
PALETTE = ("#b3101f", "#264653", "#f0a202", "#2a9d8f", "#6a4c93")
TICKS = 5


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `value` (an axis that reads well)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def y_max(chart: Chart) -> float:
    values = [v for s in chart.series for v in s.values if v is not None]
    top = max(values, default=0.0)
    if chart.unit == "%" and top <= 100:
        return 100.0
    return nice_ceiling(top * 1.1)


def _text(x: float, y: float, text: str, anchor: str = "middle", size: int = 11) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="#333">{escape(text)}</text>'
    )


def _axes(chart: Chart, top: float) -> list[str]:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = []
    for i in range(TICKS + 1):
        value = top * i / TICKS
        y = TOP + plot_h - plot_h * i / TICKS
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" '
            f'stroke="#ddd" stroke-width="0.6"/>'
        )
        parts.append(_text(LEFT - 4, y + 3, format_figure(value, 1), "end"))
    step = plot_w / max(len(chart.labels), 1)
    for i, label in enumerate(chart.labels):
        # Every other label drops a line when they are many, so none overlap.
        y = HEIGHT - BOTTOM + 15 + (12 if len(chart.labels) > 6 and i % 2 else 0)
        parts.append(_text(LEFT + step * (i + 0.5), y, label, size=10))
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
        f'stroke="#888" stroke-width="0.8"/>'
    )
    return parts


def _legend(chart: Chart) -> list[str]:
    parts, x = [], LEFT
    y = HEIGHT - 12
    for i, series in enumerate(chart.series):
        colour = PALETTE[i % len(PALETTE)]
        dash = ' stroke-dasharray="4 3"' if series.dashed else ""
        parts.append(
            f'<line x1="{x}" y1="{y - 3}" x2="{x + 14}" y2="{y - 3}" stroke="{colour}" '
            f'stroke-width="3"{dash}/>'
        )
        parts.append(_text(x + 18, y, series.label, "start"))
        x += 30 + int(len(series.label) * 5.6)
    return parts


def _lines(chart: Chart, top: float) -> list[str]:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(chart.labels), 1)
    parts = []
    for i, series in enumerate(chart.series):
        colour = PALETTE[i % len(PALETTE)]
        dash = ' stroke-dasharray="4 3"' if series.dashed else ""
        points = [
            (LEFT + step * (j + 0.5), TOP + plot_h - plot_h * min(v, top) / top, v)
            for j, v in enumerate(series.values)
            if v is not None
        ]
        if len(points) > 1:
            coords = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dash}/>'
            )
        if series.dashed:
            continue
        for x, y, v in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="{colour}"/>')
            parts.append(_text(x, y - 5, format_figure(v, 1), size=10))
    return parts


def _bars(chart: Chart, top: float) -> list[str]:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(chart.labels), 1)
    width = step * 0.8 / max(len(chart.series), 1)
    parts = []
    for i, series in enumerate(chart.series):
        colour = PALETTE[i % len(PALETTE)]
        for j, v in enumerate(series.values):
            if v is None:
                continue
            height = plot_h * min(v, top) / top
            x = LEFT + step * j + step * 0.1 + width * i
            y = TOP + plot_h - height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
                f'fill="{colour}"/>'
            )
    return parts


def chart_svg(chart: Chart) -> SafeString:
    """The chart as one <svg> element; every text in it is escaped."""
    top = y_max(chart)
    body = [*_axes(chart, top)]
    body += _bars(chart, top) if chart.kind == "bar" else _lines(chart, top)
    body += _legend(chart)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(chart.title)}" '
        f'font-family="Liberation Sans, DejaVu Sans, sans-serif">{"".join(body)}</svg>'
    )
    return mark_safe(svg)  # noqa: S308  # built here from escaped text and numbers only
