"""Every foreground/background pair of the stylesheet meets WCAG AA 4.5:1 in every display mode."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[1] / "static" / "zwgk" / "css" / "zwgk.css").read_text()

PAIRS = [
    ("fg", "bg"), ("muted", "bg"), ("link", "bg"), ("link-visited", "bg"), ("accent-fg", "accent"),
    ("fg", "panel"), ("muted", "panel"), ("link", "panel"), ("danger", "danger-bg"), ("warning", "warning-bg"),
    ("ok", "ok-bg"), ("danger", "bg"), ("bg", "link"),
    ("series-a", "bg"), ("series-b", "bg"), ("series-c", "bg"), ("series-d", "bg"),
]  # fmt: skip


def _variables(block_selector: str) -> dict[str, str]:
    match = re.search(re.escape(block_selector) + r"\s*\{([^}]*)\}", CSS)
    assert match, block_selector
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", match.group(1)))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("mode", [":root", "html.mode-contrast"])
def test_colour_pairs_meet_4_5_to_1(mode):
    colours = _variables(":root")
    colours.update(_variables(mode) if mode != ":root" else {})
    failures = [
        f"{fg} on {bg}: {contrast(colours[fg], colours[bg]):.2f}"
        for fg, bg in PAIRS
        if contrast(colours[fg], colours[bg]) < 4.5
    ]
    assert failures == []


def test_contrast_function_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") < 4.5
