"""Every public page, in the four display modes at 1366 px and 320 px: no axe-core violation, no sideways scroll."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pages import public_pages

from conftest import AXE, MODES, WIDTHS, new_context

# Standard mode: every rule axe runs by default (WCAG 2.x A/AA and best practices). The other display modes change
# only the style sheet (colours, sizes), so there axe runs the rules whose outcome a style sheet can change —
# the whole run in every mode would take four times as long and test the same markup again.
AXE_FULL = {"resultTypes": ["violations"]}
AXE_VISUAL = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "rule",
        "values": [
            "color-contrast",
            "link-in-text-block",
            "target-size",
            "scrollable-region-focusable",
            "region",
            "landmark-unique",
            "nested-interactive",
        ],
    },
}


def _slug(path: str) -> str:
    return (
        path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-").replace("%", "")[:60] or "home"
    )


@pytest.fixture(scope="module")
def pages(base_url: str) -> list[str]:
    return public_pages(base_url)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("mode", MODES)
def test_public_pages_reflow_and_pass_axe(browser, base_url, pages, artifacts: Path, mode: str, width: int):
    context = new_context(browser, base_url, mode=mode, width=width)
    page = context.new_page()
    problems: list[str] = []
    context.add_init_script(path=str(AXE))
    options = AXE_FULL if mode == "standard" else AXE_VISUAL
    for path in pages:
        response = page.goto(base_url + path)
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        scroll_width, inner_width = page.evaluate(
            "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            wide = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
                    .slice(0, 3).map(e => e.tagName + '.' + e.className)"""
            )
            problems.append(f"{path}: page is {scroll_width} px wide in a {inner_width} px window ({wide})")
        result = page.evaluate("options => axe.run(document, options)", options)
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"][:3]]
            problems.append(f"{path}: axe {violation['id']} ({violation['impact']}): {json.dumps(targets)}")
        if width == 320 and (path in ("/", "/xxgk/policies/", "/apply/new/") or "/xxgk/records/" in path):
            page.screenshot(path=str(artifacts / f"{mode}-{width}-{_slug(path)}.png"))
    context.close()
    assert not problems, "\n".join(problems)
