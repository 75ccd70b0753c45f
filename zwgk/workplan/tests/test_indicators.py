"""Live indicators: each function, and the registry other apps use to add theirs."""

from datetime import date

import pytest
import time_machine

from zwgk.audit.models import AuditEvent
from zwgk.testing import login, registered
from zwgk.workplan import indicators, live_indicators
from zwgk.workplan.actions import ledger, supervision, team
from zwgk.workplan.actions.plan import import_plan
from zwgk.workplan.importer import prepare_text
from zwgk.workplan.indicators import IndicatorValue, ItemText
from zwgk.workplan.models import ReviewItem
from zwgk.workplan.tests.conftest import SMALL_PLAN, task_of

pytestmark = pytest.mark.django_db


def values(fn, year, *agencies):
    return [(v.numerator, v.denominator) for v in (fn(year, a.pk if a else None) for a in agencies)]


def test_staff_trained(agency_a, agency_b, office, admin_a, staff_b, gkb):
    sun = team.add_member(
        agency_a, {"name": "孙信息", "duty": "liaison", "since": date(2026, 1, 1)}, by=admin_a
    )
    team.add_member(agency_a, {"name": "钱同事", "since": date(2026, 1, 1)}, by=admin_a)
    team.add_member(agency_b, {"name": "吴其他", "since": date(2026, 1, 1)}, by=staff_b)
    gone = team.add_member(agency_b, {"name": "早离岗", "since": date(2025, 1, 1)}, by=staff_b)
    team.member_leaves(gone, date(2025, 12, 31), by=staff_b)
    session = team.record_training(office, {"title": "培训", "held_on": date(2026, 5, 20)}, by=gkb)
    team.add_attendees(
        session,
        [team.AttendeeInput(agency_a, "孙信息", member=sun), team.AttendeeInput(agency_a, "钱同事")],
        by=gkb,
    )
    assert values(live_indicators.staff_trained, 2026, None, agency_a, agency_b) == [(2, 3), (2, 2), (0, 1)]
    assert live_indicators.staff_trained(2026, None).display == "2 / 3（66.7%）"
    assert values(live_indicators.staff_trained, 2025, None) == [(0, 1)]


def test_trainings(agency_a, agency_b, office, gkb):
    first = team.record_training(office, {"title": "培训一", "held_on": date(2026, 5, 20)}, by=gkb)
    team.record_training(office, {"title": "培训二", "held_on": date(2026, 9, 1)}, by=gkb)
    team.add_attendees(
        first, [team.AttendeeInput(agency_a, "孙信息"), team.AttendeeInput(agency_a, "钱同事")], by=gkb
    )
    assert live_indicators.trainings(2026, None).numerator == 2
    unit = live_indicators.trainings(2026, agency_a.pk)
    assert (unit.numerator, unit.note) == (1, "参训 2 人次")
    assert live_indicators.trainings(2026, agency_b.pk).numerator == 0
    assert unit.display == "1 次"


def test_liaison_filed(plan, agency_a, agency_b, admin_a, staff_b, gkb):
    filed = team.add_member(agency_a, {"name": "孙信息", "duty": "liaison"}, by=admin_a)
    team.add_member(agency_b, {"name": "吴其他", "duty": "liaison"}, by=staff_b)  # submitted, not yet filed
    from zwgk.workplan.models import LiaisonFiling

    team.file_liaison(LiaisonFiling.objects.get(member=filed), by=gkb)
    assert values(live_indicators.liaison_filed, 2030, None, agency_a, agency_b) == [(1, 4), (1, 1), (0, 1)]


def test_tasks_on_time_and_ledger_complete(plan, agency_a, drafter_a):
    ledger.update_task(
        task_of(plan, agency_a, 1),
        {"responsible_person": "孙信息", "due_date": date(2030, 3, 1)},
        by=drafter_a,
    )
    ledger.update_task(task_of(plan, agency_a, 2), {"due_date": date(2030, 3, 1)}, by=drafter_a)
    ledger.complete_task(task_of(plan, agency_a, 1), by=drafter_a, note="完成")
    assert values(live_indicators.tasks_on_time, 2030, agency_a) == [(1, 1)]
    with time_machine.travel("2030-03-05 09:00 +0800", tick=False):
        assert values(live_indicators.tasks_on_time, 2030, agency_a, None) == [(1, 2), (1, 2)]
    assert values(live_indicators.ledger_complete, 2030, agency_a, None) == [(1, 3), (1, 8)]


def test_review_rectified(plan, agency_a, drafter_a, supervisor):
    later = import_plan(prepare_text(SMALL_PLAN.replace("2030", "2031")), 2031, by=None).plan
    supervision.carry_over(plan, later, by=supervisor)
    item = ReviewItem.objects.filter(agency=agency_a).first()
    supervision.report_review(item, "已整改", by=drafter_a)
    supervision.verify_review(item, by=supervisor, accept=True)
    assert values(live_indicators.review_rectified, 2031, None, agency_a) == [(1, 8), (1, 3)]


def test_secrecy_reviewers_and_disclosure_office(plan, agency_a, reviewer_a):
    assert values(live_indicators.secrecy_reviewers, 2030, None, agency_a) == [(1, 4), (1, 1)]
    agency_a.disclosure_office = "区发改委办公室"
    agency_a.save()
    assert values(live_indicators.disclosure_office_listed, 2030, None, agency_a) == [(1, 4), (1, 1)]


def test_no_plan_means_no_data():
    value = live_indicators.liaison_filed(1999, None)
    assert (value.numerator, value.denominator, value.display) == (0, 0, "暂无数据")


def test_default_links_by_hints_with_item_number_fallback():
    items = [ItemText(1, "加强政策解读"), ItemText(2, "加强工作人员培训和联络员机制"), ItemText(3, "回头看")]
    probe = indicators.Indicator("x.hinted", "甲", lambda y, a: IndicatorValue(1), 9, ("联络员",), None)
    fallback = indicators.Indicator(
        "x.fallback", "乙", lambda y, a: IndicatorValue(1), 3, ("不存在的词",), None
    )
    links = indicators.default_links(items, [probe, fallback])
    assert links == {1: [], 2: ["x.hinted"], 3: ["x.fallback"]}


@pytest.fixture
def foreign_indicator():
    """An indicator registered the way the documents app will register its own."""

    def proactive_share(year, agency_id):
        return IndicatorValue(9, 10, note="本年制发文件中主动公开的比例")

    def broken(year, agency_id):
        raise RuntimeError("documents table missing")

    with registered(indicators.REGISTERED):
        indicators.register_indicator(
            1,
            "documents.proactive_share",
            proactive_share,
            label="文件主动公开比率",
            hints=("同步发布",),
            target=0.8,
        )
        indicators.register_indicator(1, "documents.broken", broken, label="坏指标", hints=("同步发布",))
        yield


def test_other_apps_register_indicators_shown_next_to_their_item(
    plan, agency_a, drafter_a, gkb, foreign_indicator
):
    html = login(drafter_a).get("/workspace/workplan/2030/items/1/").content.decode()
    assert "文件主动公开比率" in html and "9 / 10（90.0%）" in html
    assert "坏指标" in html and "暂时无法计算" in html
    assert (
        "文件主动公开比率" not in login(drafter_a).get("/workspace/workplan/2030/items/3/").content.decode()
    )
    # Built-in ones land on the items whose text holds their hints.
    item_two = login(drafter_a).get("/workspace/workplan/2030/items/2/").content.decode()
    assert "政务公开工作人员参训率" in item_two and "联络员备案" in item_two
    assert "台账任务按时完成率" in login(drafter_a).get("/workspace/workplan/2030/items/3/").content.decode()


def test_the_district_office_chooses_indicators_per_item(plan, gkb, drafter_a, foreign_indicator):
    client = login(gkb)
    response = client.post("/workspace/workplan/2030/items/1/indicators/", {"shown": ["workplan.trainings"]})
    assert response.status_code == 302
    html = client.get("/workspace/workplan/2030/items/1/").content.decode()
    assert "政务公开培训场次</th>" in html and "9 / 10（90.0%）" not in html
    assert AuditEvent.objects.filter(action="workplan.indicator_hidden").count() == 2
    assert AuditEvent.objects.filter(action="workplan.indicator_linked").count() == 1
    assert (
        login(drafter_a).post("/workspace/workplan/2030/items/1/indicators/", {"shown": []}).status_code
        == 403
    )


def test_indicator_keys_are_namespaced():
    with pytest.raises(ValueError):
        indicators.register_indicator(1, "nodot", lambda y, a: IndicatorValue(0), label="x")
