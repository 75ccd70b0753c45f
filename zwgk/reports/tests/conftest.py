"""Fixtures of the annual-report tests.

Every test starts with no source registered (whatever the real apps register after merging), and registers the
fakes it needs with `ledger_sources(ledgers, ...)` (fakes.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zwgk.agencies.models import Agency
from zwgk.reports.sources import REGISTERED
from zwgk.reports.tests.fakes import App, Case, Ledgers
from zwgk.testing import registered


@pytest.fixture(autouse=True)
def _no_sources() -> Iterator[None]:
    with registered(REGISTERED, only=True):
        yield


@pytest.fixture
def ledgers(agency_a: Agency, agency_b: Agency) -> Ledgers:
    """Agency A's 2025 ledger with known counts (see test_counting.EXPECTED_A), and agency B's."""
    a, b = agency_a.pk, agency_b.pk
    d = date
    led = Ledgers()
    led.applications[a] = [
        # received in December 2024, concluded in January: 上年结转 + 予以公开
        App("自然人", d(2024, 12, 20), d(2025, 1, 10), "granted", "A-2024-101"),
        # received and concluded on 31 December 2024: not in 2025 at all
        App("自然人", d(2024, 12, 31), d(2024, 12, 31), "granted", "A-2024-102"),
        # open across both year ends: 上年结转 and 结转下年度
        App("自然人", d(2024, 6, 1), d(2026, 1, 5), "granted", "A-2024-050"),
        # 部分公开 counts only as 部分公开
        App("商业企业", d(2025, 1, 1), d(2025, 1, 20), "partial", "A-2025-001"),
        # received on the last day, still open: 新收 + 结转下年度
        App("商业企业", d(2025, 12, 31), None, None, "A-2025-300"),
        # answered in January 2026 while the report was being written: still 结转下年度 in 2025
        App("商业企业", d(2025, 12, 30), d(2026, 1, 4), "granted", "A-2025-299"),
        App("科研机构", d(2025, 3, 1), d(2025, 3, 20), "withheld.state_secret", "A-2025-040"),
        # transferred: the information is held by agency B; A answers 本机关不掌握 and names B
        App("社会公益组织", d(2025, 4, 1), d(2025, 4, 10), "unavailable.not_held", "A-2025-060"),
        # withdrawn by the applicant: 其他处理 3.其他
        App("法律服务机构", d(2025, 5, 1), d(2025, 5, 20), "other.other", "A-2025-080"),
        # deemed abandoned: no correction within the period (Art 30)
        App("其他", d(2025, 6, 1), d(2025, 6, 25), "other.no_correction", "A-2025-100"),
        # deemed abandoned: fee not paid after the 收费通知
        App("自然人", d(2025, 7, 1), d(2025, 8, 15), "other.no_payment", "A-2025-120"),
        # received in 2026: not in 2025
        App("自然人", d(2026, 1, 2), None, None, "A-2026-001"),
        App("自然人", d(2025, 2, 1), d(2025, 2, 10), "not_processed.repeat", "A-2025-020"),
        App("自然人", d(2025, 12, 31), d(2025, 12, 31), "withheld.third_party", "A-2025-301"),
        App("自然人", d(2025, 1, 1), d(2025, 1, 1), "granted", "A-2025-000"),
    ]
    # The transferred application, applied for again at agency B.
    led.applications[b] = [App("自然人", d(2025, 4, 12), d(2025, 4, 30), "granted", "B-2025-010")]
    led.cases[a] = [
        Case("review", "维持", d(2025, 2, 1), d(2025, 5, 1), "复议-1"),
        # concluded in January 2026: 尚未审结 in 2025
        Case("review", "纠正", d(2025, 11, 20), d(2026, 1, 15), "复议-2"),
        # filed in 2024: counted in 2024's report only
        Case("review", "纠正", d(2024, 12, 1), d(2025, 2, 1), "复议-0"),
        Case("litigation_direct", "尚未审结", d(2025, 6, 1), None, "诉讼-1"),
        Case("litigation_after_review", "其他", d(2025, 3, 1), d(2025, 9, 1), "诉讼-2"),
        Case("litigation_after_review", "纠正", d(2025, 12, 31), d(2025, 12, 31), "诉讼-3"),
    ]
    led.fees[(a, 2025)] = Decimal("300")
    led.normative[(a, 2025)] = {
        "规章": {"issued": 0, "repealed": 0, "in_force": 0},
        "行政规范性文件": {"issued": 3, "repealed": 1, "in_force": 17},
    }
    led.publication[(a, 2025)] = {
        "published_total": 420,
        "published_by_category": {"政策文件": 35, "工作动态": 300, "统计信息": 85},
        "policy_documents": 35,
        "interpretations": 20,
        "nonpublic_reviewed": 12,
        "nonpublic_converted": 4,
    }
    led.workplan[(a, 2025)] = "年度工作要点明确的23项任务已全部完成。"
    led.trainings[(a, 2025)] = {"sessions": 3, "participants": 96, "topics": ["条例解读", "保密审查"]}
    return led


STAFF_TABLE2 = {
    "行政许可": {"values": {"本年处理决定数量": "97"}, "note": "区政务服务办审批系统导出，2026-01-05"},
    "行政处罚": {"values": {"本年处理决定数量": "12"}, "note": "区综合执法平台导出"},
    "行政强制": {"values": {"本年处理决定数量": "0"}, "note": "区综合执法平台导出"},
    "行政事业性收费": {"values": {"本年收费金额（单位：万元）": "1.25"}, "note": "区财政局非税收入系统"},
}


def run_json(code: str, year: int, *extra: str) -> tuple[dict[str, Any], int]:
    """Run `zwgk annual-report --json`; (payload, exit status)."""
    out = StringIO()
    status = 0
    try:
        call_command(
            "annual-report",
            "--agency",
            code,
            "--year",
            str(year),
            "--json",
            *extra,
            stdout=out,
            stderr=StringIO(),
        )
    except CommandError as exc:
        status = exc.returncode
    return json.loads(out.getvalue()), status
