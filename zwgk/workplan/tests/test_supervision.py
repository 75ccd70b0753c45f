"""Supervision: the all-units page with charts, reminders, inspections, 通报 (.docx) and 回头看."""

import io
import re
from datetime import date

import docx
import pytest
import time_machine
from django.core import mail

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.testing import login
from zwgk.workplan.actions import ledger, supervision
from zwgk.workplan.actions.plan import import_plan
from zwgk.workplan.importer import prepare_text
from zwgk.workplan.models import Bulletin, BulletinEntry, Reminder, ReviewItem, ReviewStatus
from zwgk.workplan.tests.conftest import SMALL_PLAN, task_of

pytestmark = pytest.mark.django_db


def test_supervision_page_shows_every_unit_with_charts(
    plan, agency_a, agency_b, drafter_a, gkb, supervisor, django_assert_max_num_queries
):
    ledger.complete_task(task_of(plan, agency_a, 1), by=drafter_a, note="完成")
    ledger.report_progress(task_of(plan, agency_a, 2), by=drafter_a, text="进行中")
    client = login(supervisor)
    from zwgk.workplan.indicators import registered

    # A fixed number of queries for the page, plus at most two per live indicator (other apps register theirs);
    # nothing grows with the number of units or tasks.
    with django_assert_max_num_queries(25 + 2 * len(registered())):
        response = client.get("/workspace/workplan/2030/supervision/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg class="chart"') == 2
    assert 'class="bar-done"' in html and 'class="bar-progress"' in html and 'class="bar-todo"' in html
    assert "区发改委：已完成 1 项" in html  # the segment's tooltip
    for name in ("区发改委", "区财政局", "区政府办", "张贵庄街道"):
        assert name in html
    assert "全区台账任务 <strong>8</strong> 项" in html
    assert login(gkb).get("/workspace/workplan/2030/supervision/").status_code == 200
    assert login(drafter_a).get("/workspace/workplan/2030/supervision/").status_code == 403


def test_supervision_table_exports_and_filters_overdue(plan, agency_a, supervisor):
    with time_machine.travel("2031-01-05 09:00 +0800", tick=False):
        ledger.sweep_overdue()
        client = login(supervisor)
        response = client.get("/workspace/workplan/2030/supervision/", {"export": "xlsx"})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        html = client.get("/workspace/workplan/2030/supervision/", {"show": "overdue"}).content.decode()
        assert "severity-danger" in html


def test_reminders_reach_the_units_workbench_and_mailbox(
    plan, agency_a, drafter_a, admin_a, supervisor, staff_b, django_capture_on_commit_callbacks
):
    drafter_a.email = "drafter@example.gov.cn"
    drafter_a.save()
    admin_a.email = "admin@example.gov.cn"
    admin_a.save()
    client = login(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/workspace/workplan/2030/reminders/",
            {"agencies": [agency_a.pk], "message": "请尽快报送第三季度进展。"},
        )
    assert response.status_code == 302
    reminder = Reminder.objects.get()
    assert sorted(reminder.emailed_to) == ["admin@example.gov.cn", "drafter@example.gov.cn"]
    assert len(mail.outbox) == 1
    assert "请尽快报送第三季度进展" in mail.outbox[0].body
    assert "区发改委" in mail.outbox[0].body
    assert "工作提醒" in login(drafter_a).get("/workspace/").content.decode()
    assert "请尽快报送第三季度进展" not in login(staff_b).get("/workspace/").content.decode()
    assert login(staff_b).post(f"/workspace/workplan/reminders/{reminder.pk}/ack/").status_code == 403
    assert login(drafter_a).post(f"/workspace/workplan/reminders/{reminder.pk}/ack/").status_code == 302
    reminder.refresh_from_db()
    assert reminder.acknowledged_by == drafter_a
    assert "工作提醒（" not in login(drafter_a).get("/workspace/").content.decode()
    assert (
        login(drafter_a)
        .post("/workspace/workplan/2030/reminders/", {"agencies": [agency_a.pk], "message": "x"})
        .status_code
        == 403
    )


def test_inspection_with_findings_and_rectification(plan, agency_a, drafter_a, staff_b, supervisor):
    client = login(supervisor)
    response = client.post(
        "/workspace/workplan/2030/inspections/new/",
        {
            "agency": agency_a.pk,
            "inspected_on": "2026-11-20",
            "method": "查阅台账",
            "summary": "台账建立规范。",
            "rating": "fair",
            "finding-TOTAL_FORMS": "3",
            "finding-INITIAL_FORMS": "0",
            "finding-0-text": "解读材料未同步发布",
            "finding-0-item": plan.items.get(seq=1).pk,
            "finding-0-rectify_by": "2026-12-31",
            "finding-1-text": "",
            "finding-2-text": "",
        },
    )
    assert response.status_code == 302
    inspection_url = response["Location"]
    finding = plan.inspections.get().findings.get()
    assert finding.item.seq == 1
    assert login(staff_b).get(inspection_url).status_code == 403
    assert "解读材料未同步发布" in login(drafter_a).get("/workspace/").content.decode()
    assert (
        login(drafter_a)
        .post(f"/workspace/workplan/findings/{finding.pk}/rectify/", {"note": "已补发解读"})
        .status_code
        == 302
    )
    finding.refresh_from_db()
    assert finding.rectified_by == drafter_a
    assert AuditEvent.objects.filter(action="workplan.finding_rectified", agency=agency_a).exists()
    assert login(drafter_a).get("/workspace/workplan/2030/inspections/new/").status_code == 403


def test_inspection_form_keeps_input_on_error(plan, agency_a, supervisor):
    response = login(supervisor).post(
        "/workspace/workplan/2030/inspections/new/",
        {
            "agency": agency_a.pk,
            "inspected_on": "2099-01-01",
            "summary": "检查情况甲",
            "rating": "good",
            "finding-TOTAL_FORMS": "1",
            "finding-INITIAL_FORMS": "0",
            "finding-0-text": "问题乙",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "检查日期不能晚于今天" in html and "检查情况甲" in html and "问题乙" in html


def test_bulletin_names_late_units_with_facts_and_opens_in_word(
    plan, agency_a, agency_b, drafter_a, gkb, supervisor
):
    ledger.complete_task(task_of(plan, agency_a, 1), by=drafter_a, note="完成")
    with time_machine.travel("2031-01-10 09:00 +0800", tick=False):
        ledger.sweep_overdue()
        supervision.record_inspection(
            plan,
            agency_b,
            by=supervisor,
            inspected_on=date(2031, 1, 5),
            summary="台账未建立。",
            rating="poor",
            findings=[supervision.FindingInput("未明确责任人", None, date(2031, 1, 8))],
        )
        preview = login(supervisor).get("/workspace/workplan/2030/bulletins/").content.decode()
        assert "拟通报单位" in preview and "区财政局" in preview
        assert "预览通报" not in preview  # 督查员 see the list; the 公开办 issues
        assert login(supervisor).post("/workspace/workplan/2030/bulletins/", {}).status_code == 403
        office = login(gkb)
        fields = {
            "title": "关于2030年政务公开工作要点落实情况的通报",
            "as_of": "2031-01-10",
            "requirement": "请于1月31日前整改。",
        }
        # draft → preview: the preview shows what would be issued and issues nothing
        shown = office.post("/workspace/workplan/2030/bulletins/", {**fields, "step": "preview"})
        page = shown.content.decode()
        assert shown.status_code == 200 and "确认印发（编号第1期）" in page and "台账未建立" in page
        assert not Bulletin.objects.exists()
        previewed = re.search(r'name="previewed" value="([0-9a-f]+)"', page).group(1)
        # a confirmation of a different preview (the facts changed since) is refused
        stale = office.post(
            "/workspace/workplan/2030/bulletins/", {**fields, "step": "confirm", "previewed": "0" * 32}
        )
        assert "请重新预览" in stale.content.decode() and not Bulletin.objects.exists()
        response = office.post(
            "/workspace/workplan/2030/bulletins/", {**fields, "step": "confirm", "previewed": previewed}
        )
        assert response.status_code == 302
    bulletin = Bulletin.objects.get()
    assert bulletin.serial == 1
    entries = {e.agency.short_name: e.facts for e in BulletinEntry.objects.all()}
    assert set(entries) == {"区发改委", "区财政局", "区政府办", "张贵庄街道"}
    assert any("评价为“差”" in f for f in entries["区财政局"])
    assert any("整改时限为2031年01月08日" in f for f in entries["区财政局"])
    download = login(drafter_a).get(f"/workspace/workplan/bulletins/{bulletin.pk}/download/")
    assert download.status_code == 200
    document = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于2030年政务公开工作要点落实情况的通报" in text
    assert "政务公开工作通报（2030年第1期）" in text
    assert "截至2031年01月10日" in text
    assert "天津市东丽区财政局" in text
    assert "要点第二项（二）“加强队伍建设”完成时限为2030年12月31日，至今未完成" in text
    assert "请于1月31日前整改。" in text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "单位",
        "逾期未完成任务",
        "督查评价为“差”",
        "逾期未整改问题",
    ]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert rows["区财政局"][2:] == ["3", "1", "1"]
    assert rows["区发改委"][2:] == ["2", "0", "0"]
    assert AuditEvent.objects.filter(action="workplan.bulletin_issued").count() == 1
    # 作废: kept under its number, marked void with the reason, audited; the next one is number 2
    refused = login(gkb).post(f"/workspace/workplan/bulletins/{bulletin.pk}/void/", {"reason": ""})
    assert refused.status_code == 302 and Bulletin.objects.get().voided_at is None
    assert (
        login(supervisor)
        .post(f"/workspace/workplan/bulletins/{bulletin.pk}/void/", {"reason": "x"})
        .status_code
        == 403
    )
    login(gkb).post(f"/workspace/workplan/bulletins/{bulletin.pk}/void/", {"reason": "事实有误"})
    bulletin.refresh_from_db()
    assert bulletin.voided_at is not None and bulletin.void_reason == "事实有误" and bulletin.voided_by == gkb
    assert AuditEvent.objects.filter(action="workplan.bulletin_voided").count() == 1
    listing = login(gkb).get("/workspace/workplan/2030/bulletins/").content.decode()
    assert "已作废" in listing and "事实有误" in listing


def test_no_bulletin_without_late_units(plan, gkb):
    with pytest.raises(Refused, match="没有需要通报的单位"):
        supervision.issue_bulletin(plan, by=gkb)
    assert not Bulletin.objects.exists()


def test_review_carries_last_years_unfinished_items_once(
    plan, agency_a, agency_b, drafter_a, staff_b, supervisor
):
    ledger.complete_task(task_of(plan, agency_a, 1), by=drafter_a, note="完成")
    next_plan = import_plan(prepare_text(SMALL_PLAN.replace("2030", "2031")), 2031, by=None).plan
    client = login(supervisor)
    response = client.post("/workspace/workplan/2031/review/", {"carry": "1", "source_year": "2030"})
    assert response.status_code == 302
    assert ReviewItem.objects.filter(plan=next_plan).count() == 7  # 8 rows of 2030, one done
    client.post("/workspace/workplan/2031/review/", {"carry": "1", "source_year": "2030"})
    assert ReviewItem.objects.count() == 7
    item = ReviewItem.objects.filter(agency=agency_a).first()
    assert (
        login(staff_b).post(f"/workspace/workplan/review/{item.pk}/report/", {"note": "x"}).status_code == 403
    )
    assert (
        login(drafter_a)
        .post(f"/workspace/workplan/review/{item.pk}/report/", {"note": "已整改到位"})
        .status_code
        == 302
    )
    item.refresh_from_db()
    assert item.status == ReviewStatus.REPORTED
    assert (
        login(drafter_a)
        .post(f"/workspace/workplan/review/{item.pk}/verify/", {"decision": "accept"})
        .status_code
        == 403
    )
    client.post(f"/workspace/workplan/review/{item.pk}/verify/", {"decision": "return", "note": ""})
    item.refresh_from_db()
    assert item.status == ReviewStatus.REPORTED  # sending back needs a reason
    client.post(f"/workspace/workplan/review/{item.pk}/verify/", {"decision": "accept", "note": "核查属实"})
    item.refresh_from_db()
    assert item.status == ReviewStatus.VERIFIED
    html = login(drafter_a).get("/workspace/workplan/2031/review/").content.decode()
    assert "2030年要点（一）做好政策解读" not in html  # done last year: not carried over
    assert "区财政局" not in html  # units see only their own items


def test_carry_over_refuses_a_later_year(plan, supervisor):
    with pytest.raises(Refused):
        supervision.carry_over(plan, plan, by=supervisor)
