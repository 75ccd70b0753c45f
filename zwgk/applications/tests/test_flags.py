"""Abuse and repeats (Art 35, Art 36(6)) and 主动公开 candidates (Art 44)."""

from datetime import date

import pytest
import time_machine

from zwgk.applications import actions, services
from zwgk.applications.tests.factories import staff_application
from zwgk.testing import login

pytestmark = pytest.mark.django_db


def test_monthly_count_and_near_duplicates_are_flagged_with_evidence(
    agency_a, agency_b, handler_a, handler_b
):
    with time_machine.travel("2025-03-31 10:00 +0800", tick=False):
        apps = [
            staff_application(
                agency_a,
                handler_a,
                day=date(2025, 3, 3 + i),
                description=f"请公开东丽区2024年第{i + 1}次区政府常务会议纪要",
            )
            for i in range(11)
        ]
        # another month and another agency do not count
        staff_application(agency_a, handler_a, day=date(2025, 2, 28), description="别的")
        staff_application(
            agency_b, handler_b, day=date(2025, 3, 4), description="请公开东丽区2024年第1次区政府常务会议纪要"
        )
        last = apps[-1]
        flags = services.flags_for(last)
        assert flags.monthly_count == 11 and flags.monthly_flag
        assert len(flags.duplicates) >= 5 and all(m.score >= 85 for m in flags.duplicates)
        assert all(m.application.agency_id == agency_a.pk for m in flags.duplicates)
        assert services.flags_for(apps[0]).monthly_count == 1
        html = login(handler_a).get(f"/workspace/applications/{last.pk}/").content.decode()
        assert "频次较高" in html and "第 <strong>11</strong> 件" in html and "本件为 100 元" in html
        assert "疑似重复" in html and apps[0].number in html


def test_different_requests_are_not_duplicates(agency_a, handler_a):
    with time_machine.travel("2025-03-31 10:00 +0800", tick=False):
        staff_application(agency_a, handler_a, day=date(2025, 3, 3), description="2024年区财政预算执行情况")
        other = staff_application(
            agency_a, handler_a, day=date(2025, 3, 4), description="某街道拆迁补偿安置方案"
        )
        assert services.flags_for(other).duplicates == []


def test_information_asked_by_several_applicants_is_an_article_44_candidate(agency_a, handler_a, lawyer_a):
    with time_machine.travel("2025-03-31 10:00 +0800", tick=False):
        for index, name in enumerate(["甲", "乙", "丙"]):
            app = staff_application(
                agency_a,
                handler_a,
                day=date(2025, 3, 3 + index),
                accept=True,
                applicant_name=f"王{name}",
                id_number="",
                phone=f"1380000000{index}",
                description="申请公开2025年东丽区老旧小区改造计划",
            )
            actions.save_draft(app, by=handler_a, data={"outcome": "granted", "provision": "见附件"})
            actions.submit_for_legal_review(app, by=handler_a)
            actions.decide_legal_review(app, by=lawyer_a, approve=True)
            actions.send_reply(app, by=handler_a)
        staff_application(agency_a, handler_a, day=date(2025, 3, 10), description="某企业的行政处罚决定书")
        html = login(handler_a).get("/workspace/applications/candidates/").content.decode()
        assert "2025年东丽区老旧小区改造计划" in html and ">3<" in html
        assert "某企业的行政处罚决定书" not in html
        export = login(handler_a).get("/workspace/applications/candidates/?export=xlsx")
        from io import BytesIO

        from openpyxl import load_workbook

        rows = list(load_workbook(BytesIO(export.content)).active.values)
        assert rows[0] == ("单位", "所申请的信息", "申请人数", "申请编号") and rows[1][2] == 3


def test_the_same_person_asking_twice_is_not_a_candidate(agency_a, handler_a):
    with time_machine.travel("2025-03-31 10:00 +0800", tick=False):
        apps = [
            staff_application(agency_a, handler_a, day=date(2025, 3, 3 + i), description="某项目批复")
            for i in range(3)
        ]
        assert services.art44_candidates(apps) == []
