"""The whole workflow through the web UI: online filing → 补正 → third-party consultation → extension →
legal review (returned, then approved) → reply letter (.docx, PDF) → ledger export → archive."""

import io
import re
from datetime import date
from urllib.parse import unquote

import pytest
import time_machine
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from zwgk.applications import actions, services
from zwgk.applications.models import Application, Letter, Status, mask_name
from zwgk.applications.tests.factories import form_post, staff_application
from zwgk.audit.models import AuditEvent
from zwgk.core.errors import IllegalTransition, Refused
from zwgk.testing import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _long_sessions(settings):
    settings.SESSION_COOKIE_AGE = 10**8
    from django.core.cache import cache

    cache.clear()


def step(client, app, name, data=None, **kw):
    response = client.post(f"/workspace/applications/{app.pk}/step/{name}/", data or {}, follow=True, **kw)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_full_workflow_through_the_web(
    client, agency_a, handler_a, head_a, lawyer_a, django_capture_on_commit_callbacks
):
    cbr, fzr, falv = login(handler_a), login(head_a), login(lawyer_a)
    with time_machine.travel("2025-09-26 10:00 +0800", tick=False):
        client.post("/apply/new/", form_post(agency_a.pk, description="区里和某公司签的协议"))
        code = re.search(
            r"<dt>查询码</dt><dd>([A-Z0-9-]+)</dd>", client.get("/apply/done/").content.decode()
        )[1]
        app = Application.objects.get()
        assert app.received_on == date(2025, 9, 26) and app.reply_due == date(2025, 10, 30)
        html = step(cbr, app, "confirm")
        assert "已登记" in html
    with time_machine.travel("2025-09-29 10:00 +0800", tick=False):
        html = step(
            cbr, app, "correction", {"items": "请写明协议名称和签订时间", "correction_due": "2025-10-20"}
        )
        assert "已发出补正通知" in html
        html = step(cbr, app, "correction", {"items": "再补一次", "correction_due": "2025-10-21"})
        assert "补正通知只能发出一次" in html or "不能执行" in html
        app.refresh_from_db()
        assert app.status == Status.AWAITING_CORRECTION and app.reply_due is None
        html = step(cbr, app, "end_no_correction")
        assert "尚未届满" in html
    with time_machine.travel("2025-10-09 10:00 +0800", tick=False):
        step(cbr, app, "correction_received", {"text": "2024年区政府与某某物流有限公司签订的投资协议"})
        app.refresh_from_db()
        assert app.status == Status.PROCESSING and app.reply_due == date(2025, 11, 5)
        assert app.handler == handler_a
    with time_machine.travel("2025-10-13 10:00 +0800", tick=False):
        html = step(
            cbr,
            app,
            "consult",
            {"kind": "third_party", "party": "某某物流有限公司", "subject": "投资协议全文"},
        )
        assert "答复期限暂停计算" in html
        app.refresh_from_db()
        assert app.reply_due is None and app.clock_state == "paused"
        consultation = app.consultations.get()
        assert consultation.due_on == date(2025, 11, 3)  # 15 working days after 10-13
    with time_machine.travel("2025-10-20 10:00 +0800", tick=False):
        step(
            cbr,
            app,
            "consult_answer",
            {
                f"c{consultation.pk}-consultation": consultation.pk,
                f"c{consultation.pk}-response": "partial",
                f"c{consultation.pk}-note": "第五条涉及商业秘密",
            },
        )
        app.refresh_from_db()
        # six working days 10-13..10-20 (both included) are left out: 11-05 → 11-13
        assert app.reply_due == date(2025, 11, 13)
    with time_machine.travel("2025-10-21 10:00 +0800", tick=False):
        step(cbr, app, "extension", {"working_days": "10", "reason": "需要调取档案"})
        ext = app.extensions.get()
        # the 承办人 cannot approve their own extension (Art 33: the 工作机构负责人 consents)
        denied = cbr.post(
            f"/workspace/applications/{app.pk}/step/extension_decide/", {"extension": ext.pk, "approve": "1"}
        )
        assert denied.status_code == 403
        html = fzr.get("/workspace/").content.decode()
        assert f"{app.number} 申请延长答复期限 10 个工作日" in html
        step(fzr, app, "extension_decide", {"extension": ext.pk, "approve": "1", "note": "同意"})
        app.refresh_from_db()
        assert app.reply_due == date(2025, 11, 27)
        html = step(cbr, app, "extension", {"working_days": "5", "reason": "再延"})
        assert "只能延长一次" in html or "申请延期" not in html
    with time_machine.travel("2025-10-27 10:00 +0800", tick=False):
        page = cbr.get(f"/workspace/applications/{app.pk}/").content.decode()
        # the clock explanation shows every skipped day and every event
        for text in [
            "2025-10-09（周四）收到补正后的申请",
            "2025-10-11（周六）国庆节调休上班，计为第 2 个工作日",
            "2025-10-12（周日）周日，不计算",
            "2025-10-14（周二）征求第三方意见",
            "延长答复期限 10 个工作日",
            "答复期限：2025-11-27（周四），共计 30 个工作日",
        ]:
            assert text in page, text
        html = step(cbr, app, "draft", {"outcome": "partial", "reasons": "", "provision": "见附件"})
        assert "请填写理由" in html
        step(
            cbr,
            app,
            "draft",
            {
                "outcome": "partial",
                "reasons": "第五条涉及商业秘密，第三方不同意公开。",
                "provision": "见附件",
            },
        )
        preview = falv.get(f"/workspace/applications/{app.pk}/draft.docx")
        assert preview.status_code == 200 and "第五条涉及商业秘密" in _docx_text(preview.content)
        # The 法律顾问 reviews the reply, not the applicant: the name is masked as the lists show it; the 承办人's
        # draft (the letter as it will go out) names the applicant in full.
        assert app.applicant_name not in _docx_text(preview.content)
        assert mask_name(app.applicant_name) in _docx_text(preview.content)
        assert "隐去姓名" in unquote(preview["Content-Disposition"])
        assert app.applicant_name in _docx_text(
            cbr.get(f"/workspace/applications/{app.pk}/draft.docx").content
        )
        html = step(cbr, app, "send")
        assert "不能执行" in html  # not approved yet
        step(cbr, app, "submit_review")
        assert f"{app.number} 答复待法律审核" in falv.get("/workspace/").content.decode()
        assert cbr.post(f"/workspace/applications/{app.pk}/step/review/", {"approve": "1"}).status_code == 403
        html = step(falv, app, "review", {"approve": "0", "comments": ""})
        assert "请写明审核意见" in html
        step(falv, app, "review", {"approve": "0", "comments": "请写明获取途径"})
        app.refresh_from_db()
        assert app.status == Status.PROCESSING
        step(
            cbr,
            app,
            "draft",
            {
                "outcome": "partial",
                "reasons": "第五条涉及商业秘密，第三方不同意公开。",
                "provision": "可公开部分见附件，可在本平台下载。",
            },
        )
        step(cbr, app, "submit_review")
        step(falv, app, "review", {"approve": "1", "comments": "同意"})
        app.refresh_from_db()
        assert app.status == Status.APPROVED
    with time_machine.travel("2025-10-30 10:00 +0800", tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            html = step(cbr, app, "send", {"delivery_note": "网上获取"})
        assert "答复已发出" in html
        app.refresh_from_db()
        assert (
            app.status == Status.REPLIED
            and app.outcome == "partial"
            and app.concluded_on == date(2025, 10, 30)
        )
        assert app.days_used == 10  # 10-10, 10-11, 10-21..24, 10-27..30 (pause 10-13..20 left out)
        reply = app.letters.get(kind="reply")
        assert reply.number == f"{agency_a.short_name}依申答〔2025〕1号"
        docx = cbr.get(f"/workspace/applications/{app.pk}/letters/{reply.pk}.docx")
        text = _docx_text(b"".join(docx.streaming_content))
        for expected in [
            "政府信息公开申请答复告知书",
            "张小明：",
            "2025年9月26日",
            "第三十七条",
            "第五条涉及商业秘密",
            "六十日内",
            "六个月内",
            agency_a.name,
            "2025年10月30日",
        ]:
            assert expected in text, expected
        pdf = cbr.get(f"/workspace/applications/{app.pk}/letters/{reply.pk}.pdf")
        assert pdf["Content-Type"] == "application/pdf"
        pdf_text = "".join(
            p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
        )
        assert "答复告知书" in pdf_text and "商业秘密" in pdf_text and "张小明" in pdf_text
        # the applicant downloads it with the query code
        from django.test import Client

        visitor = Client()
        visitor.post("/apply/status/", {"number": app.number, "code": code})
        status = visitor.get(f"/apply/status/{app.number}/").content.decode()
        assert "已作出答复" in status and "政府信息公开申请答复告知书" in status
        letters = Letter.objects.filter(application=app, kind__in=["reply", "correction", "extension"])
        assert letters.filter(kind="reply").exists()
        for letter in letters:
            assert visitor.get(f"/apply/status/{app.number}/letters/{letter.pk}.pdf").status_code == 200
        # the ledger exports it, applicant masked
        export = cbr.get("/workspace/applications/?export=xlsx")
        rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
        row = next(r for r in rows if r[0] == app.number)
        assert row[3] == "张**" and "张小明" not in str(rows)
        assert "部分公开" in row[12] and row[10] == 10 and row[16] == "10 个工作日"
        step(cbr, app, "archive")
        app.refresh_from_db()
        assert app.status == Status.ARCHIVED
    actions_logged = set(
        AuditEvent.objects.filter(object_id=str(app.pk), object_type="applications.application").values_list(
            "action", flat=True
        )
    )
    assert {
        "applications.submitted",
        "applications.confirmed",
        "applications.correction_requested",
        "applications.corrected",
        "applications.consultation_started",
        "applications.consultation_answered",
        "applications.extension_requested",
        "applications.extension_decided",
        "applications.draft_saved",
        "applications.review_submitted",
        "applications.review_decided",
        "applications.replied",
        "applications.archived",
    } <= actions_logged
    call_command("audit", "verify", stdout=io.StringIO())


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_transfer_moves_the_application_and_restarts_the_clock(agency_a, agency_b, handler_a, handler_b):
    with time_machine.travel("2025-03-05 10:00 +0800", tick=False):
        app = staff_application(agency_a, handler_a, day=date(2025, 3, 3))
        html = step(
            login(handler_a), app, "transfer", {"to_agency": agency_b.pk, "reason": "该信息由财政局制作"}
        )
        app.refresh_from_db()
        assert (
            app.agency == agency_b and app.received_on == date(2025, 3, 5) and app.status == Status.REGISTERED
        )
        assert app.reply_due == date(2025, 4, 2)
        # agency A no longer sees the applicant; the transfer notice was issued by agency A
        assert login(handler_a).get(f"/workspace/applications/{app.pk}/").status_code == 403
        letter = app.letters.get(kind="transfer")
        assert letter.number.startswith(agency_a.short_name)
        assert login(handler_b).get(f"/workspace/applications/{app.pk}/").status_code == 200
        assert html  # redirected to the ledger


def test_fee_notice_pauses_the_clock_until_payment(agency_a, handler_a):
    with time_machine.travel("2025-03-20 10:00 +0800", tick=False):
        app = staff_application(agency_a, handler_a, day=date(2025, 3, 3), accept=True)
        base_due = app.reply_due
        html = step(
            login(handler_a), app, "fee", {"method": "count", "quantity": "5", "payment_method": "转账"}
        )
        assert "本件不收费" in html
        step(
            login(handler_a),
            app,
            "fee",
            {
                "method": "pages",
                "quantity": "120",
                "payment_method": "非税收入缴款码",
                "sent_on": "2025-03-10",
            },
        )
        app.refresh_from_db()
        fee = app.fee
        assert fee.amount == 1100 and fee.pay_due == date(2025, 4, 8)
        assert app.reply_due is None and app.clock_state == "paused"
        html = step(
            login(handler_a), app, "fee", {"method": "count", "quantity": "12", "payment_method": "x"}
        )
        assert app.fee.method == "pages"  # one method per application, never both
        step(login(handler_a), app, "fee_paid", {"paid_on": "2025-03-14", "receipt_number": "PJ-1"})
        app.refresh_from_db()
        assert app.reply_due == services.calendar().add_working_days(base_due, 5)[0]  # 03-10..14 paused


def test_unpaid_fee_ends_as_no_payment(agency_a, handler_a):
    with time_machine.travel("2025-03-10 10:00 +0800", tick=False):
        app = staff_application(agency_a, handler_a, day=date(2025, 3, 3), accept=True)
        actions.issue_fee_notice(app, by=handler_a, method="count", quantity=11, payment_method="缴款码")
    with time_machine.travel("2025-04-07 10:00 +0800", tick=False):
        assert "尚未届满" in step(login(handler_a), app, "end_no_payment")
    with time_machine.travel("2025-04-09 10:00 +0800", tick=False):
        step(login(handler_a), app, "end_no_payment")
        app.refresh_from_db()
        assert app.status == Status.ENDED and app.outcome == "other.no_payment"


def test_no_correction_ends_after_the_stated_date(agency_a, handler_a):
    with time_machine.travel("2025-03-04 10:00 +0800", tick=False):
        app = staff_application(agency_a, handler_a, day=date(2025, 3, 3))
        actions.request_correction(app, by=handler_a, items="写明名称", correction_due=date(2025, 3, 14))
    with time_machine.travel("2025-03-17 10:00 +0800", tick=False):
        html = login(handler_a).get("/workspace/").content.decode()
        assert "补正期限 2025-03-14 已过" in html
        step(login(handler_a), app, "end_no_correction")
        app.refresh_from_db()
        assert app.outcome == "other.no_correction" and app.status == Status.ENDED
        assert app.letters.filter(kind="correction").count() == 1


def test_late_correction_notice_is_warned(agency_a, handler_a):
    with time_machine.travel("2025-03-20 10:00 +0800", tick=False):
        app = staff_application(agency_a, handler_a, day=date(2025, 3, 3))
        html = step(
            login(handler_a), app, "correction", {"items": "写明名称", "correction_due": "2025-04-10"}
        )
        assert "补正通知晚于第三十条规定的期限 2025-03-12" in html


def test_state_machine_refuses_illegal_moves(agency_a, handler_a):
    with time_machine.travel("2025-03-04 10:00 +0800", tick=False):
        app = staff_application(agency_a, handler_a, day=date(2025, 3, 3))
        with pytest.raises(IllegalTransition):
            actions.archive(app, by=handler_a)
        with pytest.raises(IllegalTransition):
            actions.confirm_online(app, by=handler_a)
        with pytest.raises(IllegalTransition):
            actions.save_draft(app, by=handler_a, data={"outcome": "granted", "provision": "x"})
        actions.accept(app, by=handler_a)
        with pytest.raises(Refused):
            actions.save_draft(app, by=handler_a, data={"outcome": "other.no_correction"})
        with pytest.raises(Refused):
            actions.save_draft(
                app, by=handler_a, data={"outcome": "unavailable.unclear_after_correction", "reasons": "x"}
            )
        app.refresh_from_db()
        assert app.status == Status.PROCESSING
        html = step(login(handler_a), app, "confirm")
        assert "不能执行“登记”" in html


def test_reply_must_match_the_approved_draft(agency_a, handler_a, lawyer_a):
    with time_machine.travel("2025-03-04 10:00 +0800", tick=False):
        app = staff_application(agency_a, handler_a, day=date(2025, 3, 3), accept=True)
        actions.save_draft(app, by=handler_a, data={"outcome": "granted", "provision": "见附件"})
        actions.submit_for_legal_review(app, by=handler_a)
        actions.decide_legal_review(app, by=lawyer_a, approve=True)
        actions.reopen_draft(app, by=handler_a)
        actions.save_draft(
            app, by=handler_a, data={"outcome": "unavailable.not_held", "reasons": "经检索没有"}
        )
        with pytest.raises(IllegalTransition):
            actions.send_reply(app, by=handler_a)


def test_not_held_reply_names_the_responsible_organ(agency_a, handler_a, lawyer_a):
    with time_machine.travel("2025-03-04 10:00 +0800", tick=False):
        app = staff_application(agency_a, handler_a, day=date(2025, 3, 3), accept=True)
        actions.save_draft(
            app,
            by=handler_a,
            data={
                "outcome": "unavailable.not_held",
                "reasons": "经检索，本机关未制作该信息。",
                "referral_organ": "某区财政局",
                "referral_contact": "022-1234",
            },
        )
        actions.submit_for_legal_review(app, by=handler_a)
        actions.decide_legal_review(app, by=lawyer_a, approve=True)
        letter = actions.send_reply(app, by=handler_a)
        text = _docx_text(letter.docx.read())
        assert "该政府信息不存在" in text and "某区财政局负责公开，联系方式：022-1234" in text
        assert "第三十六条第（四）项、第（五）项" in text


def test_handling_page_has_unique_ids_and_labelled_fields(agency_a, handler_a):
    with time_machine.travel("2025-03-04 10:00 +0800", tick=False):
        app = staff_application(agency_a, handler_a, day=date(2025, 3, 3), accept=True)
        actions.start_consultation(app, by=handler_a, kind="third_party", party="某公司", subject="合同")
        html = login(handler_a).get(f"/workspace/applications/{app.pk}/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', html):
        if 'type="hidden"' not in html.split(f'id="{field_id}"')[0].rsplit("<", 1)[-1]:
            assert f'for="{field_id}"' in html, field_id
