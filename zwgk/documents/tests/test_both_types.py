"""One workflow for records and interpretations: every shared action, run for both types through the same
function and through the workspace views (the interpretation half used to be untested)."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import IllegalTransition, Refused
from zwgk.documents import actions
from zwgk.documents.models import Attachment, Interpretation, Record, ReviewSignoff, Status
from zwgk.documents.tests.helpers import docx_bytes, draft, interpretation, publish
from zwgk.testing import login

pytestmark = pytest.mark.django_db
NOW = "2025-04-01 10:00:00+08:00"
KINDS = ["record", "interpretation"]


def make(kind, agency, drafter):
    record = draft(agency, drafter)
    return record if kind == "record" else interpretation(record, drafter)


def page(obj):
    if isinstance(obj, Record):
        return f"/workspace/documents/{obj.pk}/"
    return f"/workspace/documents/interpretations/{obj.pk}/"


def events(obj):
    return list(AuditEvent.objects.for_object(obj).order_by("id").values_list("action", flat=True))


def published(kind, agency, drafter, reviewer, signer):
    """A published record, or a published interpretation of a published policy."""
    if kind == "record":
        return publish(draft(agency, drafter), drafter, reviewer, signer)
    policy = publish(draft(agency, drafter), drafter, reviewer, signer)
    item = interpretation(policy, drafter)
    actions.submit(item, by=drafter)
    actions.approve_review(item, by=reviewer, note="解读已审查。")
    return actions.sign_interpretation(item, by=signer, note="同意。")


@pytest.mark.parametrize("kind", KINDS)
@time_machine.travel(NOW, tick=False)
def test_update_draft_edits_only_drafts_and_audits_the_change(kind, agency_a, drafter_a, reviewer_a, staff_b):
    obj = make(kind, agency_a, drafter_a)
    updated = actions.update_draft(obj, {"title": "修改后的标题"}, by=drafter_a)
    assert type(updated) is type(obj) and updated.title == "修改后的标题"
    event = AuditEvent.objects.for_object(obj).order_by("-id").first()
    edited = "documents.record_edited" if kind == "record" else "documents.interpretation_edited"
    assert (
        event.action == edited
        and event.after == {"title": "修改后的标题"}
        and event.before["title"] != "修改后的标题"
    )
    with pytest.raises(PermissionDenied):
        actions.update_draft(obj, {"title": "别的单位改"}, by=staff_b)
    actions.submit(obj, by=drafter_a)
    with pytest.raises(Refused, match="只有草稿"):
        actions.update_draft(obj, {"title": "审查中再改"}, by=drafter_a)
    obj.refresh_from_db()
    assert obj.title == "修改后的标题"


@pytest.mark.parametrize("kind", KINDS)
@time_machine.travel(NOW, tick=False)
def test_return_from_both_review_stages_needs_a_note(kind, agency_a, drafter_a, reviewer_a, signer_a):
    obj = make(kind, agency_a, drafter_a)
    actions.submit(obj, by=drafter_a)
    with pytest.raises(Refused, match="写明需要修改的内容"):
        actions.return_to_draft(obj, by=reviewer_a, note=" ")
    with pytest.raises(PermissionDenied):
        actions.return_to_draft(obj, by=drafter_a, note="自己退回")
    actions.return_to_draft(obj, by=reviewer_a, note="请补充背景。")
    obj.refresh_from_db()
    assert obj.status == Status.DRAFT
    actions.submit(obj, by=drafter_a)
    actions.approve_review(obj, by=reviewer_a, note="已审查。")
    actions.return_to_draft(obj, by=signer_a, note="请核对数字。")
    obj.refresh_from_db()
    assert obj.status == Status.DRAFT
    stages = list(obj.signoffs.filter(decision="returned").values_list("stage", "note"))
    assert stages == [("secrecy", "请补充背景。"), ("signoff", "请核对数字。")]
    returned = "documents.returned" if kind == "record" else "documents.interpretation_returned"
    assert events(obj).count(returned) == 2


@pytest.mark.parametrize("kind", KINDS)
@time_machine.travel(NOW, tick=False)
def test_withdraw_and_reopen(kind, agency_a, drafter_a, reviewer_a, signer_a):
    obj = published(kind, agency_a, drafter_a, reviewer_a, signer_a)
    model = type(obj)
    assert model.objects.public().filter(pk=obj.pk).exists()
    with pytest.raises(IllegalTransition):
        actions.reopen(obj, by=drafter_a)  # only a withdrawn one can be reopened
    with pytest.raises(Refused, match="理由"):
        actions.withdraw(obj, by=signer_a, reason="")
    actions.withdraw(obj, by=signer_a, reason="内容有误")
    obj.refresh_from_db()
    assert obj.status == Status.WITHDRAWN and obj.withdrawn_reason == "内容有误"
    assert not model.objects.public().filter(pk=obj.pk).exists()
    with pytest.raises(IllegalTransition):
        actions.return_to_draft(obj, by=signer_a, note="退回")  # withdrawn → draft is reopen, not a return
    actions.reopen(obj, by=drafter_a)
    obj.refresh_from_db()
    assert obj.status == Status.DRAFT and obj.published_at is None
    prefix = "documents." if kind == "record" else "documents.interpretation_"
    assert events(obj)[-2:] == [f"{prefix}withdrawn", f"{prefix}reopened"]


@pytest.mark.parametrize("kind", KINDS)
@time_machine.travel(NOW, tick=False)
def test_attachments_are_added_and_removed_only_on_drafts(kind, agency_a, drafter_a, reviewer_a, staff_b):
    obj = make(kind, agency_a, drafter_a)
    attachment = actions.add_attachment(obj, docx_bytes("附件正文"), "附件.docx", by=drafter_a)
    assert attachment.owner == obj
    with pytest.raises(PermissionDenied):
        actions.remove_attachment(attachment, by=staff_b)
    actions.submit(obj, by=drafter_a)
    with pytest.raises(Refused, match="草稿"):
        actions.remove_attachment(attachment, by=drafter_a)
    with pytest.raises(Refused, match="草稿"):
        actions.add_attachment(obj, docx_bytes("再加一个"), "再加.docx", by=drafter_a)
    actions.return_to_draft(obj, by=reviewer_a, note="换附件")
    actions.remove_attachment(attachment, by=drafter_a)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert "documents.attachment_removed" in AuditEvent.objects.values_list("action", flat=True)


@pytest.mark.parametrize("kind", KINDS)
@time_machine.travel(NOW, tick=False)
def test_workspace_buttons_come_from_the_transition_table_and_post_through_one_dispatch(
    kind, agency_a, drafter_a, reviewer_a, signer_a
):
    obj = make(kind, agency_a, drafter_a)
    drafter, reviewer = login(drafter_a), login(reviewer_a)
    assert "提交保密审查</button>" in drafter.get(page(obj)).content.decode()
    assert "提交保密审查</button>" not in reviewer.get(page(obj)).content.decode()  # not the reviewer's move
    drafter.post(f"{page(obj)}do/submit/")
    obj.refresh_from_db()
    assert obj.status == Status.IN_REVIEW
    response = reviewer.post(f"{page(obj)}do/return/", {"note": ""}, follow=True).content.decode()
    assert "退回时请写明需要修改的内容" in response
    reviewer.post(f"{page(obj)}do/approve/", {"note": "已审查。"})
    obj.refresh_from_db()
    assert obj.status == Status.AWAITING_SIGNOFF
    assert reviewer.post(f"{page(obj)}do/unknown/").status_code == 400
    assert drafter.post(f"{page(obj)}do/return/", {"note": "x"}).status_code == 403


def test_one_signoff_row_per_decision_names_exactly_one_owner(agency_a, drafter_a, reviewer_a):
    with time_machine.travel(NOW, tick=False):
        record = draft(agency_a, drafter_a)
        item = interpretation(record, drafter_a)
        for obj in (record, item):
            actions.submit(obj, by=drafter_a)
            actions.approve_review(obj, by=reviewer_a, note="已审查。")
    assert ReviewSignoff.objects.filter(record=record, interpretation__isnull=True).count() == 1
    assert ReviewSignoff.objects.filter(interpretation=item, record__isnull=True).count() == 1
    assert Record.FLOW.table is not Interpretation.FLOW.table
    assert (Status.AWAITING_SIGNOFF, Status.APPROVED) in Interpretation.FLOW.table
    assert (Status.AWAITING_SIGNOFF, Status.APPROVED) not in Record.FLOW.table
