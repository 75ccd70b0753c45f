"""Geometry of the server-rendered SVG bar charts (pure; the template workplan/_chart.html draws them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Status → (CSS class in zwgk.css, legend label), in the order the bars are stacked.
SERIES: list[tuple[str, str, str]] = [
    ("done", "bar-done", "已完成"),
    ("in_progress", "bar-progress", "进行中"),
    ("overdue", "bar-overdue", "逾期"),
    ("not_started", "bar-todo", "未开始"),
]


@dataclass(frozen=True)
class Segment:
    css: str
    label: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    label: str
    url: str
    y: float
    text_y: float
    total: int
    segments: list[Segment]
    total_x: float
    counts: list[tuple[str, int]]  # (status, count) in SERIES order, zeros included, for the data table


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    label_width: int
    label_x: int
    bar_height: int
    bars: list[Bar]
    legend: list[tuple[str, str, float, float]]  # css, label, swatch x, text x


def stacked_bars(
    title: str,
    rows: Sequence[tuple[str, str, Mapping[str, int]]],
    *,
    width: int = 860,
    label_width: int = 200,
    bar_height: int = 20,
    gap: int = 8,
) -> Chart:
    """One horizontal stacked bar per row (label, url, counts by status), on a common scale."""
    plot = width - label_width - 50
    biggest = max((sum(counts.get(key, 0) for key, _, _ in SERIES) for _, _, counts in rows), default=0) or 1
    bars = []
    y = 28.0
    for label, url, counts in rows:
        x = float(label_width)
        segments = []
        total = 0
        for key, css, series_label in SERIES:
            count = int(counts.get(key, 0))
            if count <= 0:
                continue
            w = plot * count / biggest
            segments.append(Segment(css, series_label, count, round(x, 2), round(w, 2)))
            x += w
            total += count
        every = [(key, int(counts.get(key, 0))) for key, _, _ in SERIES]
        bars.append(Bar(label, url, y, y + bar_height * 0.75, total, segments, round(x + 6, 2), every))
        y += bar_height + gap
    legend = []
    lx = float(label_width)
    for _, css, series_label in SERIES:
        legend.append((css, series_label, lx, lx + 16))
        lx += 90
    return Chart(title, width, int(y + 4), label_width, label_width - 6, bar_height, bars, legend)
