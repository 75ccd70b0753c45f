"""Quality of the contact-name rule (zwgk/screening/contacts.py) on lists built from a corpus it was not written
for: person names and place/organ names harvested from ../shared/data/gov-work-reports (72 State Council reports),
set into five list layouts beside generated mobile numbers. Compares with the scanner without the rule (the peer:
the scanner as it was before, in the same run). Run: .venv/bin/python bench/contact_names_quality.py
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zwgk.screening import contacts  # noqa: E402
from zwgk.screening.findings import Category  # noqa: E402
from zwgk.screening.scanner import Screener  # noqa: E402

REPORTS = ROOT.parent / "shared" / "data" / "gov-work-reports" / "government_work_reports.jsonl"
LAYOUTS = {
    "联系人 column (tab table)": lambda i, n, p: f"{i}\t示例企业{i}有限公司\t{n}\t{p}",
    "负责人 column with title": lambda i, n, p: f"{i}\t示例单位{i}\t{n}（主任）\t{p}",
    "two-space list": lambda i, n, p: f"示例企业{i}有限公司  {n}  {p}",
    "联系人：…，电话：… sentence": lambda i, n, p: f"联系人：{n}，电话：{p}。",
    "phone first": lambda i, n, p: f"{p} {n}",
}
HEADERS = {
    "联系人 column (tab table)": "序号\t企业名称\t联系人\t联系电话",
    "负责人 column with title": "序号\t单位\t负责人\t电话",
}


def harvest() -> tuple[list[str], list[str]]:
    text = "\n".join(json.loads(line)["content"] for line in REPORTS.open(encoding="utf-8"))
    people: set[str] = set()
    for match in re.finditer(r"((?:[\u4e00-\u9fff]{2,3}、)+[\u4e00-\u9fff]{2,3})等?同志", text):
        for token in match.group(1).split("、"):
            if 2 <= len(token) <= 3:
                people.add(token)
    # Three-character names with a title after a clause boundary (…，周恩来总理), seen at least twice.
    titled = r"(?<=[，。、：；“（\n])([\u4e00-\u9fff]{3})(?:同志|副总理|总理|副主席|主席|委员长)"
    counts: dict[str, int] = {}
    for match in re.finditer(titled, text):
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    people |= {name for name, n in counts.items() if n >= 2}
    others = {
        m.group(0) for m in re.finditer(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2}(?:省|市|县|部|委)", text)
    }
    return sorted(people), sorted(others - people)


def flagged(screener: Screener, layout: str, tokens: list[str]) -> int:
    rng = random.Random(7)
    lines = [LAYOUTS[layout](i, t, f"139{rng.randrange(10**8):08d}") for i, t in enumerate(tokens, 1)]
    text = "\n".join(([HEADERS[layout]] if layout in HEADERS else []) + lines)
    names = {f.text for f in screener.scan(text) if f.category == Category.PERSON_NAME}
    return sum(1 for t in tokens if t in names)


def main() -> None:
    people, others = harvest()
    screener = Screener()
    print(f"corpus: {len(people)} person names, {len(others)} place/organ names from {REPORTS.name}")
    print(
        "| layout | recall (rule) | recall (without) | false positives (rule) | false positives (without) |"
    )
    print("|---|---|---|---|---|")
    for layout in LAYOUTS:
        with_rule = flagged(screener, layout, people), flagged(screener, layout, others)
        with mock.patch.object(contacts, "contact_findings", lambda *a, **k: []):
            without = flagged(screener, layout, people), flagged(screener, layout, others)
        print(
            f"| {layout} | {with_rule[0]}/{len(people)} ({with_rule[0] / len(people):.0%}) "
            f"| {without[0]}/{len(people)} | {with_rule[1]}/{len(others)} ({with_rule[1] / len(others):.1%}) "
            f"| {without[1]}/{len(others)} |"
        )
    text = "\n".join(json.loads(line)["content"] for line in REPORTS.open(encoding="utf-8"))
    added = [f for f in screener.scan(text) if f.category == Category.PERSON_NAME and "联系人" in f.reason]
    missed = [
        t
        for t in people
        if t not in {f.text for f in screener.scan("\n".join(f"{t}  13912345678" for t in people))}
    ]
    print("missed (two-space list):", "、".join(missed))
    print(f"running text of the reports ({len(text):,} characters): {len(added)} contact-name findings")


if __name__ == "__main__":
    main()
