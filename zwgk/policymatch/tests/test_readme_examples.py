"""The condition-language examples in README.md parse, and example 1 explains itself as the README says."""

from __future__ import annotations

import json
import re
from pathlib import Path

from zwgk.policymatch.conditions import evaluate, parse, parse_profile, registry

README = Path(__file__).resolve().parents[3] / "README.md"
REG = registry()


def _examples() -> list[object]:
    section = README.read_text(encoding="utf-8").split("### 条件语言")[1].split("### 订阅与推送")[0]
    blocks = re.findall(r"```json\n(.*?)```", section, re.S)
    inline = re.findall(r"例 3[^`]*`(\{.*?\})`", section)
    assert len(blocks) == 2 and len(inline) == 1
    return [json.loads(b) for b in [*blocks, *inline]]


def test_every_readme_example_is_valid():
    one, two, three = _examples()
    assert parse(one, "enterprise", REG) and parse(two, "enterprise", REG) and parse(three, "person", REG)


def test_example_one_explains_as_the_readme_says():
    conditions = parse(_examples()[0], "enterprise", REG)

    def run(fields):
        return evaluate(conditions, parse_profile({"kind": "enterprise", "fields": fields}, REG)[1])

    eligible = run({"size": "中型", "employees": 120, "tax_credit": "B"})
    assert eligible.level == "eligible"
    assert [(m.text, m.clause) for m in eligible.met] == [
        ("从业人数不超过300", "第一条"),
        ("纳税信用等级不属于D", "第三条"),
    ]
    maybe = run({"size": "大型"})
    assert maybe.level == "maybe" and [m.field.label for m in maybe.unknown] == ["从业人数", "纳税信用等级"]
    failed = run({"size": "中型", "employees": 500})
    assert failed.level == "ineligible"
    assert [m.text for m in failed.failed] == ["企业规模属于小型、微型", "从业人数不超过300"]
