"""Geometry of the server-rendered SVG bar charts of the workspace (two bars per row: a total and its done part).

No JavaScript: a template draws `<rect>`s from these numbers; the table next to the chart carries the data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

PLOT_WIDTH = 560
LABEL_X = 206


def paired_bars(
    rows: Sequence[tuple[str, float, float, str]], *, plot: int = PLOT_WIDTH
) -> dict[str, Any] | None:
    """rows: (label, total, done, text shown after the bars) → bar positions and the chart height."""
    if not rows:
        return None
    peak = max(max(total, done) for _, total, done, _ in rows) or 1
    bars = []
    for i, (label, total, done, text) in enumerate(rows):
        y = 24 + i * 30
        bars.append(
            {
                "label": label,
                "y": y,
                "y2": y + 11,
                "text_y": y + 15,
                "total_w": round(plot * total / peak, 1),
                "done_w": round(plot * done / peak, 1),
                "total_x": LABEL_X + round(plot * max(total, done) / peak, 1),
                "text": text,
            }
        )
    return {"bars": bars, "height": 30 + 30 * len(rows)}
