"""Need-to-know (issue 13): the original body and attachments of a record in review are read by its drafter, the
unit's 保密审查员 and 审签人 and the unit's administrator only — fgw_cbr (依申请承办人) downloaded the original
attachment of a record in 保密审查 while the findings page was 403 for him."""

import pytest
import time_machine

from zwgk.documents import actions
from zwgk.documents.tests.helpers import docx_bytes, draft
from zwgk.secrecy.actions import resolve_finding
from zwgk.secrecy.models import Finding, Resolution
from zwgk.testing import login

pytestmark = pytest.mark.django_db
SECRET = "身份证号120110198001011234"


@pytest.fixture
def in_review(agency_a, drafter_a):
    with time_machine.travel("2025-03-05 10:00:00+08:00", tick=False):
        record = draft(agency_a, drafter_a, body=f"申请人张三，{SECRET}。")
        attachment = actions.add_attachment(
            record, docx_bytes(f"名单：张三 {SECRET}"), "名单.docx", by=drafter_a
        )
        actions.submit(record, by=drafter_a)
    return record, attachment


def _confirm_findings(reviewer) -> None:
    """Submitting screened the ID-like number (a blocking finding): the reviewer decides it may stay."""
    for finding in Finding.objects.current().filter(resolution=Resolution.OPEN):
        resolve_finding(finding, Resolution.CONFIRMED, by=reviewer, reason="本人同意公开")


def _sees(user, record, attachment) -> tuple[int, int, bool]:
    client = login(user)
    original = client.get(f"/workspace/documents/attachments/{attachment.pk}/").status_code
    copy = client.get(f"/workspace/documents/attachments/{attachment.pk}/?copy=public").status_code
    page = client.get(f"/workspace/documents/{record.pk}/")
    return original, copy, SECRET in page.content.decode()


def test_only_the_review_chain_reads_the_original_of_a_record_in_review(
    in_review, drafter_a, reviewer_a, signer_a, admin_a, handler_a, head_a, lawyer_a, gkb, supervisor
):
    record, attachment = in_review
    for insider in (drafter_a, reviewer_a, signer_a, admin_a):
        assert _sees(insider, record, attachment) == (200, 200, True), insider.username
    for outsider in (handler_a, head_a, lawyer_a, gkb, supervisor):
        assert _sees(outsider, record, attachment) == (403, 403, False), outsider.username
        # …but the record itself (its metadata and history) stays visible to them.
        assert login(outsider).get(f"/workspace/documents/{record.pk}/").status_code == 200


def test_the_unit_s_other_drafters_see_drafts_but_not_a_record_in_review(in_review, agency_a):
    from zwgk.accounts.roles import Role
    from zwgk.testing import make_user

    record, attachment = in_review
    colleague = make_user("colleague", [(agency_a, Role.DRAFTER)])
    assert _sees(colleague, record, attachment)[0] == 403
    fresh = draft(agency_a, colleague)
    assert (
        login(make_user("colleague2", [(agency_a, Role.DRAFTER)]))
        .get(f"/workspace/documents/{fresh.pk}/")
        .status_code
        == 200
    )


def test_once_published_every_staff_member_of_the_unit_reads_it(
    in_review, drafter_a, reviewer_a, signer_a, handler_a
):
    record, attachment = in_review
    with time_machine.travel("2025-03-06 10:00:00+08:00", tick=False):
        _confirm_findings(reviewer_a)
        actions.approve_review(record, by=reviewer_a, note="已审查")
        actions.sign(record, by=signer_a, note="同意")
    assert _sees(handler_a, record, attachment)[:2] == (200, 200)


def test_a_filed_record_stays_need_to_know(agency_a, drafter_a, reviewer_a, signer_a, handler_a):
    with time_machine.travel("2025-03-05 10:00:00+08:00", tick=False):
        record = draft(
            agency_a,
            drafter_a,
            openness="withheld",
            legal_ground="third_party",
            openness_reason="涉及个人隐私",
            statutory_category="",
            body=SECRET,
        )
        attachment = actions.add_attachment(record, docx_bytes(SECRET), "名单.docx", by=drafter_a)
        actions.submit(record, by=drafter_a)
        _confirm_findings(reviewer_a)
        actions.approve_review(record, by=reviewer_a, note="已审查")
        actions.sign(record, by=signer_a, note="同意")
    assert _sees(handler_a, record, attachment) == (403, 403, False)
    assert _sees(signer_a, record, attachment) == (200, 200, True)
