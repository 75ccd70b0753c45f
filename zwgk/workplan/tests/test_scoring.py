"""Scoring: the configurable sheet, unit scores from ledger and inspections, adjustments, the 4% weight check."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
import time_machine

from zwgk.accounts.roles import Role
from zwgk.agencies.models import AgencyKind
from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.testing import login, make_agency, make_user
from zwgk.workplan import scoring
from zwgk.workplan.actions import ledger, supervision, team
from zwgk.workplan.actions import scoring as actions
from zwgk.workplan.models import RuleKind, ScoreResult
from zwgk.workplan.tests.conftest import task_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rule", "max_points", "per_item", "counts", "on_time", "due", "expected"),
    [
        (RuleKind.OVERDUE_TASKS, "20", "5", {RuleKind.OVERDUE_TASKS: 2}, 0, 0, "10.00"),
        (RuleKind.OVERDUE_TASKS, "20", "5", {RuleKind.OVERDUE_TASKS: 9}, 0, 0, "0.00"),  # never below zero
        (RuleKind.FINDINGS, "10", "2", {}, 0, 0, "10.00"),
        (RuleKind.ON_TIME_RATIO, "20", "0", {}, 2, 3, "13.33"),
        (RuleKind.ON_TIME_RATIO, "20", "0", {}, 0, 0, "20.00"),  # nothing due yet: full points
    ],
)
def test_line_points(rule, max_points, per_item, counts, on_time, due, expected):
    facts = scoring.Facts(on_time=on_time, due=due)
    facts.counts.update(counts)
    points, _detail = scoring.line_points(rule, Decimal(max_points), Decimal(per_item), facts)
    assert points == Decimal(expected)


def test_default_sheet_sums_to_100(plan, gkb):
    sheet = actions.ensure_sheet(plan, by=gkb)
    assert scoring.full_marks(list(sheet.lines.all())) == Decimal("100.00")
    assert actions.ensure_sheet(plan, by=gkb) == sheet


def test_unit_scores_follow_the_ledger_and_inspections(
    plan, agency_a, agency_b, drafter_a, staff_b, gkb, supervisor
):
    sheet = actions.ensure_sheet(plan, by=gkb)
    # 区发改委: all three rows named and reported; one done on time, one done late (after 2030-03-31), one open.
    for seq in (1, 2, 3):
        ledger.update_task(task_of(plan, agency_a, seq), {"responsible_person": "孙信息"}, by=drafter_a)
        ledger.report_progress(task_of(plan, agency_a, seq), by=drafter_a, text="进展")
    ledger.update_task(task_of(plan, agency_a, 2), {"due_date": date(2030, 3, 31)}, by=drafter_a)
    ledger.complete_task(task_of(plan, agency_a, 1), by=drafter_a, note="完成")
    with time_machine.travel("2030-04-02 09:00 +0800", tick=False):
        ledger.sweep_overdue()
        ledger.complete_task(task_of(plan, agency_a, 2), by=drafter_a, note="完成")
        # 区财政局: nothing named or reported, a poor inspection with a finding past its limit.
        supervision.record_inspection(
            plan,
            agency_b,
            by=supervisor,
            inspected_on=date(2030, 3, 1),
            summary="差",
            rating="poor",
            findings=[supervision.FindingInput("台账未建立", None, date(2030, 3, 15))],
        )
        scores = {s.agency.short_name: s for s in scoring.compute(sheet)}
    a, b = scores["区发改委"], scores["区财政局"]
    lines_a = {line.rule: line.points for line in a.lines}
    lines_b = {line.rule: line.points for line in b.lines}
    assert lines_a[RuleKind.LEDGER_INCOMPLETE] == Decimal("10.00")
    assert lines_b[RuleKind.LEDGER_INCOMPLETE] == Decimal("7.00")  # 3 rows without a responsible person
    assert lines_a[RuleKind.LATE_DONE] == Decimal("4.00")
    assert lines_a[RuleKind.ON_TIME_RATIO] == Decimal("10.00")  # 1 of 2 due rows on time
    assert lines_b[RuleKind.ON_TIME_RATIO] == Decimal("20.00")  # nothing due yet
    assert lines_a[RuleKind.NO_PROGRESS] == Decimal("10.00")
    assert lines_b[RuleKind.NO_PROGRESS] == Decimal("7.00")
    assert lines_b[RuleKind.FINDINGS] == Decimal("8.00")
    assert lines_b[RuleKind.UNRECTIFIED] == Decimal("2.50")
    # Neither unit has a filed liaison or a training yet.
    assert lines_a[RuleKind.NO_LIAISON] == Decimal("0.00") and lines_a[RuleKind.NO_TRAINING] == Decimal(
        "0.00"
    )
    assert a.total == sum(lines_a.values())


def test_liaison_and_training_earn_their_points(plan, agency_a, admin_a, gkb, office):
    sheet = actions.ensure_sheet(plan, by=gkb)
    member = team.add_member(agency_a, {"name": "孙信息", "duty": "liaison"}, by=admin_a)
    team.file_liaison(member_filing(member), by=gkb)
    session = team.record_training(office, {"title": "业务培训", "held_on": date(2026, 5, 20)}, by=gkb)
    team.add_attendees(session, [team.AttendeeInput(agency_a, "孙信息")], by=gkb)
    lines = {
        line.rule: line.points
        for line in next(s for s in scoring.compute(sheet) if s.agency == agency_a).lines
    }
    assert lines[RuleKind.NO_LIAISON] == Decimal("5.00")
    assert lines[RuleKind.NO_TRAINING] == Decimal("0.00")  # the training was in 2026, the plan is 2030


def member_filing(member):
    from zwgk.workplan.models import LiaisonFiling

    return LiaisonFiling.objects.get(member=member)


def test_adjustments_need_a_reason_are_audited_and_count_in_the_total(plan, agency_a, gkb, supervisor):
    sheet = actions.ensure_sheet(plan, by=gkb)
    client = login(gkb)
    response = client.post(
        "/workspace/workplan/2030/scores/adjust/", {"agency": agency_a.pk, "points": "3", "reason": ""}
    )
    assert response.status_code == 302 and not sheet.adjustments.exists()
    client.post(
        "/workspace/workplan/2030/scores/adjust/",
        {"agency": agency_a.pk, "points": "-2.5", "reason": "材料报送不及时"},
    )
    client.post(
        "/workspace/workplan/2030/scores/adjust/",
        {"agency": agency_a.pk, "points": "1", "reason": "获市级表扬"},
    )
    event = AuditEvent.objects.filter(action="workplan.score_adjusted").first()
    assert event.after["reason"] == "获市级表扬" and event.agency_id == agency_a.pk
    assert (
        login(supervisor)
        .post(
            "/workspace/workplan/2030/scores/adjust/",
            {"agency": agency_a.pk, "points": "1", "reason": "理由理由"},
        )
        .status_code
        == 403
    )
    assert client.post("/workspace/workplan/2030/scores/compute/").status_code == 302
    result = ScoreResult.objects.get(sheet=sheet, agency=agency_a)
    assert result.adjustments == Decimal("-1.50")
    assert result.total == Decimal(sum(Decimal(line["points"]) for line in result.lines)) - Decimal("1.50")
    assert AuditEvent.objects.filter(action="workplan.scores_computed").count() == 1


def test_score_sheet_lines_are_configurable(plan, gkb):
    sheet = actions.ensure_sheet(plan, by=gkb)
    client = login(gkb)
    response = client.post(
        "/workspace/workplan/2030/scores/lines/",
        {"sort": "200", "name": "督查评价", "rule": "poor_rating", "max_points": "5", "per_item": "5"},
    )
    assert response.status_code == 302
    line = sheet.lines.get(name="督查评价")
    client.post("/workspace/workplan/2030/scores/lines/", {"delete": line.pk})
    assert not sheet.lines.filter(name="督查评价").exists()
    response = client.post(
        "/workspace/workplan/2030/scores/lines/",
        {"sort": "1", "name": "x", "rule": "poor_rating", "max_points": "-1"},
    )
    assert response.status_code == 200 and "-1" in response.content.decode()
    assert AuditEvent.objects.filter(action__startswith="workplan.score_line").count() == 2


def test_weight_of_at_least_4_percent_is_checked(plan, agency_a, street, gkb, settings):
    sheet = actions.ensure_sheet(plan, by=gkb)
    actions.set_weight(sheet, AgencyKind.DEPARTMENT, "5", by=gkb)
    actions.set_weight(sheet, AgencyKind.STREET, "3.5", by=gkb)
    checks = {c.kind: c for c in scoring.weight_checks(sheet)}
    assert checks[AgencyKind.DEPARTMENT].ok is True
    assert checks[AgencyKind.STREET].ok is False
    html = login(gkb).get("/workspace/workplan/2030/scores/").content.decode()
    assert "低于 4%" in html and "符合（不低于 4%）" in html
    settings.WORKPLAN_MIN_WEIGHT_PERCENT = 3
    assert {c.kind: c.ok for c in scoring.weight_checks(sheet)}[AgencyKind.STREET] is True
    with pytest.raises(Refused):
        actions.set_weight(sheet, AgencyKind.STREET, "120", by=gkb)


def test_the_assessment_office_enters_the_weight(plan, gkb, drafter_a, district):
    actions.ensure_sheet(plan, by=gkb)
    office = make_agency("区委组织部", kind=AgencyKind.PARTY, aliases=["区绩效办"])
    jxb = make_user("jxb", [(office, Role.AGENCY_ADMIN)])
    response = login(jxb).post(
        "/workspace/workplan/2030/scores/weight/", {"kind": "street", "percent": "4", "note": "考核办法"}
    )
    assert response.status_code == 302
    assert plan.score_sheet.weights.get().entered_by == jxb
    html = login(jxb).get("/workspace/workplan/2030/scores/").content.decode()
    assert "录入分值权重" in html and "各单位得分" not in html
    assert (
        login(drafter_a)
        .post("/workspace/workplan/2030/scores/weight/", {"kind": "street", "percent": "9"})
        .status_code
        == 403
    )


def test_scores_export_and_unit_view(plan, agency_a, gkb, admin_a, staff_b):
    sheet = actions.ensure_sheet(plan, by=gkb)
    actions.compute_scores(sheet, by=gkb)
    response = login(gkb).get("/workspace/workplan/2030/scores/", {"export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:2] == ("排名", "单位") and rows[0][-3:] == ("调整分", "总分", "计算时间")
    assert len(rows) == 1 + 4
    html = login(admin_a).get("/workspace/workplan/2030/scores/").content.decode()
    assert "区发改委 · 2030年政务公开工作考核得分" in html
    assert "区财政局" not in html
    # The export of every unit's score is for the 公开办 and 督查员 only.
    export = login(admin_a).get("/workspace/workplan/2030/scores/", {"export": "xlsx"})
    assert export["Content-Type"].startswith("text/html")
    assert login(staff_b).get("/workspace/workplan/2030/scores/").status_code == 200


def test_malformed_parameters_give_404_not_500(plan, gkb):
    actions.ensure_sheet(plan, by=gkb)
    assert login(gkb).get("/workspace/workplan/2030/scores/lines/", {"line": "abc"}).status_code == 404
    assert login(gkb).post("/workspace/workplan/2030/scores/lines/", {"delete": "1;drop"}).status_code == 404
