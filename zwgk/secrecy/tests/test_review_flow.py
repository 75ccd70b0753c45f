"""The 保密审查 step end to end: screening on entering review, blocking approval, resolving, masking."""

import pytest

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.documents import actions as document_actions
from zwgk.extract import extract
from zwgk.secrecy.models import Finding, Resolution, Screening, ScreeningStatus
from zwgk.secrecy.service import approval_blockers, request_screening
from zwgk.secrecy.tests.helpers import (
    ID_A,
    ID_B,
    MOBILE,
    docx_bytes,
    make_record,
    pdf_bytes,
    raw_attachment,
    xlsx_bytes,
)
from zwgk.secrecy.tests.helpers import submit as enter_review
from zwgk.testing import drafter_of, login

pytestmark = pytest.mark.django_db

BODY = (
    "津东发改〔2022〕12号\n关于2022年耕地地力保护补贴发放情况的公示\n"
    f"申请人张小明，身份证号码 {ID_A}，联系电话 {MOBILE}。\n"
    "咨询电话：{phone}。补贴资金共计1,380,000.00元。\n"
)


def submit(record, capture):
    with capture(execute=True):
        enter_review(record)


def post(client, capture, url, data):
    with capture(execute=True):
        return client.post(url, data)


@pytest.fixture
def record(agency_a):
    body = BODY.format(phone=agency_a.phone)
    attachments = [
        ("补贴名单.docx", docx_bytes([["赤土村补贴名单"], ["户主身份证：", ID_B[:9], ID_B[9:]]])),
        ("名单.xlsx", xlsx_bytes([["姓名", "村别", "金额"], ["李四", "赤土村", 1200]])),
    ]
    return make_record(agency_a, body, attachments)


def test_entering_review_screens_body_and_every_attachment(record, django_capture_on_commit_callbacks):
    submit(record, django_capture_on_commit_callbacks)
    screenings = Screening.objects.for_owner(record)
    assert sorted(s.label for s in screenings) == ["名单.xlsx", "正文", "补贴名单.docx"]
    assert all(s.status == ScreeningStatus.DONE for s in screenings)
    body = screenings.get(kind="body")
    found = {(f.category, f.text) for f in body.findings.all()}
    assert ("id_card", ID_A) in found and ("mobile", MOBILE) in found and ("person_name", "张小明") in found
    # the agency's own published number and the amount are not findings
    assert not any(f.category == "landline" for f in body.findings.all())
    assert ("id_card", ID_B) in {
        (f.category, f.text) for f in screenings.get(label="补贴名单.docx").findings.all()
    }
    assert ("person_name", "李四") in {
        (f.category, f.text) for f in screenings.get(label="名单.xlsx").findings.all()
    }


def test_approval_is_impossible_while_a_block_finding_is_unresolved(
    record, reviewer_a, django_capture_on_commit_callbacks
):
    submit(record, django_capture_on_commit_callbacks)
    with pytest.raises(Refused) as refused:
        document_actions.approve_review(record, by=reviewer_a, note="已审查正文和全部附件。")
    text = "\n".join(refused.value.problems)
    assert "正文有 3 处须处理的敏感信息" in text and "附件《补贴名单.docx》" in text
    assert ID_A not in text  # reasons never repeat the personal data


def test_reviewer_masks_confirms_and_marks_false_positive_then_approval_passes(
    record, reviewer_a, django_capture_on_commit_callbacks
):
    submit(record, django_capture_on_commit_callbacks)
    client = login(reviewer_a)
    body = Screening.objects.get(label="正文")
    id_finding = body.findings.get(category="id_card")
    response = post(
        client,
        django_capture_on_commit_callbacks,
        f"/workspace/secrecy/findings/{id_finding.pk}/resolve",
        {"action": "mask", "next": "/workspace/secrecy/"},
    )
    assert response.status_code == 302 and response["Location"] == "/workspace/secrecy/"
    record.refresh_from_db()
    assert ID_A not in record.body and f"{ID_A[:4]}**********{ID_A[-4:]}" in record.body
    # the body was re-screened after the redaction; the masked finding is kept as history
    body.refresh_from_db()
    assert not body.findings.current().filter(category="id_card").exists()
    history = body.findings.get(category="id_card", is_current=False)
    assert history.resolution == Resolution.MASKED
    assert (
        ID_A not in f"{history.text}{history.context_before}{history.context_after}"
    )  # not kept after masking

    mobile = body.findings.current().get(category="mobile")
    refused = post(
        client,
        django_capture_on_commit_callbacks,
        f"/workspace/secrecy/findings/{mobile.pk}/resolve",
        {"action": "confirmed", "reason": ""},
    )
    assert refused.status_code == 302
    mobile.refresh_from_db()
    assert mobile.resolution == Resolution.OPEN  # a confirmation needs a reason
    post(
        client,
        django_capture_on_commit_callbacks,
        f"/workspace/secrecy/findings/{mobile.pk}/resolve",
        {"action": "confirmed", "reason": "本人书面同意公开联系电话"},
    )
    name = body.findings.current().get(category="person_name")
    post(
        client,
        django_capture_on_commit_callbacks,
        f"/workspace/secrecy/findings/{name.pk}/resolve",
        {"action": "false_positive", "reason": "公示对象姓名依规定公开"},
    )
    for screening in Screening.objects.exclude(label="正文"):
        post(
            client,
            django_capture_on_commit_callbacks,
            f"/workspace/secrecy/screenings/{screening.pk}/mask-all",
            {},
        )
    assert approval_blockers(record) == []
    document_actions.approve_review(record, by=reviewer_a, note="已审查正文和全部附件。")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "secrecy.finding_masked",
        "secrecy.finding_confirmed",
        "secrecy.finding_false_positive",
        "secrecy.screened",
        "documents.body_redacted",
        "documents.attachment_redacted",
    } <= actions
    for event in AuditEvent.objects.all():
        assert ID_A not in f"{event.summary}{event.before}{event.after}"


def test_attachment_masking_really_removes_the_text(record, reviewer_a, django_capture_on_commit_callbacks):
    submit(record, django_capture_on_commit_callbacks)
    screening = Screening.objects.get(label="补贴名单.docx")
    post(
        login(reviewer_a),
        django_capture_on_commit_callbacks,
        f"/workspace/secrecy/screenings/{screening.pk}/mask-all",
        {},
    )
    attachment = screening.attachment
    with attachment.file.open("rb") as handle:
        text = extract(handle.read(), attachment.filename).text
    assert ID_B not in text and f"{ID_B[:4]}**********{ID_B[-4:]}" in text


def test_pdf_attachment_text_is_really_removed_and_verified(
    agency_a, reviewer_a, django_capture_on_commit_callbacks
):
    record = make_record(
        agency_a, "正文无个人信息。", [("名单.pdf", pdf_bytes([f"张三 身份证 {ID_A} 电话 {MOBILE}"]))]
    )
    submit(record, django_capture_on_commit_callbacks)
    screening = Screening.objects.get(label="名单.pdf")
    assert {f.category for f in screening.findings.all()} >= {"id_card", "mobile"}
    post(
        login(reviewer_a),
        django_capture_on_commit_callbacks,
        f"/workspace/secrecy/screenings/{screening.pk}/mask-all",
        {},
    )
    attachment = record.attachments.get()
    assert attachment.filename == "名单.pdf"  # glyphs removed in place, layout kept
    with attachment.file.open("rb") as handle:
        text = extract(handle.read(), attachment.filename).text
    assert ID_A not in text.replace(" ", "") and MOBILE not in text.replace(" ", "")
    assert f"{ID_A[:4]}**********{ID_A[-4:]}" in text and "139****5678" in text


def test_warnings_do_not_block(agency_a, reviewer_a, django_capture_on_commit_callbacks):
    record = make_record(agency_a, "统一社会信用代码91350100M000100Y43，会议纪要见附件。")
    submit(record, django_capture_on_commit_callbacks)
    assert {f.category for f in Finding.objects.all()} == {"uscc", "sensitive_term"}
    assert approval_blockers(record) == []


def test_editing_the_body_in_review_makes_the_screening_stale_until_rescreened(
    record, reviewer_a, django_capture_on_commit_callbacks
):
    submit(record, django_capture_on_commit_callbacks)
    record.body += "\n新增：李大明，男，45岁。"
    record.save()
    assert any("尚未完成自动筛查" in r for r in approval_blockers(record))
    with django_capture_on_commit_callbacks(execute=True):
        request_screening(record)
    assert Finding.objects.filter(text="李大明", category="person_name").exists()


def test_confirmations_carry_over_to_a_rescreening(record, reviewer_a, django_capture_on_commit_callbacks):
    submit(record, django_capture_on_commit_callbacks)
    mobile = Finding.objects.get(category="mobile")
    from zwgk.secrecy.actions import resolve_finding

    resolve_finding(mobile, Resolution.CONFIRMED, by=reviewer_a, reason="公开的办事电话")
    record.body += "\n（补充）"
    record.save()
    with django_capture_on_commit_callbacks(execute=True):
        request_screening(record)
    again = Finding.objects.get(category="mobile", is_current=True)
    assert again.pk != mobile.pk and again.resolution == Resolution.CONFIRMED


def test_only_the_agencys_reviewer_resolves_and_other_agencies_see_nothing(
    record, drafter_a, staff_b, django_capture_on_commit_callbacks
):
    submit(record, django_capture_on_commit_callbacks)
    finding = Finding.objects.filter(category="id_card").first()
    url = f"/workspace/secrecy/findings/{finding.pk}/resolve"
    assert login(staff_b).post(url, {"action": "false_positive"}).status_code == 404
    assert login(staff_b).get(f"/workspace/secrecy/records/documents.record/{record.pk}/").status_code == 403
    assert login(drafter_a).post(url, {"action": "false_positive"}).status_code == 403
    # Need-to-know: the record's own 信息员 sees the findings (and may not resolve them); another 信息员 of the
    # unit does not see the findings of a record in review.
    own = login(drafter_of(record.agency))
    assert own.post(url, {"action": "false_positive"}).status_code == 403
    page = own.get(f"/workspace/secrecy/records/documents.record/{record.pk}/")
    assert page.status_code == 200 and "待保密审查员处理" in page.content.decode()
    assert (
        login(drafter_a).get(f"/workspace/secrecy/records/documents.record/{record.pk}/").status_code == 403
    )
    finding.refresh_from_db()
    assert finding.resolution == Resolution.OPEN


def test_panel_highlights_findings_in_escaped_context(
    agency_a, reviewer_a, django_capture_on_commit_callbacks
):
    record = make_record(agency_a, f"<script>alert(1)</script>患者王小红，女，35岁，手机{MOBILE}")
    submit(record, django_capture_on_commit_callbacks)
    html = login(reviewer_a).get(f"/workspace/secrecy/records/documents.record/{record.pk}/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert f"<mark>{MOBILE}</mark>" in html and "<mark>王小红</mark>" in html
    assert "138****5678" not in html and "139****5678" in html


def test_unreadable_attachment_blocks_until_a_reviewer_confirms_manual_review(
    agency_a, reviewer_a, django_capture_on_commit_callbacks
):
    record = make_record(agency_a, "正文。", [])
    raw_attachment(record, "扫描件.pdf", b"%PDF-1.7\n garbage")
    submit(record, django_capture_on_commit_callbacks)
    screening = Screening.objects.get(label="扫描件.pdf")
    assert screening.status == ScreeningStatus.FAILED and "PDF" in screening.error
    assert any("无法自动筛查" in r for r in approval_blockers(record))
    finding = screening.findings.get(category="unscreenable")
    post(
        login(reviewer_a),
        django_capture_on_commit_callbacks,
        f"/workspace/secrecy/findings/{finding.pk}/resolve",
        {"action": "confirmed", "reason": "已人工逐页审查，无敏感信息"},
    )
    assert approval_blockers(record) == []


def test_panel_counts_open_warnings_honestly_and_prints_each_blocker_once(
    agency_a, reviewer_a, django_capture_on_commit_callbacks
):
    # A landline other than the agency's is a warning (an ID-like number now blocks: test_id_like_blocks).
    record = make_record(agency_a, f"办公电话 0898-65231234，联系人手机 {MOBILE}。")
    submit(record, django_capture_on_commit_callbacks)
    client = login(reviewer_a)
    page = f"/workspace/secrecy/records/documents.record/{record.pk}/"
    html = client.get(page).content.decode()
    assert html.count("有 1 处须处理的敏感信息尚未处理") == 1
    mobile = Finding.objects.get(category="mobile")
    post(
        client,
        django_capture_on_commit_callbacks,
        f"/workspace/secrecy/findings/{mobile.pk}/resolve",
        {"action": "false_positive"},
    )
    assert approval_blockers(record) == []
    html = client.get(page).content.decode()
    # the unresolved landline does not block, but the panel must not say nothing was found
    assert Finding.objects.filter(category="landline", resolution=Resolution.OPEN).exists()
    assert "自动筛查未发现须处理的问题（" not in html
    assert "有 1 处提示尚未处理" in html and "其中 1 处未处理：固定电话号码 1 处" in html
    warning = Finding.objects.get(category="landline")
    post(
        client,
        django_capture_on_commit_callbacks,
        f"/workspace/secrecy/findings/{warning.pk}/resolve",
        {"action": "false_positive"},
    )
    html = client.get(page).content.decode()
    assert "自动筛查未发现须处理的问题（仍须人工审查全文）" in html and "均已处理" in html
