"""The 勾稽 rules on figures of real published reports (they must pass) and on broken copies (they must fail
on the right cell). Pure module: no database."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from zwgk.reports.checks import CheckResult, all_ok, run_checks
from zwgk.reports.format import OUTCOME_GROUP_KEYS, TABLE3_COLUMNS, TABLE4_COLUMNS, group_subtotal
from zwgk.testdata import TESTS_DATA

# A copy of ../shared/data/annual-report-vectors (tests/data/annual-report-vectors/SOURCE.md).
VECTORS = TESTS_DATA / "annual-report-vectors" / "vectors.json"

# The transcription's keys → the report's row keys (issue 6 contract). Group totals keep the group key.
ROW_MAP = {
    "new_received": "new",
    "carried_over": "carried_in",
    "granted": "granted",
    "partial": "partial",
    "total_processed": "total",
    "carried_forward": "carried_out",
    "denied_total": "withheld",
    "cannot_provide_total": "unavailable",
    "not_processed_total": "not_processed",
    "other_total": "other",
}
GROUP_MAP = {
    "denied": (
        "withheld",
        {
            "state_secret": "state_secret",
            "law_forbids": "law_prohibited",
            "three_safety_one_stability": "three_safety",
            "third_party": "third_party",
            "internal_affairs": "internal_affairs",
            "process_info": "process_info",
            "enforcement_file": "enforcement_file",
            "query_matter": "query_matter",
        },
    ),
    "cannot_provide": (
        "unavailable",
        {
            "not_held": "not_held",
            "must_create": "needs_creation",
            "still_unclear": "unclear_after_correction",
        },
    ),
    "not_processed": (
        "not_processed",
        {
            "petition_complaint": "petition",
            "duplicate": "repeat",
            "publication": "publication",
            "mass_repeated": "mass_repeat",
            "reconfirm": "confirm_or_reissue",
        },
    ),
    "other": ("other", {"no_correction": "no_correction", "fee_unpaid": "no_payment", "other": "other"}),
}


def _row(values: list[int]) -> dict[str, int]:
    assert len(values) == len(TABLE3_COLUMNS)
    return dict(zip(TABLE3_COLUMNS, values, strict=True))


def convert(report: dict[str, Any]) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    table3: dict[str, dict[str, int]] = {}
    for key, value in report["table3"].items():
        if key in ROW_MAP:
            table3[ROW_MAP[key]] = _row(value)
        else:
            group, names = GROUP_MAP[key]
            for name, values in value.items():
                table3[f"{group}.{names[name]}"] = _row(values)
    table4 = {
        kind: dict(zip(TABLE4_COLUMNS, values, strict=True)) for kind, values in report["table4"].items()
    }
    return table3, table4


def vectors() -> list[dict[str, Any]]:
    return [r for r in json.loads(VECTORS.read_text(encoding="utf-8"))["reports"] if "table3" in r]


def failing(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {r.rule: r for r in results if not r.ok}


@pytest.mark.parametrize("report", vectors(), ids=lambda r: r["id"])
def test_real_published_figures_pass(report):
    table3, table4 = convert(report)
    results = run_checks(table3, table4, require_complete=False)
    assert all_ok(results), {r.rule: r.detail for r in results if not r.ok}
    evaluated = {r.rule for r in results if not r.skipped}
    # Every vector has the four balance rows and table 4: those rules really ran.
    assert {"table3.balance", "table3.row_totals", "table4.totals", "nonnegative"} <= evaluated


def test_the_full_vector_exercises_every_rule_and_matches_the_reports_own_text():
    report = next(r for r in vectors() if r["id"] == "shanghai-gov-office-2025")
    table3, table4 = convert(report)
    results = {r.rule: r for r in run_checks(table3, table4, require_complete=True)}
    assert all(r.ok for r in results.values())
    assert results["table3.complete"].ok and results["table4.complete"].ok
    claims = report["text_claims"]
    assert table3["new"]["总计"] == claims["受理"] and table3["total"]["总计"] == claims["办结"]
    assert group_subtotal(table3, "withheld") == claims["不予公开"]
    assert group_subtotal(table3, "unavailable") == claims["无法提供"]
    assert group_subtotal(table3, "not_processed") == claims["不予处理"]
    assert group_subtotal(table3, "other") == claims["其他处理"]


def test_group_subtotals_of_a_transcribed_report_enter_the_outcome_total():
    report = next(r for r in vectors() if r["id"] == "shanghai-stcsm-2024")
    table3, table4 = convert(report)
    assert set(OUTCOME_GROUP_KEYS) - {"granted", "partial"} <= set(table3)
    results = {r.rule: r for r in run_checks(table3, table4, require_complete=False)}
    assert results["table3.outcome_total"].ok and not results["table3.outcome_total"].skipped
    broken = copy.deepcopy(table3)
    broken["withheld"]["自然人"] += 1
    broken["withheld"]["总计"] += 1
    bad = failing(run_checks(broken, table4, require_complete=False))
    assert set(bad) == {"table3.outcome_total"}
    assert [f.cell for f in bad["table3.outcome_total"].failures] == [
        "表三“（七）总计”行“自然人”列",
        "表三“（七）总计”行“总计”列",
    ]


# --- deliberately broken copies of the full real report: each must fail on exactly the right cell -----------


def _full_vector() -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    report = next(r for r in vectors() if r["id"] == "shanghai-gov-office-2025")
    return convert(report)


def test_new_received_off_by_one_breaks_the_balance_and_row_total_of_that_column():
    table3, table4 = _full_vector()
    table3["new"]["商业企业"] = 37  # real: 36
    bad = failing(run_checks(table3, table4))
    assert set(bad) == {"table3.balance", "table3.row_totals"}
    [balance] = bad["table3.balance"].failures
    assert balance.cell == "表三“商业企业”列"
    assert "本年新收 37 + 上年结转 15 = 52" in balance.message and "48 + 结转下年度 3 = 51" in balance.message
    [row_total] = bad["table3.row_totals"].failures
    assert row_total.cell == "表三“一、本年新收政府信息公开申请数量”行“总计”列"
    assert "1295" in row_total.message and "1296" in row_total.message


def test_a_total_column_that_is_not_the_sum_of_the_six_columns_is_named():
    table3, table4 = _full_vector()
    table3["withheld.internal_affairs"]["总计"] = 8  # real: 8 + 1 = 9
    bad = failing(run_checks(table3, table4))
    assert set(bad) == {"table3.row_totals", "table3.outcome_total"}
    assert [f.cell for f in bad["table3.row_totals"].failures] == [
        "表三“（三）不予公开5.属于三类内部事务信息”行“总计”列"
    ]
    assert [f.cell for f in bad["table3.outcome_total"].failures] == ["表三“（七）总计”行“总计”列"]


def test_an_outcome_moved_to_the_wrong_row_keeps_the_balance_but_not_the_outcome_total():
    table3, table4 = _full_vector()
    table3["other.other"]["自然人"] -= 5
    table3["other.other"]["总计"] -= 5
    bad = failing(run_checks(table3, table4))
    assert set(bad) == {"table3.outcome_total"}
    assert [f.cell for f in bad["table3.outcome_total"].failures] == [
        "表三“（七）总计”行“自然人”列",
        "表三“（七）总计”行“总计”列",
    ]
    assert "各项办理结果之和为 1134" in bad["table3.outcome_total"].failures[0].message


def test_a_table4_total_that_does_not_add_up_is_named_with_its_parts():
    table3, table4 = _full_vector()
    table4["litigation_direct"]["总计"] = 13  # real: 2 + 0 + 4 + 6 = 12
    bad = failing(run_checks(table3, table4))
    assert set(bad) == {"table4.totals"}
    [failure] = bad["table4.totals"].failures
    assert failure.cell == "表四“行政诉讼·未经复议直接起诉”的“总计”"
    assert "结果维持 2 + 结果纠正 0 + 其他结果 4 + 尚未审结 6 = 12" in failure.message


def test_negative_numbers_and_missing_cells_are_named():
    table3, table4 = _full_vector()
    table3["partial"]["科研机构"] = -1
    del table4["review"]["尚未审结"]
    bad = failing(run_checks(table3, table4))
    assert [f.cell for f in bad["nonnegative"].failures] == [
        "表三“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”行“科研机构”列"
    ]
    assert [f.cell for f in bad["table4.complete"].failures] == ["表四“行政复议”的“尚未审结”"]


def test_last_years_carried_out_must_equal_this_years_carried_in():
    table3, table4 = _full_vector()
    previous = dict(table3["carried_in"])
    assert all_ok(run_checks(table3, table4, previous_carried_out=previous))
    previous["法律服务机构"] = 3  # this year's 上年结转 says 4
    previous["总计"] = 188
    bad = failing(
        run_checks(table3, table4, previous_carried_out=previous, previous_label="已发布的2024年度报告")
    )
    assert set(bad) == {"table3.carried_over"}
    assert [f.cell for f in bad["table3.carried_over"].failures] == [
        "表三“二、上年结转政府信息公开申请数量”行“法律服务机构”列",
        "表三“二、上年结转政府信息公开申请数量”行“总计”列",
    ]
    assert "已发布的2024年度报告" in bad["table3.carried_over"].failures[0].message


def test_without_last_years_report_the_carry_over_rule_says_it_did_not_compare():
    results = {r.rule: r for r in run_checks({}, {}, require_complete=False)}
    assert results["table3.carried_over"].ok and results["table3.carried_over"].skipped
    assert results["table3.carried_over"].detail == "未比对：上一年度报告未在本平台发布"
