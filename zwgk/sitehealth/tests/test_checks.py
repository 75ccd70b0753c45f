"""The CHK2019 lines at their thresholds: 2 weeks, 6 months, ≥5 stale columns, ≥10 long-stale, ≥5 empty, 5%."""

from __future__ import annotations

from datetime import date, timedelta

from zwgk.sitehealth import checks
from zwgk.sitehealth.checks import ColumnFreshness, Deduction

TODAY = date(2026, 12, 7)


def col(name: str, rule: checks.Rule, last: date | None) -> ColumnFreshness:
    return ColumnFreshness(name, f"/{name}/", None, rule, last, checks.column_status(rule, last, TODAY))


def test_home_page_is_stale_after_exactly_two_weeks():
    assert not checks.home_stale(TODAY - timedelta(days=14), TODAY)
    assert checks.home_stale(TODAY - timedelta(days=15), TODAY)
    assert checks.home_stale(None, TODAY)


def test_dynamic_columns_two_weeks_notice_columns_six_months_static_never():
    assert checks.column_status("dynamic", TODAY - timedelta(days=14), TODAY) == "ok"
    assert checks.column_status("dynamic", TODAY - timedelta(days=15), TODAY) == "stale"
    assert checks.column_status("notice", date(2026, 6, 7), TODAY) == "ok"
    assert checks.column_status("notice", date(2026, 6, 6), TODAY) == "stale"
    assert checks.column_status("static", date(2010, 1, 1), TODAY) == "ok"
    assert checks.column_status("static", None, TODAY) == "empty"


def test_six_months_before_the_end_of_a_month_is_the_last_day_of_february():
    assert checks.months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert checks.months_before(date(2028, 8, 31), 6) == date(2028, 2, 29)
    assert checks.months_before(date(2026, 3, 15), 3) == date(2025, 12, 15)


def _vetoes(columns: list[ColumnFreshness]) -> dict[str, bool]:
    return {v.rule: v.ok for v in checks.column_vetoes(columns, TODAY, 365)}


def test_four_stale_columns_pass_five_veto():
    old = TODAY - timedelta(days=200)
    fresh = [col(f"ok{i}", "notice", TODAY) for i in range(3)]
    four = _vetoes(fresh + [col(f"s{i}", "notice", old) for i in range(4)])
    five = _vetoes(fresh + [col(f"s{i}", "notice", old) for i in range(5)])
    key = next(k for k in four if "≥5个）" in k and "动态" in k)
    assert four[key] and not five[key]


def test_nine_long_stale_columns_pass_ten_veto_and_static_columns_do_not_count():
    old = TODAY - timedelta(days=366)
    static = [col(f"st{i}", "static", date(2015, 1, 1)) for i in range(5)]
    nine = _vetoes(static + [col(f"l{i}", "dynamic", old) for i in range(9)])
    ten = _vetoes(static + [col(f"l{i}", "dynamic", old) for i in range(10)])
    key = next(k for k in nine if "≥10" in k)
    assert nine[key] and not ten[key]
    boundary = col("edge", "notice", TODAY - timedelta(days=365))
    assert not checks.is_long_stale(boundary, TODAY, 365)


def test_four_empty_columns_pass_five_veto():
    key = "空白栏目（≥5个）"
    assert _vetoes([col(f"e{i}", "static", None) for i in range(4)])[key]
    assert not _vetoes([col(f"e{i}", "notice", None) for i in range(5)])[key]


def test_failures_at_five_percent_of_visits_veto():
    assert not checks.unavailable(4, 100) and checks.unavailable(5, 100)
    assert not checks.unavailable(49, 1000) and checks.unavailable(50, 1000)
    assert not checks.unavailable(0, 0)
    assert checks.failure_share(0, 0) is None


def test_score_and_verdict():
    deductions = checks.link_deductions(
        2, 30, 1, home_points=1.0, other_points=0.2, offsite_points=0.5, cap=5.0
    )
    assert [d.points for d in deductions] == [2.0, 5.0, 0.5]  # 30 × 0.2 = 6 capped at 5
    assert checks.score(deductions) == 92.5
    assert checks.verdict([checks.Veto("x", True, "")], 92.5) == "合格"
    assert checks.verdict([checks.Veto("x", False, "")], 100) == "不合格（单项否决）"
    assert checks.verdict([], checks.score([Deduction("a", 41, "")])) == "不合格（得分低于60分）"
