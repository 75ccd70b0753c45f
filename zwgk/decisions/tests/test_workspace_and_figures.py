"""The catalogue kept in the workspace (a year's catalogue and its items through forms, permission-checked), and
the figures of 重大行政决策 and 征求意见 for the annual report (source "public_participation") and the work plan."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from zwgk.decisions import actions, reporting, stages
from zwgk.decisions.models import Catalogue, Decision
from zwgk.decisions.tests.test_catalogue import published
from zwgk.participation import actions as participation
from zwgk.participation.models import Decision as Adoption
from zwgk.reports.narrative import NarrativeFacts, draft_overview
from zwgk.reports.sources import call_source
from zwgk.testing import login
from zwgk.workplan.indicators import get as indicator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel("2026-06-15 10:00:00+08:00", tick=False):
        yield


def test_a_catalogue_and_its_items_are_kept_through_the_workspace(agency_a, admin_a, drafter_a, staff_b):
    staff = login(admin_a)
    form = staff.get("/workspace/decisions/catalogues/new/").content.decode()
    assert "2026年度重大行政决策事项目录" in form  # the title is proposed for the current year
    response = staff.post(
        "/workspace/decisions/catalogues/new/", {"year": "1999", "title": "错误年度", "record": ""}
    )
    assert "请填写正确的年度" in response.content.decode() and not Catalogue.objects.exists()
    staff.post(
        "/workspace/decisions/catalogues/new/", {"year": "2026", "title": "2026年度目录", "record": ""}
    )
    catalogue = Catalogue.objects.get()
    assert catalogue.agency == agency_a and not Catalogue.objects.public().exists()
    again = staff.post(
        "/workspace/decisions/catalogues/new/", {"year": "2026", "title": "重复", "record": ""}
    )
    assert "2026年的目录已经存在" in again.content.decode()

    new_item = f"/workspace/decisions/catalogues/{catalogue.pk}/items/new/"
    assert 'value="1"' in staff.get(new_item).content.decode()  # the next free number
    response = staff.post(
        new_item,
        {
            "number": "1",
            "title": "制定养老服务设施布局规划",
            "lead_agency": str(agency_a.pk),
            "planned": "2026年12月",
        },
    )
    decision = Decision.objects.get()
    assert response["Location"] == f"/workspace/decisions/{decision.pk}/"
    assert "修改决策事项" in staff.get(response["Location"]).content.decode()

    # Linking the published catalogue record makes the catalogue public.
    record = published(agency_a, "2026年度重大行政决策事项目录（正式）")
    staff.post(
        f"/workspace/decisions/catalogues/{catalogue.pk}/",
        {"year": "2026", "title": "2026年度目录", "record": str(record.pk)},
    )
    assert Catalogue.objects.public().count() == 1

    # A 信息员 records stages but does not keep the catalogue; another agency does neither.
    assert login(drafter_a).get("/workspace/decisions/catalogues/new/").status_code == 403
    assert login(drafter_a).get(new_item).status_code == 403
    assert login(staff_b).get(new_item).status_code == 403
    assert login(staff_b).get(f"/workspace/decisions/catalogues/{catalogue.pk}/").status_code == 403


def _world(agency_a, admin_a):
    catalogue = actions.save_catalogue(
        None,
        {"agency": agency_a, "year": 2026, "title": "2026年度目录", "record": published(agency_a, "目录")},
        by=admin_a,
    )
    first = actions.save_decision(
        catalogue, None, {"number": 1, "title": "甲", "lead_agency": agency_a}, by=admin_a
    )
    second = actions.save_decision(
        catalogue, None, {"number": 2, "title": "乙", "lead_agency": agency_a}, by=admin_a
    )
    actions.save_decision(catalogue, None, {"number": 3, "title": "丙", "lead_agency": agency_a}, by=admin_a)
    actions.move_stage(first, stages.PUBLIC_PARTICIPATION, stages.CURRENT, by=admin_a)
    for stage in stages.ORDER:
        actions.move_stage(second, stage, stages.CURRENT, by=admin_a)
        actions.move_stage(second, stage, stages.DONE, by=admin_a)
    c = participation.save_consultation(
        None,
        {
            "agency": agency_a,
            "title": "养老服务设施布局规划（征求意见稿）",
            "draft_text": "第一条 目的。\n第二条 布局。",
            "opens_on": date(2026, 4, 1),
            "closes_on": date(2026, 4, 30),
        },
        by=admin_a,
    )
    participation.publish(c, by=admin_a, on=date(2026, 4, 1))
    comments = [
        participation.submit_comment(c, {"text": text, "unit": 2}, on=date(2026, 4, 10))
        for text in ("多建社区食堂", "社区食堂要够", "加一所护理院", "广告")
    ]
    participation.save_theme(
        c,
        None,
        title="社区食堂",
        decision=Adoption.ADOPTED,
        reason="",
        comment_ids=[comments[0].pk, comments[1].pk],
        by=admin_a,
    )
    participation.save_theme(
        c,
        None,
        title="护理院",
        decision=Adoption.PARTLY,
        reason="纳入远期",
        comment_ids=[comments[2].pk],
        by=admin_a,
    )
    return c


def test_the_figures_reach_the_annual_report_and_the_work_plan(agency_a, admin_a, agency_b):
    _world(agency_a, admin_a)
    registered, facts = call_source("public_participation", agency_a.pk, 2026)
    assert registered
    assert facts["decisions"] == 3 and facts["decisions_decided"] == 1
    assert facts["decisions_by_stage"] == {"未启动": 1, "公众参与": 1, "已完成": 1}
    assert (facts["consultations"], facts["comments_received"]) == (1, 4)
    assert (facts["comments_adopted"], facts["comments_partly_adopted"]) == (2, 1)
    assert call_source("public_participation", agency_b.pk, 2026)[1]["decisions"] == 0
    assert call_source("public_participation", None, 2025)[1]["consultations"] == 0

    text = draft_overview(NarrativeFacts(agency_name="甲单位", year=2026, site_name="x", participation=facts))
    assert "列入决策事项3项，已作出决策1项" in text
    assert "公开征求意见1次，收到意见4条，采纳2条、部分采纳1条" in text
    quiet = draft_overview(
        NarrativeFacts(
            agency_name="乙", year=2026, site_name="x", participation={"decisions": 0, "consultations": 0}
        )
    )
    assert "重大行政决策" not in quiet and "征求意见" not in quiet

    assert indicator("decisions.catalogue_decisions").fn(2026, None).display == "3项"
    assert indicator("decisions.consultations_held").fn(2026, agency_a.pk).numerator == 1
    feedback = indicator("decisions.feedback_published").fn(2026, None)
    assert (feedback.numerator, feedback.denominator) == (0, 1)  # closed on 30 April, no report yet
    adopted = indicator("decisions.comments_adopted").fn(2026, None)
    assert (adopted.numerator, adopted.denominator) == (3, 4)
    assert reporting.where(Decision.objects.get(title="乙")) == "已完成"
