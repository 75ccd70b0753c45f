"""Every audit event code the code base writes has a Chinese name; so has every search index source."""

from __future__ import annotations

import re
from pathlib import Path

from zwgk.audit.labels import EVENT_LABELS, event_label, source_label

ROOT = Path(__file__).resolve().parents[2]
# record("app.code", ...) / audit("app.code", ...) / action = "app.code", spread over lines or not
WRITTEN = re.compile(
    r'\b(?:record|audit|_audit)\(\s*"([a-z_]+\.[a-z0-9_]+)"|\baction(?:, summary)? = "([a-z_]+\.[a-z0-9_]+)"'
)
# the codes built from a variable: every value they can take
DYNAMIC = {
    "secrecy.finding_{…}": [
        "secrecy.finding_reopened",
        "secrecy.finding_masked",
        "secrecy.finding_confirmed",
        "secrecy.finding_false_positive",
    ],
    "qa.faq_{to}": ["qa.faq_published", "qa.faq_withdrawn", "qa.faq_draft"],
    "annual_report.{which}_entered": [
        "annual_report.table2_entered",
        "annual_report.table3_entered",
        "annual_report.table4_entered",
    ],
    "applications.{transition}": [
        "applications.end_no_correction",
        "applications.end_no_payment",
        "applications.withdrawn",
    ],
}


def written_codes() -> set[str]:
    codes: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for match in WRITTEN.finditer(path.read_text()):
            codes.add(match.group(1) or match.group(2))
    return codes


def test_every_written_event_code_has_a_chinese_name():
    codes = written_codes()
    assert len(codes) > 80  # the scan finds the code base's events
    for values in DYNAMIC.values():
        codes.update(values)
    missing = sorted(c for c in codes if c not in EVENT_LABELS)
    assert missing == []


def test_unknown_codes_and_sources_still_read_in_chinese():
    assert event_label("applications.replied") == "作出答复"
    assert event_label("documents.something_new").startswith("主动公开（")
    assert source_label("documents.record") == "政府信息"
    assert source_label("x.y") == "其他（x.y）"
