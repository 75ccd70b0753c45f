"""Tables 3 and 4 counted from ledgers with known counts, every cell asserted (through `zwgk annual-report --json`)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwgk.reports.checks import all_ok, run_checks
from zwgk.reports.compute import count_applications, count_review_cases
from zwgk.reports.format import (
    APPLICANT_COLUMNS,
    OUTCOME_KEYS,
    TABLE3_COLUMNS,
    TABLE3_ROW_KEYS,
    TABLE4_COLUMNS,
)
from zwgk.reports.tests.conftest import run_json
from zwgk.reports.tests.fakes import App, Case, ledger_sources

pytestmark = pytest.mark.django_db

N, B, R, S, L, OT = APPLICANT_COLUMNS  # 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他

# Agency A, 2025, worked out by hand from the ledger in conftest.py. Every cell not listed is 0.
EXPECTED_A: dict[str, dict[str, int]] = {
    "new": {N: 4, B: 3, R: 1, S: 1, L: 1, OT: 1, "总计": 11},
    "carried_in": {N: 2, "总计": 2},
    "granted": {N: 2, "总计": 2},
    "partial": {B: 1, "总计": 1},
    "withheld.state_secret": {R: 1, "总计": 1},
    "withheld.third_party": {N: 1, "总计": 1},
    "unavailable.not_held": {S: 1, "总计": 1},
    "not_processed.repeat": {N: 1, "总计": 1},
    "other.no_correction": {OT: 1, "总计": 1},
    "other.no_payment": {N: 1, "总计": 1},
    "other.other": {L: 1, "总计": 1},
    "total": {N: 5, B: 1, R: 1, S: 1, L: 1, OT: 1, "总计": 10},
    "carried_out": {N: 1, B: 2, "总计": 3},
}
EXPECTED_A_TABLE4 = {
    "review": {"维持": 1, "纠正": 0, "其他": 0, "尚未审结": 1, "总计": 2},
    "litigation_direct": {"维持": 0, "纠正": 0, "其他": 0, "尚未审结": 1, "总计": 1},
    "litigation_after_review": {"维持": 0, "纠正": 1, "其他": 1, "尚未审结": 0, "总计": 2},
}


def _full(expected: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {
        row: {col: expected.get(row, {}).get(col, 0) for col in TABLE3_COLUMNS} for row in TABLE3_ROW_KEYS
    }


def test_every_cell_of_table_3_and_4_from_the_ledger(agency_a, ledgers):
    with ledger_sources(ledgers):
        payload, _ = run_json(agency_a.code, 2025)
    assert set(payload["table3"]) == set(TABLE3_ROW_KEYS)
    assert payload["table3"] == _full(EXPECTED_A)
    assert payload["table4"] == EXPECTED_A_TABLE4
    checks = {c["rule"]: c for c in payload["checks"]}
    for rule in (
        "table3.balance",
        "table3.row_totals",
        "table3.outcome_total",
        "table4.totals",
        "records.table3",
    ):
        assert checks[rule]["ok"], checks[rule]


def test_transferred_application_counts_at_each_agency_that_concluded_it(agency_b, ledgers):
    with ledger_sources(ledgers):
        payload, _ = run_json(agency_b.code, 2025)
    expected = _full({"new": {N: 1, "总计": 1}, "granted": {N: 1, "总计": 1}, "total": {N: 1, "总计": 1}})
    assert payload["table3"] == expected


def test_the_2024_report_sees_the_other_side_of_the_year_boundary(agency_a, ledgers):
    with ledger_sources(ledgers):
        payload, _ = run_json(agency_a.code, 2024)
    # 2024: A-2024-101 and A-2024-050 are new and carried out; A-2024-102 is new and granted.
    expected = _full(
        {
            "new": {N: 3, "总计": 3},
            "granted": {N: 1, "总计": 1},
            "total": {N: 1, "总计": 1},
            "carried_out": {N: 2, "总计": 2},
        }
    )
    assert payload["table3"] == expected
    # 复议-0 was filed in 2024 and concluded in 2025: 尚未审结 in 2024.
    assert payload["table4"]["review"] == {"维持": 0, "纠正": 0, "其他": 0, "尚未审结": 1, "总计": 1}


def test_records_that_cannot_be_placed_are_named_and_block(agency_a, ledgers):
    ledgers.applications[agency_a.pk] += [
        App("自然人", date(2025, 3, 1), date(2025, 3, 5), None, "A-BAD-1"),
        App("个体工商户", date(2025, 3, 1), None, None, "A-BAD-2"),
        App("自然人", date(2025, 3, 9), date(2025, 3, 1), "granted", "A-BAD-3"),
    ]
    ledgers.cases[agency_a.pk].append(
        Case("review", "尚未审结", date(2025, 4, 1), date(2025, 5, 1), "复议-坏")
    )
    with ledger_sources(ledgers):
        payload, status = run_json(agency_a.code, 2025)
    assert status == 1
    assert payload["table3"] == _full(EXPECTED_A)  # bad records are left out of every cell
    checks = {c["rule"]: c for c in payload["checks"]}
    assert not checks["records.table3"]["ok"]
    assert (
        "A-BAD-1" in checks["records.table3"]["detail"]
        and "办理结果未登记" in checks["records.table3"]["detail"]
    )
    assert (
        "A-BAD-2" in checks["records.table3"]["detail"] and "个体工商户" in checks["records.table3"]["detail"]
    )
    assert "A-BAD-3" in checks["records.table3"]["detail"]
    assert not checks["records.table4"]["ok"] and "复议-坏" in checks["records.table4"]["detail"]
    assert checks["table3.balance"]["ok"]


def test_table4_counts_a_case_in_its_filing_year_only():
    cases = [
        Case("review", "纠正", date(2024, 12, 1), date(2025, 2, 1)),
        Case("review", "维持", date(2025, 1, 1), date(2025, 12, 31)),
    ]
    assert count_review_cases(cases, 2024).table["review"]["尚未审结"] == 1
    t2025 = count_review_cases(cases, 2025).table
    assert t2025["review"] == {"维持": 1, "纠正": 0, "其他": 0, "尚未审结": 0, "总计": 1}


# --- property: whatever the ledger, the counted tables pass every 勾稽 rule ---------------------------------

days = st.dates(min_value=date(2023, 6, 1), max_value=date(2026, 6, 30))


@st.composite
def applications(draw):
    received = draw(days)
    concluded = draw(st.one_of(st.none(), st.dates(min_value=received, max_value=date(2026, 12, 31))))
    return App(
        draw(st.sampled_from(APPLICANT_COLUMNS)),
        received,
        concluded,
        draw(st.sampled_from(OUTCOME_KEYS)) if concluded else None,
    )


@st.composite
def cases(draw):
    filed = draw(days)
    concluded = draw(st.one_of(st.none(), st.dates(min_value=filed, max_value=date(2026, 12, 31))))
    return Case(
        draw(st.sampled_from(["review", "litigation_direct", "litigation_after_review"])),
        draw(st.sampled_from(["维持", "纠正", "其他"])) if concluded else "尚未审结",
        filed,
        concluded,
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(applications(), max_size=40), st.lists(cases(), max_size=10), st.sampled_from([2024, 2025]))
def test_counted_ledgers_always_pass_the_checks_and_chain_across_years(apps, review_cases, year):
    this = count_applications(apps, year)
    previous = count_applications(apps, year - 1)
    table4 = count_review_cases(review_cases, year).table
    assert this.problems == []
    results = run_checks(this.table, table4, previous_carried_out=previous.table["carried_out"])
    assert all_ok(results), [r.detail for r in results if not r.ok]
    assert all(v >= 0 for row in table4.values() for v in row.values())
    assert set(table4["review"]) == set(TABLE4_COLUMNS)
