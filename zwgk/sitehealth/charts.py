"""Geometry of the server-rendered SVG charts (no JavaScript): the month's availability with the 5% line, and the
trend of self-check scores. Pure: numbers in, coordinates out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH = 720
HEIGHT = 220
LEFT = 48
TOP = 16
PLOT_H = 160


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    title: str
    over: bool


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    line_y: float  # the threshold line
    ticks: list[tuple[float, str]]  # (y, label)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - 8
    bottom: float = TOP + PLOT_H


def availability_chart(days: Sequence[tuple[date, float | None, int]], threshold: float) -> Chart:
    """One bar per day: the failure share (percent of visits), scaled so that the threshold line sits at a third
    of the plot height at least; days without visits get no bar."""
    top_share = max([threshold * 3] + [s for _, s, _ in days if s is not None])
    step = (WIDTH - LEFT - 8) / max(1, len(days))
    bars = []
    for i, (day, share, visits) in enumerate(days):
        if share is None:
            continue
        h = PLOT_H * share / top_share
        bars.append(
            Bar(
                LEFT + i * step + 1,
                TOP + PLOT_H - h,
                max(1.0, step - 2),
                h,
                f"{day.day}",
                f"{day:%m-%d} 失败 {share:.1%}（{visits} 次访问）",
                share >= threshold,
            )
        )
    ticks = [(TOP + PLOT_H - PLOT_H * f, f"{top_share * f:.0%}") for f in (0, 0.5, 1)]
    return Chart(bars, TOP + PLOT_H - PLOT_H * threshold / top_share, ticks)


def score_chart(points: Sequence[tuple[date, float]], threshold: float) -> Chart:
    """Self-check scores (0–100) over time, one bar per run, with the 60-point line."""
    step = (WIDTH - LEFT - 8) / max(1, len(points))
    bars = [
        Bar(
            LEFT + i * step + 1,
            TOP + PLOT_H - PLOT_H * s / 100,
            max(1.0, step - 2),
            PLOT_H * s / 100,
            f"{d:%m-%d}",
            f"{d:%Y-%m-%d} 估算 {s:g} 分",
            s < threshold,
        )
        for i, (d, s) in enumerate(points)
    ]
    ticks = [(TOP + PLOT_H - PLOT_H * f, f"{100 * f:.0f}") for f in (0, 0.5, 1)]
    return Chart(bars, TOP + PLOT_H - PLOT_H * threshold / 100, ticks)
