"""The plug-in points the screening app uses: review-started hooks, approval blockers, review panels."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from zwgk.accounts.roles import Role
from zwgk.audit.models import AuditEvent
from zwgk.documents import actions, review
from zwgk.documents.models import Interpretation
from zwgk.documents.tests.helpers import docx_bytes, draft, interpretation
from zwgk.testing import login, make_user

pytestmark = pytest.mark.django_db
NOW = "2025-04-01 10:00:00+08:00"


def _fake_hooks(**registration):
    """Register a recording review-started hook, a blocker giving `reasons` and a panel; remove them after."""
    started: list[int] = []
    reasons: list[str] = []

    def on_started(object_id):
        started.append(object_id)

    def blocker(obj):
        return list(reasons)

    def panel_context(request, obj):
        return {"finding_count": len(reasons)}

    review.register_review_started(on_started, **registration)
    review.register_approval_blocker(blocker, **registration)
    review.register_review_panel("documents/tests/fake_panel.html", panel_context, **registration)
    yield started, reasons
    review.unregister(on_started)
    review.unregister(blocker)
    review.unregister(panel_context)


@pytest.fixture
def hooks():
    """Registered without a model: records, as the hooks registered before interpretations were reviewed."""
    yield from _fake_hooks()


@pytest.fixture
def interpretation_hooks():
    """Hooks registered for interpretations only: the record hooks must not see them, and vice versa."""
    yield from _fake_hooks(model=review.INTERPRETATION)


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
def test_interpretation_hooks_run_on_submit_and_redaction_and_only_for_interpretations(
    hooks, interpretation_hooks, agency_a, drafter_a, reviewer_a, django_capture_on_commit_callbacks
):
    record_started, _ = hooks
    started, _ = interpretation_hooks
    policy = draft(agency_a, drafter_a)
    item = interpretation(policy, drafter_a, body="联系人：张三，13812345678")
    attachment = actions.add_attachment(item, docx_bytes("张三 13812345678"), "名单.docx", by=drafter_a)
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_interpretation(item, by=drafter_a)
    assert started == [item.pk] and record_started == []
    with django_capture_on_commit_callbacks(execute=True):
        actions.replace_attachment(
            attachment, docx_bytes("张* 138****5678"), "名单.docx", by=reviewer_a, reason="遮盖"
        )
        review.replace_body(item, "联系人：张*，138****5678", by=reviewer_a, reason="删除手机号")
    assert started == [item.pk] * 3 and record_started == []
    item.refresh_from_db()
    assert item.body == "联系人：张*，138****5678"
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit(policy, by=drafter_a)
    assert record_started == [policy.pk] and started == [item.pk] * 3


@pytest.mark.parametrize("kind", ["record", "interpretation"])
@time_machine.travel(NOW, tick=False)
def test_blocker_refuses_approval_and_reviewer_page_shows_reasons_and_panels(
    kind, hooks, interpretation_hooks, agency_a, drafter_a, reviewer_a
):
    record = draft(agency_a, drafter_a)
    if kind == "record":
        obj, url, (_, reasons), (_, others) = (
            record,
            f"/workspace/documents/{record.pk}/",
            hooks,
            interpretation_hooks,
        )
        actions.submit(record, by=drafter_a)
    else:
        obj = interpretation(record, drafter_a)
        url = f"/workspace/documents/interpretations/{obj.pk}/"
        (_, reasons), (_, others) = interpretation_hooks, hooks
        actions.submit_interpretation(obj, by=drafter_a)
    others += ["另一种信息的问题", "另一种信息的第二个问题"]
    reasons.append("正文第 3 行有未处理的手机号")
    client = login(reviewer_a)
    page = client.get(url).content.decode()
    assert "正文第 3 行有未处理的手机号" in page and "FAKE PANEL 1" in page
    assert "另一种信息的问题" not in page and "FAKE PANEL 2" not in page
    response = client.post(f"{url}do/approve/", {"note": "已审查"}, follow=True).content.decode()
    assert "保密审查尚有未解决的问题，不能通过" in response and "正文第 3 行有未处理的手机号" in response
    obj.refresh_from_db()
    assert obj.status == "in_review"
    reasons.clear()
    client.post(f"{url}do/approve/", {"note": "已审查，无问题"})
    obj.refresh_from_db()
    assert obj.status == "awaiting_signoff"
    assert "FAKE PANEL" not in login(drafter_a).get(url).content.decode()  # panels are for the reviewer


@time_machine.travel(NOW, tick=False)
def test_interpretation_text_redaction_is_the_reviewers_in_review_and_audited_as_fingerprints(
    agency_a, agency_b, drafter_a, reviewer_a
):
    secret = "身份证号120110198506121232"
    qa = [{"q": "怎么联系？", "a": "致电13812345678"}, {"q": "谁负责？", "a": "张三"}]
    item = interpretation(draft(agency_a, drafter_a), drafter_a, form="qa", body=secret, qa=qa)
    with pytest.raises(actions.ActionRefused, match="只能在保密审查环节"):
        actions.replace_interpretation_text(item, item.review_text, by=reviewer_a, reason="脱敏")
    actions.submit_interpretation(item, by=drafter_a)
    reviewer_b = make_user("reviewer_b", [(agency_b, Role.SECRECY_REVIEWER)])
    with pytest.raises(PermissionDenied):
        actions.replace_interpretation_text(item, item.review_text, by=reviewer_b, reason="脱敏")
    with pytest.raises(actions.ActionRefused, match="理由"):
        actions.replace_interpretation_text(item, item.review_text, by=reviewer_a, reason=" ")
    with pytest.raises(actions.ActionRefused, match="不一致"):
        actions.replace_interpretation_text(
            item, "解读内容", by=reviewer_a, reason="脱敏"
        )  # the 问答 are gone
    masked = item.review_text.replace("120110198506121232", "1201**********1232").replace(
        "13812345678", "138****5678"
    )
    actions.replace_interpretation_text(item, masked, by=reviewer_a, reason="遮盖身份证号和手机号")
    item.refresh_from_db()
    assert item.body == "身份证号1201**********1232"
    assert item.qa == [{"q": "怎么联系？", "a": "致电138****5678"}, {"q": "谁负责？", "a": "张三"}]
    event = AuditEvent.objects.for_object(item).get(action="documents.interpretation_redacted")
    assert event.actor == reviewer_a and set(event.after) == {"body", "qa"}
    for logged in AuditEvent.objects.for_object(item):
        dump = f"{logged.summary}{logged.before}{logged.after}"
        assert "120110198506121232" not in dump and "13812345678" not in dump


def test_review_text_splits_back_into_body_and_questions():
    item = Interpretation(body="背景\x1e说明", qa=[{"q": "问一", "a": "答一\n续行"}])
    text = item.review_text
    assert text == "背景 说明\x1e问：问一\x1e答：答一\n续行"
    assert item.split_review_text(text.replace("答一", "答*")) == (
        "背景 说明",
        [{"q": "问一", "a": "答*\n续行"}],
    )
    assert item.split_review_text("背景\x1e问：问一") is None
    assert item.split_review_text("背景\x1e问一\x1e答：答一") is None
    assert Interpretation(body="只有正文").review_text == "只有正文"
