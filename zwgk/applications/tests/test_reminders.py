"""The daily reminder sweep (frozen time): due soon, overdue, consultations past 15 working days, 补正 notices;
once a day per application, in the inbox and by e-mail."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from zwgk.applications import actions
from zwgk.applications.tasks import run_reminders
from zwgk.applications.tests.factories import staff_application
from zwgk.testing import login

pytestmark = pytest.mark.django_db


def test_overdue_and_due_soon_are_reminded_once_a_day(agency_a, handler_a, head_a):
    with time_machine.travel("2025-03-20 10:00 +0800", tick=False):
        late = staff_application(agency_a, handler_a, day=date(2025, 3, 3), accept=True)  # due 03-31
        soon = staff_application(
            agency_a, handler_a, day=date(2025, 3, 6), accept=True, description="另一件"
        )  # 04-03
        quiet = staff_application(
            agency_a, handler_a, day=date(2025, 3, 20), accept=True, description="第三件"
        )
    with time_machine.travel("2025-04-01 08:00 +0800", tick=False):
        result = run_reminders()
        assert result["claimed"] == 2 and result["emails"] >= 1
        to_handler = [m for m in mail.outbox if m.to == [handler_a.email]]
        assert len(to_handler) == 1
        assert f"{late.number} 已超过答复期限 2025-03-31" in to_handler[0].body
        assert f"{soon.number} 答复期限临近：2025-04-03" in to_handler[0].body
        assert quiet.number not in to_handler[0].body
        # overdue items go to the office head too
        assert any(m.to == [head_a.email] and late.number in m.body for m in mail.outbox)
        sent = len(mail.outbox)
        assert run_reminders()["claimed"] == 0 and len(mail.outbox) == sent  # idempotent on the same day
        inbox = login(handler_a).get("/workspace/").content.decode()
        assert f"{late.number} 已超过答复期限" in inbox and f"{soon.number} 答复期限临近" in inbox
    with time_machine.travel("2025-04-02 08:00 +0800", tick=False):
        assert run_reminders()["claimed"] == 2


def test_consultation_past_fifteen_working_days_and_correction_notice_window(agency_a, handler_a):
    with time_machine.travel("2025-03-04 10:00 +0800", tick=False):
        app = staff_application(agency_a, handler_a, day=date(2025, 3, 3), accept=True)
        actions.start_consultation(app, by=handler_a, kind="inter_agency", party="某委", subject="方案")
        fresh = staff_application(agency_a, handler_a, day=date(2025, 3, 4), description="新申请")
    with time_machine.travel("2025-03-10 08:00 +0800", tick=False):
        out = StringIO()
        call_command("applications", "remind", stdout=out)
        body = "\n".join(m.body for m in mail.outbox)
        assert f"{fresh.number} 如需补正，须于 2025-03-13 前发出补正通知（第三十条）" in body
    with time_machine.travel("2025-03-26 08:00 +0800", tick=False):
        run_reminders()
        body = "\n".join(m.body for m in mail.outbox)
        assert f"{app.number} 征求意见已超过 15 个工作日（2025-03-25）" in body
        html = login(handler_a).get("/workspace/").content.decode()
        assert "征求意见已超过 15 个工作日" in html


def test_a_due_date_into_an_unscheduled_year_is_provisional_and_moves_when_the_schedule_arrives(
    agency_a, handler_a, gkb, django_capture_on_commit_callbacks
):
    """Issue 23 item 9: 20 working days from 2026-12-10 reach 2027, which has no schedule yet."""
    from zwgk.audit.models import AuditEvent
    from zwgk.calendar import SpecialDay
    from zwgk.workdays.service import store_schedule

    with time_machine.travel("2026-12-10 10:00 +0800", tick=False):
        app = staff_application(agency_a, handler_a, day=date(2026, 12, 10))
        # weekends + 元旦 (2027-01-01) from the 放假办法: 15 working days in December, 5 in January
        assert app.reply_due == date(2027, 1, 8) and app.reply_due_provisional
        assert "2027 年节假日安排尚未公布" in app.clock_note and app.clock_state != "error"
        page = login(handler_a).get(f"/workspace/applications/{app.pk}/").content.decode()
        assert "暂定" in page and "2027 年节假日安排尚未公布" in page
        assert "无法计算" not in page
        assert "尚未录入 2027 年节假日安排" in login(gkb).get("/workspace/").content.decode()
        ledger = login(handler_a).get("/workspace/applications/").content.decode()
        assert "2027-01-08" in ledger and "暂定" in ledger and "无法计算" not in ledger
        calc = login(handler_a).get(
            "/workspace/applications/deadline/", {"received": "2026-12-10", "working_days": 20}
        )
        assert calc.status_code == 200 and "2027年1月8日" in calc.content.decode()
        assert "暂定" in calc.content.decode()
        mail.outbox.clear()
        # the State Council's schedule makes 2027-01-04 a holiday too: the due date moves, audited and told
        with django_capture_on_commit_callbacks(execute=True):
            store_schedule(
                2027,
                [SpecialDay(date(2027, 1, 1), "元旦", True), SpecialDay(date(2027, 1, 4), "元旦", True)],
                [],
            )
        app.refresh_from_db()
        assert app.reply_due == date(2027, 1, 11) and not app.reply_due_provisional and app.clock_note == ""
        event = AuditEvent.objects.get(action="applications.due_recomputed")
        assert "2027-01-08" in event.summary and "2027-01-11" in event.summary
        assert [m.to for m in mail.outbox] == [[handler_a.email]]
        assert "暂定的答复期限已重新计算" in mail.outbox[0].subject
        page = login(handler_a).get(f"/workspace/applications/{app.pk}/").content.decode()
        assert "2027-01-11" in page and "暂定</span>" not in page


def test_december_work_goes_on_while_2027_is_missing(agency_a, handler_a):
    with time_machine.travel("2026-11-20 10:00 +0800", tick=False):
        app = staff_application(agency_a, handler_a, day=date(2026, 11, 20), accept=True)
        assert app.reply_due == date(2026, 12, 18)
    with time_machine.travel("2026-12-14 10:00 +0800", tick=False):
        html = (
            login(handler_a)
            .post(
                f"/workspace/applications/{app.pk}/step/consult/",
                {"kind": "third_party", "party": "某公司", "subject": "合同"},
                follow=True,
            )
            .content.decode()
        )
        assert "已发出征求意见函" in html and "截止日期暂无法计算" in html
        consultation = app.consultations.get()
        assert consultation.due_on is None
        letter = app.letters.get(kind="third_party")
        from docx import Document

        text = "\n".join(p.text for p in Document(letter.docx.open("rb")).paragraphs)
        assert "15个工作日内（即15个工作日届满之日前）" in text
        page = login(handler_a).get(f"/workspace/applications/{app.pk}/").content.decode()
        assert "暂无法计算（节假日安排未录入）" in page
        from zwgk.calendar import SpecialDay
        from zwgk.workdays.service import store_schedule

        store_schedule(2027, [SpecialDay(date(2027, 1, 1), "元旦", True)], [])
        run_reminders()
        consultation.refresh_from_db()
        assert consultation.due_on == date(2027, 1, 5)  # 15 working days after 2026-12-14, 元旦 off


def test_zwgk_holidays_load_recomputes_provisional_due_dates(
    agency_a, handler_a, tmp_path, django_capture_on_commit_callbacks
):
    import json

    from zwgk.audit.models import AuditEvent

    with time_machine.travel("2026-12-21 10:00 +0800", tick=False):
        app = staff_application(agency_a, handler_a, day=date(2026, 12, 21))
        assert app.reply_due == date(2027, 1, 19) and app.reply_due_provisional  # 元旦 only, provisionally
        schedule = {
            "year": 2027,
            "papers": [],
            "days": [
                {"name": "元旦", "date": "2027-01-01", "isOffDay": True},
                {"name": "元旦", "date": "2027-01-04", "isOffDay": True},
                {"name": "元旦", "date": "2027-01-09", "isOffDay": False},  # a 调休 working Saturday
            ],
        }
        path = tmp_path / "2027.json"
        path.write_text(json.dumps(schedule), encoding="utf-8")
        with django_capture_on_commit_callbacks(execute=True):
            call_command("holidays", "load", str(path), stdout=StringIO())
        app.refresh_from_db()
        assert app.reply_due == date(2027, 1, 19) and not app.reply_due_provisional
        # it did not move (one more holiday, one more working day): no event, no notice
        assert not AuditEvent.objects.filter(action="applications.due_recomputed").exists()
