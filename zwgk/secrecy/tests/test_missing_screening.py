"""Starting a missing screening: a record in 待保密审查 without a (current) screening — it entered review before
the secrecy app was deployed, or the task was lost — is screened from the reviewer's panel."""

import pytest

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.documents import actions
from zwgk.documents import actions as document_actions
from zwgk.documents.tests.helpers import draft
from zwgk.secrecy.models import Screening, ScreeningStatus
from zwgk.secrecy.service import approval_blockers
from zwgk.secrecy.tests.helpers import ID_A, docx_bytes, enter_review_unscreened, make_record, submit
from zwgk.testing import login

pytestmark = pytest.mark.django_db

BUTTON = "开始自动筛查</button>"


def in_review_unscreened(record, capture):
    """In review without a screening (it entered review before the review step was deployed)."""
    enter_review_unscreened(record)
    assert not Screening.objects.for_owner(record).exists()
    return record


def page(client, record):
    return client.get(f"/workspace/secrecy/records/documents.record/{record.pk}/").content.decode()


def start(client, capture, record, **extra):
    with capture(execute=True):
        return client.post(f"/workspace/secrecy/records/documents.record/{record.pk}/screen", extra)


@pytest.fixture
def unscreened(agency_a, django_capture_on_commit_callbacks):
    record = make_record(
        agency_a,
        f"申请人张小明，身份证号码 {ID_A}。",
        [("通知.docx", docx_bytes([["请各单位按时报送材料。"]]))],
    )
    return in_review_unscreened(record, django_capture_on_commit_callbacks)


def test_reviewer_starts_the_missing_screening_then_resolves_and_approves(
    unscreened, reviewer_a, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assert any("尚未完成自动筛查" in r for r in approval_blockers(unscreened))
    client = login(reviewer_a)
    assert BUTTON in page(client, unscreened)

    response = start(client, capture, unscreened, next="/workspace/secrecy/")
    assert response.status_code == 302 and response["Location"] == "/workspace/secrecy/"
    screenings = Screening.objects.for_owner(unscreened)
    assert sorted(s.label for s in screenings) == ["正文", "通知.docx"]
    assert all(s.status == ScreeningStatus.DONE for s in screenings)
    event = AuditEvent.objects.get(action="secrecy.screening_started")
    assert event.actor == reviewer_a and event.agency_id == unscreened.agency_id
    assert "正文" in event.summary and "通知.docx" in event.summary
    assert BUTTON not in page(client, unscreened)

    reasons = approval_blockers(unscreened)
    assert not any("尚未完成自动筛查" in r for r in reasons) and any("正文有" in r for r in reasons)
    body = screenings.get(kind="body")
    with capture(execute=True):
        client.post(f"/workspace/secrecy/screenings/{body.pk}/mask-all", {})
    for finding in body.findings.open_blocking():
        client.post(
            f"/workspace/secrecy/findings/{finding.pk}/resolve",
            {"action": "false_positive", "reason": "公示对象姓名依规定公开"},
        )
    unscreened.refresh_from_db()  # the body was masked
    assert approval_blockers(unscreened) == []
    document_actions.approve_review(unscreened, by=reviewer_a, note="已审查正文和全部附件。")


def test_only_the_agencys_reviewer_may_start_it(
    unscreened, drafter_a, staff_b, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    drafter = login(drafter_a)
    assert BUTTON not in page(drafter, unscreened)  # sees the panel, not the button
    assert start(drafter, capture, unscreened).status_code == 403
    assert start(login(staff_b), capture, unscreened).status_code == 403
    assert not Screening.objects.exists()
    assert not AuditEvent.objects.filter(action="secrecy.screening_started").exists()


def test_bad_addresses_are_not_found(unscreened, reviewer_a):
    client = login(reviewer_a)
    for label, object_id in [
        ("documents.record", "abc"),
        ("documents.record", "999999"),
        ("documents.attachment", "1"),
        ("nosuch.model", "1"),
    ]:
        url = f"/workspace/secrecy/records/{label}/{object_id}/"
        assert client.get(url).status_code == 404
        assert client.post(f"{url}screen").status_code == 404
    assert (
        client.get(f"/workspace/secrecy/records/documents.record/{unscreened.pk}/screen").status_code == 405
    )


def test_a_record_not_in_review_is_refused(agency_a, reviewer_a, django_capture_on_commit_callbacks):
    record = make_record(agency_a, f"身份证号码 {ID_A}")
    client = login(reviewer_a)
    assert BUTTON not in page(client, record)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/workspace/secrecy/records/documents.record/{record.pk}/screen", follow=True)
    assert "该信息当前不在保密审查阶段，不能开始自动筛查。" in response.content.decode()
    assert not Screening.objects.exists()
    assert not AuditEvent.objects.filter(action="secrecy.screening_started").exists()


def test_only_subjects_without_a_current_screening_are_screened(
    agency_a, reviewer_a, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    record = make_record(agency_a, "正文无个人信息。", [("通知.docx", docx_bytes([["请按时报送。"]]))])
    with capture(execute=True):
        submit(record)
    attachment_done = Screening.objects.get(label="通知.docx").finished_at
    client = login(reviewer_a)
    assert BUTTON not in page(client, record)
    refused = start(client, capture, record)
    assert refused.status_code == 302
    assert not AuditEvent.objects.filter(action="secrecy.screening_started").exists()

    # The body changes without the hook running (a lost task): its screening is stale.
    record.body += f"\n申请人身份证号码 {ID_A}。"
    record.save()
    assert BUTTON in page(client, record)
    start(client, capture, record)
    assert Screening.objects.get(label="正文").findings.open_blocking().filter(category="id_card").exists()
    assert Screening.objects.get(label="通知.docx").finished_at == attachment_done  # not screened again
    assert AuditEvent.objects.get(action="secrecy.screening_started").after == {"subjects": 1}


def test_a_record_in_review_without_screening_is_screened_from_its_own_page(
    agency_a, drafter_a, reviewer_a, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    record = enter_review_unscreened(draft(agency_a, drafter_a))
    with pytest.raises(Refused):
        actions.approve_review(record, by=reviewer_a, note="已审查。")
    client = login(reviewer_a)
    detail = f"/workspace/documents/{record.pk}/"
    assert BUTTON in client.get(detail).content.decode()
    with capture(execute=True):
        response = client.post(
            f"/workspace/secrecy/records/documents.record/{record.pk}/screen", {"next": detail}
        )
    assert response["Location"] == detail
    assert Screening.objects.for_owner(record).get().status == ScreeningStatus.DONE
    assert BUTTON not in client.get(detail).content.decode()
    actions.approve_review(record, by=reviewer_a, note="已审查正文，不涉密。")
