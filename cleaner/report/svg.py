"""The page's charts: inline SVG, drawn here (no JavaScript, no external asset), every label escaped."""
from __future__ import annotations

import html
import math
import re
from typing import Any

_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def esc(value: Any) -> str:
    """Text for HTML or SVG: escaped, control characters and lone surrogates replaced."""
    return html.escape(_UNSAFE.sub("\ufffd", str(value)), quote=True)


def number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _nice(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least `value`."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _unit(value: float, unit: tuple[str, str]) -> str:
    return f"{number(value)} {unit[0] if value == 1 else unit[1]}"


def bar_chart(rows: list[tuple[str, float, str]], label: str, unit: tuple[str, str], width: int = 760) -> str:
    """Horizontal bars: (label, value, colour) per row, the value (and its unit, singular or
    plural) printed after each bar."""
    if not rows:
        return '<p class="empty">Nothing to show.</p>'
    row_h, top = 24, 6
    label_w = min(300, max(60, 7 * max(len(clip(r[0], 40)) for r in rows) + 14))
    value_w = 120
    bar_w = width - label_w - value_w
    peak = max(r[1] for r in rows) or 1
    height = top * 2 + row_h * len(rows)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="{esc(label)}">', f"<title>{esc(label)}</title>"]
    for i, (name, value, colour) in enumerate(rows):
        y = top + i * row_h
        w = max(1.0, bar_w * value / peak) if value else 0
        parts.append(
            f'<g><title>{esc(name)}: {esc(_unit(value, unit))}</title>'
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{esc(clip(name, 40))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="16" fill="{colour}" rx="2"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" class="val">{esc(_unit(value, unit))}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def column_chart(bins: list[str], series: list[tuple[str, str, list[int]]], label: str, x_title: str,
                 width: int = 760, height: int = 300) -> str:
    """Vertical bars per bin, one bar per series side by side, with a legend and a y axis."""
    if not bins or not any(any(values) for _, _, values in series):
        return '<p class="empty">Nothing to show.</p>'
    left, right, top, bottom = 56, 12, 34, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    step = max(1, _nice(max(max(values) for _, _, values in series) / 4))  # counts: whole ticks
    peak = 4 * step
    group = plot_w / len(bins)
    bar = max(2.0, (group - 8) / len(series))
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="{esc(label)}">', f"<title>{esc(label)}</title>"]
    for k in range(5):  # y axis: gridlines and ticks
        value = peak * k / 4
        y = top + plot_h - plot_h * k / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{number(value)}</text>')
    x = left + 4.0
    for i, name in enumerate(bins):
        gx = left + i * group
        for s, (series_name, colour, values) in enumerate(series):
            h = plot_h * values[i] / peak
            bx = gx + 4 + s * bar
            parts.append(f'<rect x="{bx:.1f}" y="{top + plot_h - h:.1f}" width="{bar - 1:.1f}" height="{h:.1f}" '
                         f'fill="{colour}"><title>{esc(series_name)}, {esc(name)}: {number(values[i])}</title></rect>')
        parts.append(f'<text x="{gx + group / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                     f'class="tick">{esc(name)}</text>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" class="axis"/>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 10}" text-anchor="middle" class="tick">'
                 f'{esc(x_title)}</text>')
    for s, (series_name, colour, _) in enumerate(series):  # legend
        lx = x + s * 170
        parts.append(f'<rect x="{lx:.1f}" y="8" width="14" height="14" fill="{colour}"/>'
                     f'<text x="{lx + 20:.1f}" y="20">{esc(series_name)}</text>')
    parts.append("</svg>")
    return "".join(parts)

