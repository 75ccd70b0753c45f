"""Staff curate FAQs: drafting, publishing, withdrawing (state machine), permissions by agency, audit, inbox."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import IllegalTransition
from zwgk.qa import actions
from zwgk.qa.models import Faq, FaqStatus
from zwgk.search.models import SearchEntry
from zwgk.search.service import search
from zwgk.testing import login, make_faq

pytestmark = pytest.mark.django_db

FORM = {
    "topic": "birth",
    "question": "生育津贴怎么领取？",
    "variants": "产假工资谁发",
    "answer": "由用人单位申领。",
    "review_due": "2026-12-31",
    "src-TOTAL_FORMS": "2",
    "src-INITIAL_FORMS": "0",
    "src-MIN_NUM_FORMS": "0",
    "src-MAX_NUM_FORMS": "10",
    "src-0-title": "中华人民共和国社会保险法",
    "src-0-article": "第五十六条",
    "src-0-url": "",
    "src-0-doc_number": "",
}


def test_drafter_creates_signer_publishes_and_search_follows(
    drafter_a, signer_a, agency_a, django_capture_on_commit_callbacks
):
    response = login(drafter_a).post("/workspace/qa/faqs/new/", {**FORM, "agency": agency_a.pk})
    assert response.status_code == 302
    faq = Faq.objects.get()
    assert faq.status == FaqStatus.DRAFT and faq.sources.get().article == "第五十六条"
    assert (
        login(drafter_a).post(f"/workspace/qa/faqs/{faq.pk}/status/", {"to": "published"}).status_code == 403
    )
    with django_capture_on_commit_callbacks(execute=True):
        login(signer_a).post(f"/workspace/qa/faqs/{faq.pk}/status/", {"to": "published"})
    faq.refresh_from_db()
    assert faq.status == FaqStatus.PUBLISHED and faq.published_at is not None
    assert search("生育津贴").results[0].entry.url == f"/qa/faq/{faq.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        login(signer_a).post(f"/workspace/qa/faqs/{faq.pk}/status/", {"to": "withdrawn"})
    assert not SearchEntry.objects.exists()
    assert search("生育津贴").total == 0
    assert {"qa.faq_created", "qa.faq_published", "qa.faq_withdrawn"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


def test_illegal_transition_is_refused(agency_a, gkb):
    faq = make_faq(agency_a, status=FaqStatus.DRAFT, published_at=None)
    with pytest.raises(IllegalTransition):
        actions.change_status(faq, FaqStatus.WITHDRAWN, by=gkb)


def test_staff_of_another_agency_cannot_edit_or_see(agency_a, staff_b):
    faq = make_faq(agency_a)
    assert login(staff_b).get(f"/workspace/qa/faqs/{faq.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        actions.save_faq(faq, {"answer": "改"}, [], by=staff_b)


def test_drafter_cannot_change_a_published_answer(agency_a, drafter_a):
    faq = make_faq(agency_a)
    with pytest.raises(PermissionDenied):
        actions.save_faq(faq, {"answer": "改"}, [], by=drafter_a)


def test_form_errors_keep_input(drafter_a, agency_a):
    response = login(drafter_a).post(
        "/workspace/qa/faqs/new/",
        {**FORM, "agency": agency_a.pk, "question": "社保", "src-0-url": "javascript:x"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "问题太短" in html and "由用人单位申领。" in html
    assert not Faq.objects.exists()


def test_unpublished_faq_is_not_public(client, agency_a):
    draft = make_faq(agency_a, "草稿问题还没有发布吗？", status=FaqStatus.DRAFT, published_at=None)
    assert client.get(f"/qa/faq/{draft.pk}/").status_code == 404
    published = make_faq(agency_a, "生育登记怎么办理？")
    assert client.get(f"/qa/faq/{published.pk}/").status_code == 200
    html = client.get("/qa/").content.decode()
    assert "生育登记怎么办理？" in html and "草稿问题还没有发布吗" not in html
    sitemap = client.get("/sitemap-faqs.xml").content.decode()
    assert f"/qa/faq/{published.pk}/" in sitemap and f"/qa/faq/{draft.pk}/" not in sitemap
    assert "/qa/</loc>" in sitemap


@time_machine.travel(date(2027, 1, 5))
def test_review_due_answers_appear_on_the_workbench(agency_a, admin_a):
    make_faq(agency_a, review_due=date(2027, 1, 1))
    html = login(admin_a).get("/workspace/").content.decode()
    assert "复核政策问答" in html


def test_faq_list_filters_and_exports(agency_a, admin_a):
    make_faq(agency_a)
    staff = login(admin_a)
    assert (
        "灵活就业人员怎么交社保"
        in staff.get("/workspace/qa/faqs/", {"topic": "social_security"}).content.decode()
    )
    assert staff.get("/workspace/qa/faqs/", {"export": "xlsx"}).status_code == 200
