"""The plug-in points the screening app uses: review-started hooks, approval blockers, review panels."""

import pytest
import time_machine

from zwgk.documents import actions, review
from zwgk.documents.tests.helpers import docx_bytes, draft
from zwgk.testing import login

pytestmark = pytest.mark.django_db
NOW = "2025-04-01 10:00:00+08:00"


@pytest.fixture
def hooks():
    started: list[int] = []
    reasons: list[str] = []

    def on_started(record_id):
        started.append(record_id)

    def blocker(record):
        return list(reasons)

    def panel_context(request, record):
        return {"finding_count": len(reasons)}

    review.register_review_started(on_started)
    review.register_approval_blocker(blocker)
    review.register_review_panel("documents/tests/fake_panel.html", panel_context)
    yield started, reasons
    review.unregister(on_started)
    review.unregister(blocker)
    review.unregister(panel_context)


@time_machine.travel(NOW, tick=False)
def test_review_started_runs_after_commit_and_again_after_redaction(
    hooks, agency_a, drafter_a, reviewer_a, django_capture_on_commit_callbacks
):
    started, _ = hooks
    record = draft(agency_a, drafter_a)
    attachment = actions.add_attachment(record, docx_bytes("张三 13812345678"), "名单.docx", by=drafter_a)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        actions.submit(record, by=drafter_a)
    assert started == [] and pending
    for callback in pending:
        callback()
    assert started == [record.pk]
    with django_capture_on_commit_callbacks(execute=True):
        actions.replace_attachment(
            attachment, docx_bytes("张* 138****5678"), "名单.docx", by=reviewer_a, reason="遮盖"
        )
        actions.replace_body(record, "新正文", by=reviewer_a, reason="删除手机号")
    assert started == [record.pk] * 3


@time_machine.travel(NOW, tick=False)
def test_blocker_refuses_approval_and_reviewer_page_shows_reasons_and_panels(
    hooks, agency_a, drafter_a, reviewer_a
):
    _, reasons = hooks
    record = draft(agency_a, drafter_a)
    actions.submit(record, by=drafter_a)
    reasons.append("正文第 3 行有未处理的手机号")
    client = login(reviewer_a)
    page = client.get(f"/workspace/documents/{record.pk}/").content.decode()
    assert "正文第 3 行有未处理的手机号" in page and "FAKE PANEL 1" in page
    response = client.post(f"/workspace/documents/{record.pk}/do/approve/", {"note": "已审查"}, follow=True)
    assert "不能通过" in response.content.decode()
    record.refresh_from_db()
    assert record.status == "in_review"
    reasons.clear()
    client.post(f"/workspace/documents/{record.pk}/do/approve/", {"note": "已审查，无问题"})
    record.refresh_from_db()
    assert record.status == "awaiting_signoff"
