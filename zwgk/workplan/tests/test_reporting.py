"""What the annual report takes from the ledger: implementation_summary and training_facts."""

from datetime import date

import pytest

from zwgk.reports.sources import get_source
from zwgk.workplan.actions import ledger, supervision, team
from zwgk.workplan.models import LiaisonFiling
from zwgk.workplan.reporting import implementation_summary, training_facts
from zwgk.workplan.tests.conftest import task_of

pytestmark = pytest.mark.django_db


def test_training_facts(agency_a, agency_b, office, gkb, admin_a):
    session = team.record_training(
        office,
        {"title": "全区业务培训", "held_on": date(2026, 5, 20), "form": "lecture", "hours": "3"},
        by=gkb,
    )
    team.add_attendees(
        session, [team.AttendeeInput(agency_a, "孙信息"), team.AttendeeInput(agency_a, "钱同事")], by=gkb
    )
    own = team.record_training(
        agency_a, {"title": "内部学习", "held_on": date(2026, 6, 1), "form": "qa", "hours": "1"}, by=admin_a
    )
    team.add_attendees(own, [team.AttendeeInput(agency_a, "孙信息")], by=admin_a)
    team.record_training(
        office, {"title": "街道培训", "held_on": date(2026, 7, 1)}, by=gkb
    )  # not attended by agency_a
    facts = training_facts(agency_a.pk, 2026)
    assert {
        k: facts[k] for k in ("year", "agency_id", "sessions", "organised", "attendees", "people", "hours")
    } == {
        "year": 2026,
        "agency_id": agency_a.pk,
        "sessions": 2,
        "organised": 1,
        "attendees": 3,
        "people": 2,
        "hours": 7.0,
    }
    assert facts["participants"] == 3 and facts["topics"] == ["全区业务培训", "内部学习"]
    assert facts["items"] == [
        {
            "title": "全区业务培训",
            "held_on": "2026-05-20",
            "form": "集中授课",
            "organiser": "区政府办",
            "attendees": 2,
        },
        {
            "title": "内部学习",
            "held_on": "2026-06-01",
            "form": "一对一答疑",
            "organiser": "区发改委",
            "attendees": 1,
        },
    ]
    assert training_facts(agency_b.pk, 2026)["sessions"] == 0
    assert training_facts(agency_a.pk, 2025) == {
        "year": 2025,
        "agency_id": agency_a.pk,
        "sessions": 0,
        "organised": 0,
        "attendees": 0,
        "participants": 0,
        "people": 0,
        "hours": 0.0,
        "topics": [],
        "items": [],
    }


def test_registered_as_annual_report_sources():
    # registered by path (zwgk.core.lazy) and resolving to the functions themselves
    assert get_source("workplan_summary").target is implementation_summary
    assert get_source("trainings").target is training_facts


def test_implementation_summary(plan, agency_a, office, drafter_a, admin_a, gkb, supervisor):
    ledger.update_task(task_of(plan, agency_a, 1), {"responsible_person": "孙信息"}, by=drafter_a)
    ledger.report_progress(task_of(plan, agency_a, 1), by=drafter_a, text="进展")
    ledger.complete_task(task_of(plan, agency_a, 1), by=drafter_a, note="完成")
    ledger.add_subtask(
        task_of(plan, agency_a, 3), {"title": "梳理台账", "due_date": date(2030, 6, 30)}, by=drafter_a
    )
    ledger.report_progress(task_of(plan, agency_a, 3), by=drafter_a, text="进展")
    supervision.record_inspection(
        plan,
        agency_a,
        by=supervisor,
        inspected_on=date(2026, 11, 1),
        summary="好",
        rating="good",
        findings=[supervision.FindingInput("解读不及时")],
    )
    member = team.add_member(agency_a, {"name": "孙信息", "duty": "liaison"}, by=admin_a)
    team.file_liaison(LiaisonFiling.objects.get(member=member), by=gkb)
    text = implementation_summary(agency_a.pk, 2030)
    assert text.startswith(
        "2030年，本单位对照《东丽区2030年政务公开工作要点》，承担其中3项工作任务（牵头1项、负责落实2项）"
    )
    assert "梳理形成工作台账任务3项并细化子任务1项，其中1项已明确责任人" in text
    assert "已完成1项，正在推进1项，逾期未完成0项，尚未启动1项。" in text
    assert "全年报送工作进展2次。" in text
    assert "接受区政府办公室督查1次，发现问题1个，已整改0个。" in text
    assert "本年度未登记政务公开培训。" in text
    assert text.endswith("联络员已向区政务公开主管部门备案。")


def test_summary_for_units_outside_the_plan_and_years_without_one(plan, agency_a, district):
    assert implementation_summary(district.pk, 2030).startswith(
        "本单位不是《东丽区2030年政务公开工作要点》所列责任单位。"
    )
    assert (
        implementation_summary(agency_a.pk, 2019)
        == "2019年度政务公开工作要点尚未录入平台，暂无落实情况统计。"
    )
