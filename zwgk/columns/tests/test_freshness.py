"""column_freshness(today): the last publication date per column and its status against the update rule at the
thresholds (动态 14 days, 通知公告/政策文件 6 months, 静态 none), empty columns, ended 专题, sub-columns."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields
from datetime import date

import pytest
import time_machine

from zwgk.columns import periods
from zwgk.columns.freshness import ColumnFreshness, column_freshness

pytestmark = pytest.mark.django_db


def status(rule, last, today):
    return periods.status_for(rule, last, today, dynamic_days=14, notice_months=6)


def test_dynamic_threshold_is_two_weeks():
    today = date(2026, 12, 7)
    assert status("dynamic", date(2026, 11, 23), today) == "ok"  # exactly 14 days
    assert status("dynamic", date(2026, 11, 22), today) == "stale"


def test_notice_threshold_is_six_calendar_months():
    assert status("notice", date(2026, 6, 7), date(2026, 12, 7)) == "ok"
    assert status("notice", date(2026, 6, 6), date(2026, 12, 7)) == "stale"
    # 31 August − 6 months: the last day of February.
    assert periods.months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert periods.months_before(date(2026, 3, 15), 6) == date(2025, 9, 15)


def test_static_never_stale_but_may_be_empty():
    assert status("static", date(2001, 1, 1), date(2026, 12, 7)) == "ok"
    assert status("static", None, date(2026, 12, 7)) == "empty"
    assert status("dynamic", None, date(2026, 12, 7)) == "empty"
    with pytest.raises(ValueError):
        status("weekly", date(2026, 1, 1), date(2026, 12, 7))


def test_contract_is_a_frozen_dataclass_with_the_agreed_fields():
    assert [f.name for f in fields(ColumnFreshness)] == [
        "column",
        "url",
        "agency_id",
        "rule",
        "last_update",
        "status",
    ]
    row = ColumnFreshness("a", "/columns/a/", None, "static", None, "empty")
    with pytest.raises(FrozenInstanceError):
        row.status = "ok"  # type: ignore[misc]


def test_column_freshness_reads_public_content(publish_in, agency_a, new_column, settings):
    settings.COLUMNS_DYNAMIC_DAYS = 14
    publish_in(agency_a, "水质公告十一月", when="2026-11-23 09:00:00+08:00")
    publish_in(agency_a, "停水通知", when="2026-11-20 09:00:00+08:00")
    new_column("szgg", agency=agency_a, name="水质公告", update_rule="dynamic", keywords="水质")
    new_column("tstz", agency=agency_a, name="停水通知", update_rule="dynamic", keywords="停水")
    new_column("sfbz", agency=agency_a, name="收费标准", update_rule="notice", keywords="水价")
    special = new_column("zs", name="招生", kind="special", update_rule="dynamic", ends_on=date(2026, 9, 30))
    new_column("zs-jg", name="招生结果", parent=special, update_rule="dynamic", keywords="停水")
    new_column("hidden", name="隐藏", keywords="水质", is_active=False)
    with time_machine.travel("2026-12-07 10:00:00+08:00", tick=False):
        rows = {r.column: r for r in column_freshness(date(2026, 12, 7))}
    assert rows["水质公告"] == ColumnFreshness(
        "水质公告", f"/sites/{agency_a.code}/szgg/", agency_a.pk, "dynamic", date(2026, 11, 23), "ok"
    )
    assert rows["停水通知"].status == "stale"
    assert rows["收费标准"].status == "empty" and rows["收费标准"].last_update is None
    # An ended 专题 is an archive: static; its date comes from its sub-columns.
    assert (rows["招生"].rule, rows["招生"].last_update, rows["招生"].status) == (
        "static",
        date(2026, 11, 20),
        "ok",
    )
    assert rows["招生结果"].rule == "static"
    assert "隐藏" not in rows


@time_machine.travel("2026-12-07 10:00:00+08:00", tick=False)
def test_workspace_flags_empty_and_stale_columns(gkb, new_column, agency_a):
    from zwgk.testing import login

    new_column("sfbz", agency=agency_a, name="收费标准LEAKFREE", update_rule="notice")
    page = login(gkb).get("/workspace/columns/?problems=1").content.decode()
    assert "收费标准LEAKFREE" in page and "空白栏目" in page
    export = login(gkb).get("/workspace/columns/?problems=1&export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
