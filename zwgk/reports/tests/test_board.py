"""Status against the legal deadline (Art 49, settings), 工作台 tasks, the daily sweep, the district overview."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from zwgk.audit.models import AuditEvent
from zwgk.config import ConfigError
from zwgk.core.registry import inbox_items
from zwgk.reports import actions
from zwgk.reports.deadlines import env_month_day
from zwgk.reports.models import AnnualReport, ReportStatus
from zwgk.reports.narrative import PLACEHOLDER_RE
from zwgk.reports.tasks import annual_report_season
from zwgk.reports.tests.conftest import STAFF_TABLE2
from zwgk.reports.tests.fakes import ledger_sources
from zwgk.testing import login

pytestmark = pytest.mark.django_db


def publish(report, drafter, reviewer):
    actions.save_table2(report, STAFF_TABLE2, by=drafter)
    texts = actions.current_texts(report)
    versions = actions.current_versions(report)
    actions.save_texts(
        report,
        {s: PLACEHOLDER_RE.sub("已落实。", t) for s, t in texts.items()},
        {s: v.number for s, v in versions.items() if v},
        by=drafter,
    )
    actions.submit(report, by=drafter)
    actions.publish(report, by=reviewer)


def test_month_day_settings_are_validated():
    assert env_month_day("X", "01-31", env={}) == (1, 31)
    assert env_month_day("X", "01-31", env={"X": "1-26"}) == (1, 26)
    for bad in ("02-29", "13-01", "0131", "一月"):
        with pytest.raises(ConfigError, match="X"):
            env_month_day("X", "01-31", env={"X": bad})


@time_machine.travel("2026-01-20 09:00 +0800")
def test_deadlines_come_from_settings(agency_a, district, drafter_a, gkb):
    report, _ = actions.start_report(agency_a, 2025, by=drafter_a)
    assert report.due == date(2026, 1, 31)
    gov, _ = actions.start_report(district, 2025, by=gkb)
    assert gov.due == date(2026, 3, 31)
    with override_settings(REPORT_DEADLINE_DEPARTMENT=(1, 26)):
        later, _ = actions.start_report(agency_a, 2024, by=drafter_a)
        assert later.due == date(2025, 1, 26)


@time_machine.travel("2026-01-25 09:00 +0800")
def test_board_and_inbox_show_each_report_against_its_deadline(
    agency_a, agency_b, district, drafter_a, gkb, rf
):
    board = login(drafter_a).get(reverse("reports:board"))
    assert board.context["year"] == 2025  # from 1 January, last year's report
    [row] = board.context["rows"]  # only the drafter's own agency
    assert (
        row.agency == agency_a and row.state == "未生成" and row.days_left == 6 and row.severity == "warning"
    )
    request = rf.get("/workspace/")
    request.user = drafter_a
    [item] = inbox_items(request)
    assert item.title == "区发改委2025年政府信息公开工作年度报告（尚未生成）"
    assert item.severity == "warning" and item.due == date(2026, 1, 31) and "还有 6 天" in item.detail
    request.user = gkb
    titles = [i.title for i in inbox_items(request)]
    assert (
        "区人民政府2025年政府信息公开工作年度报告（尚未生成）" in titles
    )  # the 公开办 compiles the government's
    assert any(t.startswith("全区2025年度报告：已发布 0/") for t in titles)
    with time_machine.travel("2026-02-03 09:00 +0800"):
        request.user = drafter_a
        [item] = inbox_items(request)
        assert item.severity == "danger" and "已超过法定期限 3 天" in item.detail
        row = login(drafter_a).get(reverse("reports:board")).context["rows"][0]
        assert row.state == "逾期未发布（未生成）" and row.severity == "danger"


@time_machine.travel("2026-01-20 09:00 +0800")
def test_reviewers_get_a_task_when_a_report_is_submitted(agency_a, drafter_a, admin_a, gkb, ledgers, rf):
    with ledger_sources(ledgers):
        report, _ = actions.start_report(agency_a, 2025, by=drafter_a)
        actions.save_table2(report, STAFF_TABLE2, by=drafter_a)
        texts = actions.current_texts(report)
        versions = actions.current_versions(report)
        actions.save_texts(
            report,
            {s: PLACEHOLDER_RE.sub("已落实。", t) for s, t in texts.items()},
            {s: v.number for s, v in versions.items() if v},
            by=drafter_a,
        )
        actions.submit(report, by=drafter_a)
    request = rf.get("/workspace/")
    for reviewer in (admin_a, gkb):
        request.user = reviewer
        assert "审核：区发改委2025年政府信息公开工作年度报告" in [i.title for i in inbox_items(request)]
    request.user = drafter_a
    assert inbox_items(request) == []  # waiting for the reviewer, nothing to do


def test_the_daily_sweep_opens_the_season_and_flags_overdue_reports_once(
    agency_a, agency_b, district, office, gkb
):
    with time_machine.travel("2025-12-31 09:00 +0800"):
        assert annual_report_season.call_local() == {"created": 0, "overdue": 0}
    with time_machine.travel("2026-01-01 01:20 +0800"):
        assert annual_report_season.call_local() == {"created": 4, "overdue": 0}
        assert annual_report_season.call_local() == {"created": 0, "overdue": 0}
    assert set(AnnualReport.objects.filter(year=2025).values_list("status", flat=True)) == {
        ReportStatus.DRAFT
    }
    with time_machine.travel("2026-02-01 01:20 +0800"):
        # Departments (due 31 January) are overdue; the government (31 March) is not.
        assert annual_report_season.call_local() == {"created": 0, "overdue": 3}
        assert annual_report_season.call_local() == {"created": 0, "overdue": 0}
    flagged = AnnualReport.objects.filter(overdue_since=date(2026, 2, 1))
    assert set(flagged.values_list("agency__kind", flat=True)) == {"department"}
    assert AuditEvent.objects.filter(action="annual_report.overdue").count() == 3


@time_machine.travel("2026-01-20 09:00 +0800")
def test_district_overview_side_by_side_with_check_status_chart_and_xlsx(
    agency_a, agency_b, drafter_a, admin_a, staff_b, gkb, supervisor, ledgers
):
    with ledger_sources(ledgers):
        publish(actions.start_report(agency_a, 2025, by=drafter_a)[0], drafter_a, admin_a)
        actions.start_report(agency_b, 2025, by=staff_b)  # counted, but table 2 not entered: checks fail
    assert login(drafter_a).get(reverse("reports:overview")).status_code == 403
    page = login(supervisor).get(reverse("reports:overview") + "?year=2025")
    assert page.status_code == 200
    rows = {r["row"].agency.short_name: r for r in page.context["rows"]}
    # 本年新收, 上年结转, 予以公开, 部分公开, 不予公开, 无法提供, 不予处理, 其他处理, 办结总计, 结转下年度
    assert rows["区发改委"]["cells"] == [11, 2, 2, 1, 2, 1, 1, 3, 10, 3]
    assert rows["区财政局"]["cells"] == [1, 0, 1, 0, 0, 0, 0, 0, 1, 0]
    assert rows["区发改委"]["row"].checks_label == "通过" and rows["区发改委"]["row"].state == "已发布"
    assert rows["区财政局"]["row"].checks_label == "1 项未通过"
    html = page.content.decode()
    assert '<svg class="chart"' in html and "bar-done" in html and "⚠ 校验未通过" in html
    assert "按期发布" in html
    export = login(gkb).get(reverse("reports:overview") + "?year=2025&export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = list(sheet.values)
    assert values[0][:4] == ("单位", "状态", "勾稽校验", "一、本年新收政府信息公开申请数量（总计）")
    by_name = {v[0]: v for v in values[1:]}
    assert by_name["天津市东丽区发改委"][3] == 11 and by_name["天津市东丽区发改委"][2] == "通过"
    assert by_name["天津市东丽区财政局"][1] == "草稿"


@time_machine.travel("2026-01-20 09:00 +0800")
def test_board_export_and_generating_every_draft(agency_a, agency_b, district, office, gkb, drafter_a):
    response = login(gkb).post(reverse("reports:generate_all"), {"year": "2025"}, follow=True)
    assert any("新生成草稿 4 份" in str(m) for m in response.context["messages"])
    assert login(drafter_a).post(reverse("reports:generate_all"), {"year": "2025"}).status_code == 403
    export = login(gkb).get(reverse("reports:board") + "?year=2025&export=xlsx")
    values = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert values[0][:5] == ("单位", "单位代码", "年度", "状态", "法定期限")
    assert len(values) == 5 and {v[3] for v in values[1:]} == {"草稿"}
    failing = {v[0]: v[7] for v in values[1:]}
    assert "平台未接入依申请公开办理台账" in failing["天津市东丽区发改委"]


@time_machine.travel("2026-01-20 09:00 +0800")
def test_list_pages_do_not_query_per_agency(district, agency_a, gkb, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zwgk.testing import make_agency

    def queries(url: str, browser) -> int:
        browser.get(url)  # warm caches (session, roles)
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(url).status_code == 200
        return len(captured)

    staff = login(gkb)
    urls = [reverse("reports:board") + "?year=2025", reverse("reports:overview") + "?year=2025"]
    actions.generate_drafts(2025, by=gkb)
    before = [queries(u, staff) for u in urls] + [queries(reverse("reports:public_index"), client)]
    for n in range(4):
        make_agency(f"区测试局{n}", parent=district)
    actions.generate_drafts(2025, by=gkb)
    after = [queries(u, staff) for u in urls] + [queries(reverse("reports:public_index"), client)]
    assert after == before
