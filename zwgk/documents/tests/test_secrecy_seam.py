"""The direct seam to the 保密审查 (secrecy app): submitting screens at once, a redaction screens again after
commit, unresolved blocking findings refuse the approval, and the reviewer's page shows the panel."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from zwgk.accounts.roles import Role
from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.documents import actions
from zwgk.documents.models import Interpretation
from zwgk.documents.tests.helpers import docx_bytes, draft, interpretation
from zwgk.secrecy.models import Finding, Resolution, Screening
from zwgk.testing import login, make_user

pytestmark = pytest.mark.django_db
NOW = "2025-04-01 10:00:00+08:00"
MOBILE = "13812345678"


def _open_blocks(owner):
    return list(Finding.objects.open_blocking().filter(screening__in=Screening.objects.for_owner(owner)))


def _blocked_mobiles(owner):
    return [f.screening.kind for f in _open_blocks(owner) if f.category == "mobile"]


@time_machine.travel(NOW, tick=False)
def test_submit_screens_body_and_attachments_and_a_redaction_screens_again_after_commit(
    agency_a, drafter_a, reviewer_a, django_capture_on_commit_callbacks
):
    record = draft(agency_a, drafter_a, body=f"联系人张三，手机{MOBILE}。")
    attachment = actions.add_attachment(record, docx_bytes(f"张三 {MOBILE}"), "名单.docx", by=drafter_a)
    assert not Screening.objects.for_owner(record).exists()  # a draft is not screened
    actions.submit(record, by=drafter_a)
    screenings = {s.kind: s for s in Screening.objects.for_owner(record)}
    assert set(screenings) == {"body", "attachment"} and screenings["attachment"].attachment == attachment
    # The mobile number blocks in the body and in the attachment (the name beside it is flagged too).
    assert sorted(_blocked_mobiles(record)) == ["attachment", "body"]
    before = len(_open_blocks(record))
    with django_capture_on_commit_callbacks(execute=False) as pending:
        actions.replace_body(record, "联系人张三，手机138****5678。", by=reviewer_a, reason="删除手机号")
    assert len(_open_blocks(record)) == before and pending  # screened again only once the redaction commits
    for callback in pending:
        callback()
    assert _blocked_mobiles(record) == ["attachment"]


@time_machine.travel(NOW, tick=False)
def test_interpretation_is_screened_as_its_own_subject(agency_a, drafter_a, reviewer_a):
    policy = draft(agency_a, drafter_a)
    item = interpretation(
        policy, drafter_a, form="qa", body="背景说明", qa=[{"q": "怎么联系？", "a": f"致电{MOBILE}"}]
    )
    actions.submit(item, by=drafter_a)
    assert Screening.objects.for_owner(item).get().interpretation == item
    assert not Screening.objects.for_owner(policy).exists()
    assert [f.text for f in _open_blocks(item)] == [MOBILE]
    with pytest.raises(Refused) as refused:
        actions.approve_review(item, by=reviewer_a, note="已审查")
    assert "须处理的敏感信息" in refused.value.problems[0]


@pytest.mark.parametrize("kind", ["record", "interpretation"])
@time_machine.travel(NOW, tick=False)
def test_finding_refuses_approval_and_the_reviewer_page_prints_it_once(kind, agency_a, drafter_a, reviewer_a):
    record = draft(agency_a, drafter_a, body=f"申请人手机{MOBILE}。")
    if kind == "record":
        obj, url = record, f"/workspace/documents/{record.pk}/"
    else:
        obj = interpretation(record, drafter_a, body=f"咨询人手机{MOBILE}。")
        url = f"/workspace/documents/interpretations/{obj.pk}/"
    actions.submit(obj, by=drafter_a)
    client = login(reviewer_a)
    page = client.get(url).content.decode()
    assert page.count("有 1 处须处理的敏感信息尚未处理") == 1 and "保密审查 · 自动筛查结果" in page
    response = client.post(f"{url}do/approve/", {"note": "已审查"}, follow=True).content.decode()
    assert "保密审查尚有未解决的问题，不能通过" in response
    obj.refresh_from_db()
    assert obj.status == "in_review"
    finding = _open_blocks(obj)[0]
    client.post(f"/workspace/secrecy/findings/{finding.pk}/resolve", {"action": "false_positive"})
    assert Finding.objects.get(pk=finding.pk).resolution == Resolution.FALSE_POSITIVE
    client.post(f"{url}do/approve/", {"note": "已审查，无问题"})
    obj.refresh_from_db()
    assert obj.status == "awaiting_signoff"
    assert "保密审查 · 自动筛查结果" not in login(drafter_a).get(url).content.decode()  # the reviewer's stage


@time_machine.travel(NOW, tick=False)
def test_interpretation_text_redaction_is_the_reviewers_in_review_and_audited_as_fingerprints(
    agency_a, agency_b, drafter_a, reviewer_a
):
    secret = "身份证号120110198506121232"
    qa = [{"q": "怎么联系？", "a": "致电13812345678"}, {"q": "谁负责？", "a": "张三"}]
    item = interpretation(draft(agency_a, drafter_a), drafter_a, form="qa", body=secret, qa=qa)
    with pytest.raises(Refused, match="只能在保密审查环节"):
        actions.replace_interpretation_text(item, item.review_text, by=reviewer_a, reason="脱敏")
    actions.submit(item, by=drafter_a)
    reviewer_b = make_user("reviewer_b", [(agency_b, Role.SECRECY_REVIEWER)])
    with pytest.raises(PermissionDenied):
        actions.replace_interpretation_text(item, item.review_text, by=reviewer_b, reason="脱敏")
    with pytest.raises(Refused, match="理由"):
        actions.replace_interpretation_text(item, item.review_text, by=reviewer_a, reason=" ")
    with pytest.raises(Refused, match="不一致"):
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
