"""依申请公开 replies pass the same 保密审查 screening as what is published (Art 17): the reply's text and its file are
screened when it goes to legal review, and it cannot be sent while a blocking finding is unresolved."""

import io
from datetime import date

import docx
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from zwgk.accounts.roles import Role
from zwgk.applications import actions
from zwgk.applications.models import Status
from zwgk.applications.tests.factories import staff_application
from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.extract import extract
from zwgk.screening.tests.factories import id18
from zwgk.secrecy.models import Finding, Resolution, Screening
from zwgk.testing import login, make_user

pytestmark = pytest.mark.django_db
NOW = "2025-03-10 10:00 +0800"
THIRD_PARTY_ID = id18(seq="246")  # a valid ID number of someone other than the applicant
MASKED_ID = f"{THIRD_PARTY_ID[:4]}**********{THIRD_PARTY_ID[-4:]}"


def docx_upload(*paragraphs: str, name: str = "项目补贴名单.docx") -> SimpleUploadedFile:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def approved_reply(agency, handler, lawyer, *, data=None, attachment=None):
    """An application whose reply passed legal review (screened when it was submitted)."""
    app = staff_application(agency, handler, day=date(2025, 3, 3), accept=True)
    actions.save_draft(
        app,
        by=handler,
        data=data or {"outcome": "granted", "provision": "见附件，电子邮件发送。"},
        attachment=attachment,
    )
    assert not Screening.objects.exists()  # a draft reply is not screened yet
    actions.submit_for_legal_review(app, by=handler)
    actions.decide_legal_review(app, by=lawyer, approve=True)
    app.refresh_from_db()
    return app


@time_machine.travel(NOW, tick=False)
def test_reply_with_an_id_number_in_its_attachment_cannot_be_sent_until_resolved(
    agency_a, handler_a, lawyer_a, django_capture_on_commit_callbacks
):
    upload = docx_upload("项目补贴名单", f"王大伟 身份证号 {THIRD_PARTY_ID} 补贴 1200 元")
    app = approved_reply(agency_a, handler_a, lawyer_a, attachment=upload)
    screening = Screening.objects.get(reply=app.reply, kind="attachment")
    assert screening.findings.open_blocking().filter(category="id_card", text=THIRD_PARTY_ID).exists()

    with pytest.raises(Refused) as refused:
        actions.send_reply(app, by=handler_a)
    assert refused.value.problems and "附件《项目补贴名单.docx》" in refused.value.problems[0]
    assert "身份证号" in refused.value.problems[0] and THIRD_PARTY_ID not in " ".join(refused.value.problems)
    app.refresh_from_db()
    assert app.status == Status.APPROVED and not app.letters.exists()

    # The handler sees the findings on the application page, and the send button refuses with them named.
    handler = login(handler_a)
    page = f"/workspace/applications/{app.pk}/"
    html = handler.get(page).content.decode()
    assert "保密审查 · 自动筛查结果" in html and "以下问题处理完毕前不能发出答复" in html
    assert f"<mark>{THIRD_PARTY_ID}</mark>" in html
    review_page = f"/workspace/secrecy/records/applications.reply/{app.reply.pk}/"
    assert THIRD_PARTY_ID in handler.get(review_page).content.decode()
    assert review_page in handler.get("/workspace/").content.decode()  # the handler's 工作台 task
    html = handler.post(f"{page}step/send/", {"sent_on": "2025-03-10"}, follow=True).content.decode()
    assert "尚有未处理的保密审查问题，暂不能发出" in html
    app.refresh_from_db()
    assert app.status == Status.APPROVED

    # Masking rewrites the reply's file; the new file is screened after commit and the reply goes out.
    with django_capture_on_commit_callbacks(execute=True):
        handler.post(f"/workspace/secrecy/screenings/{screening.pk}/mask-all", {"next": page})
    app.refresh_from_db()
    with app.reply.attachment.open("rb") as handle:
        sent_text = extract(handle.read(), "项目补贴名单.docx").text
    assert THIRD_PARTY_ID not in sent_text and MASKED_ID in sent_text
    assert not Finding.objects.open_blocking().filter(screening__reply=app.reply).exists()
    letter = actions.send_reply(app, by=handler_a)
    app.refresh_from_db()
    assert app.status == Status.REPLIED and letter.kind == "reply"
    assert AuditEvent.objects.filter(action="applications.reply_file_redacted").exists()
    for event in AuditEvent.objects.all():
        assert THIRD_PARTY_ID not in f"{event.summary}{event.before}{event.after}"


@time_machine.travel(NOW, tick=False)
def test_the_applicants_own_data_is_expected_in_their_reply(agency_a, handler_a, lawyer_a):
    # The applicant (factories.applicant: 张小明, 13800001234, 11010519491231002X) is named in their own reply;
    # a third person's mobile number is not theirs to receive.
    reasons = "申请人张小明（身份证号码 11010519491231002X，电话 13800001234）申请的信息，经办人联系电话 13912345678。"
    app = approved_reply(
        agency_a, handler_a, lawyer_a, data={"outcome": "unavailable.not_held", "reasons": reasons}
    )
    found = {(f.category, f.text) for f in Finding.objects.filter(screening__reply=app.reply)}
    assert ("mobile", "13912345678") in found
    assert not any(text in ("张小明", "11010519491231002X", "13800001234") for _, text in found)


@time_machine.travel(NOW, tick=False)
def test_reply_text_masking_keeps_the_approved_reply_sendable(
    agency_a, handler_a, lawyer_a, django_capture_on_commit_callbacks
):
    app = approved_reply(
        agency_a,
        handler_a,
        lawyer_a,
        data={"outcome": "unavailable.not_held", "reasons": f"经检索未制作。经办人身份证 {THIRD_PARTY_ID}。"},
    )
    finding = Finding.objects.get(screening__reply=app.reply, category="id_card")
    with django_capture_on_commit_callbacks(execute=True):
        login(handler_a).post(f"/workspace/secrecy/findings/{finding.pk}/resolve", {"action": "mask"})
    app.reply.refresh_from_db()
    assert app.reply.reasons == f"经检索未制作。经办人身份证 {MASKED_ID}。"
    # the legal review's snapshot follows the masking, so the approved reply is still the one sent
    letter = actions.send_reply(app, by=handler_a)
    assert MASKED_ID in "".join(p.text for p in docx.Document(io.BytesIO(letter.docx.read())).paragraphs)


@time_machine.travel(NOW, tick=False)
def test_only_the_handler_or_secrecy_reviewer_sees_and_resolves_reply_findings(
    agency_a, handler_a, lawyer_a, drafter_a, reviewer_a, handler_b
):
    upload = docx_upload(f"王大伟 身份证号 {THIRD_PARTY_ID}")
    app = approved_reply(agency_a, handler_a, lawyer_a, attachment=upload)
    finding = Finding.objects.get(screening__reply=app.reply, category="id_card")
    url = f"/workspace/secrecy/findings/{finding.pk}/resolve"
    # the documents' 信息员 and the other agency's handler do not see the applicant's reply findings
    assert login(drafter_a).post(url, {"action": "false_positive"}).status_code == 404
    assert login(handler_b).post(url, {"action": "false_positive"}).status_code == 404
    office_head = make_user("head_reply", [(agency_a, Role.OFFICE_HEAD)])
    assert (
        login(office_head).post(url, {"action": "false_positive"}).status_code == 403
    )  # sees, may not resolve
    listing = login(reviewer_a).get("/workspace/secrecy/?state=open").content.decode()
    assert f"/workspace/secrecy/records/applications.reply/{app.reply.pk}/" in listing
    assert (
        f"applications.reply/{app.reply.pk}/"
        not in login(drafter_a).get("/workspace/secrecy/?state=all").content.decode()
    )
    login(reviewer_a).post(url, {"action": "confirmed", "reason": "名单已依法公示，本人同意"})
    finding.refresh_from_db()
    assert finding.resolution == Resolution.CONFIRMED and finding.resolved_by == reviewer_a
    actions.send_reply(app, by=handler_a)
