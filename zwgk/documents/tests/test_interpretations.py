"""Policy interpretations: forms, two-way links, and 同步发布 — a 需解读 policy goes live only together with its
signed-off interpretation, in one transaction."""

import pytest
import time_machine
from django.db import transaction

from zwgk.core.errors import Refused
from zwgk.documents import actions
from zwgk.documents.models import Interpretation, Record, Status
from zwgk.documents.tests.helpers import approve_interpretation, draft, interpretation, publish, to_signoff
from zwgk.testing import login

pytestmark = pytest.mark.django_db
NOW = "2025-04-01 10:00:00+08:00"


@time_machine.travel(NOW, tick=False)
def test_policy_needing_interpretation_cannot_be_signed_alone(agency_a, drafter_a, reviewer_a, signer_a):
    policy = draft(agency_a, drafter_a, needs_interpretation=True)
    to_signoff(policy, drafter_a, reviewer_a)
    assert list(Record.objects.awaiting_interpretation()) == [policy]
    with pytest.raises(Refused, match="同步发布"):
        actions.sign(policy, by=signer_a, note="同意")
    item = interpretation(policy, drafter_a)
    actions.submit(item, by=drafter_a)
    actions.approve_review(item, by=reviewer_a, note="已审查")
    with pytest.raises(Refused, match="同步发布"):
        actions.sign(policy, by=signer_a, note="同意")  # reviewed but not yet signed off
    actions.sign_interpretation(item, by=signer_a, note="同意")
    item.refresh_from_db()
    assert item.status == Status.APPROVED and not Interpretation.objects.public().exists()
    assert list(Record.objects.awaiting_interpretation()) == []
    actions.sign(policy, by=signer_a, note="同意")
    item.refresh_from_db()
    policy.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.published_at == policy.published_at
    assert list(Interpretation.objects.public()) == [item]


@time_machine.travel(NOW, tick=False)
def test_synchronised_publication_is_atomic(agency_a, drafter_a, reviewer_a, signer_a, monkeypatch):
    policy = draft(agency_a, drafter_a, needs_interpretation=True)
    item = interpretation(policy, drafter_a)
    approve_interpretation(item, drafter_a, reviewer_a, signer_a)
    to_signoff(policy, drafter_a, reviewer_a)
    import zwgk.documents.actions.review as module  # sign()'s module

    real_audit = module.audit

    def failing_audit(action, **kwargs):
        if action == "documents.published":
            raise RuntimeError("disk full")
        return real_audit(action, **kwargs)

    monkeypatch.setattr(module, "audit", failing_audit)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.sign(policy, by=signer_a, note="同意")
    policy.refresh_from_db()
    item.refresh_from_db()
    assert policy.status == Status.AWAITING_SIGNOFF and policy.index_no is None
    assert item.status == Status.APPROVED and item.published_at is None


@time_machine.travel(NOW, tick=False)
def test_interpretation_of_a_published_policy_goes_live_on_sign_off(
    client, agency_a, drafter_a, reviewer_a, signer_a
):
    policy = draft(agency_a, drafter_a)
    publish(policy, drafter_a, reviewer_a, signer_a)
    item = interpretation(
        policy, drafter_a, form="qa", body="", qa=actions.parse_qa("问：谁可以申请？\n答：本区户籍居民。")
    )
    approve_interpretation(item, drafter_a, reviewer_a, signer_a)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    policy_page = client.get(f"/xxgk/records/{policy.pk}/").content.decode()
    assert f"/xxgk/interpretations/{item.pk}/" in policy_page
    item_page = client.get(f"/xxgk/interpretations/{item.pk}/").content.decode()
    assert f"/xxgk/records/{policy.pk}/" in item_page and "谁可以申请？" in item_page
    actions.withdraw(policy, by=signer_a, reason="撤回")
    assert client.get(f"/xxgk/interpretations/{item.pk}/").status_code == 404


def test_qa_text_is_parsed_into_pairs():
    text = "问：补贴标准是多少？\n答：每人每月200元。\n超过部分不予补贴。\n问: 何时发放？\n答: 次月10日前。"
    assert actions.parse_qa(text) == [
        {"q": "补贴标准是多少？", "a": "每人每月200元。\n超过部分不予补贴。"},
        {"q": "何时发放？", "a": "次月10日前。"},
    ]


@time_machine.travel(NOW, tick=False)
def test_forms_need_their_content(agency_a, drafter_a):
    policy = draft(agency_a, drafter_a)
    for form, problem in [("graphic", "图片"), ("video", "视频地址"), ("qa", "问答"), ("text", "解读内容")]:
        item = interpretation(policy, drafter_a, form=form, body="", title=f"{form} 解读")
        with pytest.raises(Refused) as excinfo:
            actions.submit(item, by=drafter_a)
        assert any(problem in p for p in excinfo.value.problems)


@time_machine.travel(NOW, tick=False)
def test_nonpublic_records_get_no_interpretation(agency_a, drafter_a):
    record = draft(
        agency_a, drafter_a, openness="withheld", legal_ground="process_info", openness_reason="过程稿"
    )
    with pytest.raises(Refused):
        interpretation(record, drafter_a)


@time_machine.travel(NOW, tick=False)
def test_workspace_lists_policies_waiting_for_interpretation(agency_a, drafter_a, reviewer_a):
    policy = draft(agency_a, drafter_a, needs_interpretation=True, title="需要解读的就业补贴政策")
    html = login(drafter_a).get("/workspace/documents/interpretations/").content.decode()
    assert "需要解读的就业补贴政策" in html
    inbox = login(drafter_a).get("/workspace/").content.decode()
    assert "待解读" in inbox and "需要解读的就业补贴政策" in inbox
    assert policy.pk
