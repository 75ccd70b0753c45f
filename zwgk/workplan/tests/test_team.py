"""Team records: the liaison (联络员), handover and filing (备案) with the district office; training records."""

from datetime import date

import pytest

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.testing import login
from zwgk.workplan.actions import team
from zwgk.workplan.models import Duty, FilingKind, FilingStatus, LiaisonFiling, TeamMember, TrainingAttendance

pytestmark = pytest.mark.django_db


def test_first_liaison_is_filed_automatically(agency_a, admin_a, gkb):
    client = login(admin_a)
    response = client.post(
        "/workspace/workplan/team/",
        {"name": "孙信息", "position": "科长", "duty": "liaison", "since": "2026-01-04"},
    )
    assert response.status_code == 302
    filing = LiaisonFiling.objects.get()
    assert (filing.kind, filing.status, filing.member.name) == (
        FilingKind.APPOINT,
        FilingStatus.SUBMITTED,
        "孙信息",
    )
    assert "1 份联络员备案待办理" in login(gkb).get("/workspace/").content.decode()
    assert (
        login(gkb)
        .post(f"/workspace/workplan/filings/{filing.pk}/", {"decision": "file", "note": ""})
        .status_code
        == 302
    )
    filing.refresh_from_db()
    assert filing.status == FilingStatus.FILED and filing.reviewed_by == gkb
    # A second liaison cannot be added beside the first.
    response = client.post("/workspace/workplan/team/", {"name": "李四", "duty": "liaison"})
    assert "本单位已有联络员" in response.content.decode()
    assert TeamMember.objects.filter(duty=Duty.LIAISON).count() == 1


def test_change_of_liaison_needs_a_handover_and_is_filed(agency_a, admin_a, gkb):
    old = team.add_member(agency_a, {"name": "孙信息", "duty": "liaison"}, by=admin_a)
    colleague = team.add_member(agency_a, {"name": "钱同事", "duty": "staff"}, by=admin_a)
    client = login(admin_a)
    url = f"/workspace/workplan/team/liaison/?agency={agency_a.pk}"
    response = client.post(url, {"member": colleague.pk, "effective_on": "2026-09-01", "handover": "交接"})
    assert response.status_code == 200
    assert "逐项填写工作交接情况" in response.content.decode()
    assert TeamMember.objects.get(pk=old.pk).duty == Duty.LIAISON
    handover = "1. 工作台账；2. 在办申请2件；3. 平台账号。"
    response = client.post(
        url,
        {"member": colleague.pk, "effective_on": "2026-09-01", "handover": handover, "previous_leaves": "on"},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    colleague.refresh_from_db()
    assert (old.duty, old.active, old.left_on) == (Duty.STAFF, False, date(2026, 9, 1))
    assert colleague.duty == Duty.LIAISON
    change = LiaisonFiling.objects.get(kind=FilingKind.CHANGE)
    assert change.previous == old and change.handover == handover and change.status == FilingStatus.SUBMITTED
    assert AuditEvent.objects.filter(action="workplan.liaison_changed").exists()
    # The district office sends it back for more detail; the unit resubmits.
    gkb_client = login(gkb)
    gkb_client.post(
        f"/workspace/workplan/filings/{change.pk}/", {"decision": "return", "note": "请补充资料清单"}
    )
    change.refresh_from_db()
    assert change.status == FilingStatus.RETURNED
    assert "联络员备案被退回" in login(admin_a).get("/workspace/").content.decode()
    client.post(
        f"/workspace/workplan/filings/{change.pk}/",
        {"decision": "resubmit", "handover": handover + "4. 资料清单一份。"},
    )
    change.refresh_from_db()
    assert change.status == FilingStatus.SUBMITTED
    assert (
        login(admin_a).post(f"/workspace/workplan/filings/{change.pk}/", {"decision": "file"}).status_code
        == 403
    )
    change.refresh_from_db()
    assert change.status == FilingStatus.SUBMITTED  # only the district office files


def test_the_database_refuses_a_change_filing_without_handover(agency_a, admin_a):
    from django.db import IntegrityError, transaction

    member = team.add_member(agency_a, {"name": "孙信息", "duty": "liaison"}, by=admin_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        LiaisonFiling.objects.create(
            agency=agency_a,
            kind=FilingKind.CHANGE,
            member=member,
            effective_on=date(2026, 1, 1),
            submitted_by=admin_a,
            submitted_at=member.created_at,
        )


def test_a_liaison_cannot_simply_leave(agency_a, admin_a):
    member = team.add_member(agency_a, {"name": "孙信息", "duty": "liaison"}, by=admin_a)
    with pytest.raises(Refused, match="须先办理联络员变更"):
        team.member_leaves(member, date(2026, 10, 1), by=admin_a)


def test_only_the_units_administrator_manages_its_team(agency_a, agency_b, admin_a, drafter_a, staff_b, gkb):
    assert login(drafter_a).get(f"/workspace/workplan/team/?agency={agency_a.pk}").status_code == 200
    assert (
        login(drafter_a)
        .post(f"/workspace/workplan/team/?agency={agency_a.pk}", {"name": "x", "duty": "staff"})
        .status_code
        == 403
    )
    assert login(staff_b).get(f"/workspace/workplan/team/?agency={agency_a.pk}").status_code == 403
    assert login(gkb).get(f"/workspace/workplan/team/?agency={agency_a.pk}").status_code == 200


def test_training_with_attendees(agency_a, agency_b, office, admin_a, gkb, drafter_a):
    member = team.add_member(agency_a, {"name": "孙信息", "duty": "liaison", "position": "科长"}, by=admin_a)
    client = login(gkb)
    response = client.post(
        "/workspace/workplan/trainings/",
        {
            "title": "全区政府信息公开业务培训",
            "held_on": "2026-05-20",
            "form": "lecture",
            "hours": "3",
            "location": "会议室",
        },
    )
    assert response.status_code == 302
    url = response["Location"]
    client.post(url, {"add": "1", "agency": agency_a.pk, "names": "孙信息\n钱同事 科员\n孙信息"})
    client.post(url, {"add": "1", "agency": agency_b.pk, "names": "吴其他"})
    attendees = TrainingAttendance.objects.order_by("id")
    assert [(a.agency_id, a.name) for a in attendees] == [
        (agency_a.pk, "孙信息"),
        (agency_a.pk, "钱同事"),
        (agency_b.pk, "吴其他"),
    ]
    assert attendees[0].member == member and attendees[0].position == "科长"
    html = login(drafter_a).get(url).content.decode()
    assert "参训人员（3 人）" in html
    assert login(drafter_a).post(url, {"add": "1", "agency": agency_a.pk, "names": "x"}).status_code == 403
    response = client.post(
        "/workspace/workplan/trainings/", {"title": "将来的培训", "held_on": "2099-01-01", "form": "lecture"}
    )
    assert "培训日期不能晚于今天" in response.content.decode()
