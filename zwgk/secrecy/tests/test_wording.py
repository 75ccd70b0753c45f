"""规范表述 in the 保密审查 step (issue 21 item 5): a wrong expression of the staff list found in a record's text is a
blocking finding that refuses approval until it is corrected (the text is rewritten through the documents app's
audited redaction) or kept with a reason (audited); attachments are not rewritten; replies are not checked; the list
is edited by the 公开办 and a change applies at the next screening."""

from __future__ import annotations

import pytest
import time_machine

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.documents import actions
from zwgk.documents.models import Status
from zwgk.documents.tests.helpers import docx_bytes, draft
from zwgk.screening import default_wording, scan_wording
from zwgk.secrecy import actions as secrecy_actions
from zwgk.secrecy.models import Finding, Resolution, WordingRule
from zwgk.testing import login

pytestmark = pytest.mark.django_db
NOW = "2026-12-07 10:00:00+08:00"
BODY = "根据原国家工商行政管理总局有关规定，区环保局会同农业部门开展检查，截止目前已完成。"


def run(capture, fn, *args, **kwargs):
    with capture(execute=True):
        return fn(*args, **kwargs)


def page_of(record):
    return f"/workspace/documents/{record.pk}/"


def test_the_default_list_is_shipped_and_exceptions_hold():
    assert WordingRule.objects.filter(wrong="环保局", right="生态环境局", kind="机构名称").exists()
    assert WordingRule.objects.count() == len(default_wording())
    found = {(f.text, f.masked) for f in scan_wording(BODY, default_wording())}
    # 原国家工商行政管理总局 is a former body named as such; 农业部门 is not 农业部.
    assert found == {("环保局", "生态环境局"), ("截止目前", "截至目前")}
    assert scan_wording("银保监会", default_wording())[0].text == "银保监会"  # not 保监会 inside it
    assert scan_wording("区生态环境局", default_wording()) == []
    # Found by bench/wording_bench.py in the 1988 work report: 环境保护部门 is a generic term, not 环境保护部.
    assert scan_wording("发挥环境保护部门的监督职能", default_wording()) == []


@time_machine.travel(NOW, tick=False)
def test_a_wording_finding_blocks_approval_until_corrected(
    agency_a, drafter_a, reviewer_a, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    record = draft(agency_a, drafter_a, body=BODY)
    run(capture, actions.submit, record, by=drafter_a)
    wording = Finding.objects.filter(category="wording").order_by("start")
    assert [(f.text, f.masked, f.severity) for f in wording] == [
        ("环保局", "生态环境局", "block"),
        ("截止目前", "截至目前", "block"),
    ]
    client = login(reviewer_a)
    page = client.get(page_of(record)).content.decode()
    assert "规范表述：正文有 2 处不规范表述尚未处理" in page and "更正为“生态环境局”" in page
    with pytest.raises(Refused) as refused:
        actions.approve_review(record, by=reviewer_a, note="已审查。")
    assert any("不规范表述" in p for p in refused.value.problems)
    first = wording[0]
    run(capture, client.post, f"/workspace/secrecy/findings/{first.pk}/resolve", {"action": "mask"})
    record.refresh_from_db()
    assert "区生态环境局会同" in record.body and "原国家工商行政管理总局" in record.body
    with pytest.raises(Refused) as again:
        actions.approve_review(record, by=reviewer_a, note="已审查。")
    assert any("1 处不规范表述" in p for p in again.value.problems)
    second = Finding.objects.current().get(category="wording", resolution=Resolution.OPEN)
    run(capture, client.post, f"/workspace/secrecy/findings/{second.pk}/resolve", {"action": "mask"})
    record.refresh_from_db()
    assert "截至目前" in record.body and "截止目前" not in record.body
    actions.approve_review(record, by=reviewer_a, note="已处理规范表述。")
    record.refresh_from_db()
    assert record.status == Status.AWAITING_SIGNOFF
    event = AuditEvent.objects.filter(action="secrecy.finding_masked").order_by("pk").first()
    assert "“环保局”→“生态环境局”" in event.summary
    assert (
        AuditEvent.objects.filter(action="documents.body_redacted").exists()
        or AuditEvent.objects.filter(
            action__startswith="documents.", summary__contains="规范表述更正"
        ).exists()
    )


@time_machine.travel(NOW, tick=False)
def test_keeping_the_text_needs_a_reason_and_is_audited(
    agency_a, drafter_a, reviewer_a, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    record = draft(agency_a, drafter_a, body="本通知引用的《关于区环保局职责的通知》为2015年文件。")
    run(capture, actions.submit, record, by=drafter_a)
    finding = Finding.objects.get(category="wording")
    with pytest.raises(Refused, match="保留原文时必须说明理由"):
        secrecy_actions.resolve_finding(finding, Resolution.CONFIRMED, by=reviewer_a)
    with pytest.raises(Refused, match="保留原文时必须说明理由"):
        secrecy_actions.resolve_finding(finding, Resolution.FALSE_POSITIVE, by=reviewer_a, reason=" ")
    secrecy_actions.resolve_finding(
        finding, Resolution.CONFIRMED, by=reviewer_a, reason="引用历史文件标题原文"
    )
    event = AuditEvent.objects.get(action="secrecy.finding_confirmed")
    assert "环保局" in event.summary and "引用历史文件标题原文" in event.summary
    actions.approve_review(record, by=reviewer_a, note="规范表述为引用原文。")
    record.refresh_from_db()
    assert record.status == Status.AWAITING_SIGNOFF


@time_machine.travel(NOW, tick=False)
def test_an_attachment_is_flagged_but_not_rewritten(
    agency_a, drafter_a, reviewer_a, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    record = draft(agency_a, drafter_a, body="正文没有问题。")
    actions.add_attachment(record, docx_bytes("区环保局工作要点"), "要点.docx", by=drafter_a)
    run(capture, actions.submit, record, by=drafter_a)
    finding = Finding.objects.get(category="wording")
    assert finding.screening.kind == "attachment" and finding.masked is None and not finding.maskable
    page = login(reviewer_a).get(page_of(record)).content.decode()
    assert "请在原文件中更正后重新上传" in page


@time_machine.travel(NOW, tick=False)
def test_the_office_maintains_the_list_and_it_applies_at_the_next_screening(
    agency_a, drafter_a, reviewer_a, gkb, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    client = login(gkb)
    assert login(reviewer_a).post("/workspace/secrecy/wording/", {"wrong": "x"}).status_code == 403
    response = client.post(
        "/workspace/secrecy/wording/",
        {
            "wrong": "东丽区政府办",
            "right": "东丽区人民政府办公室",
            "kind": "机构名称",
            "note": "公文用全称",
            "exceptions": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="secrecy.wording_added").exists()
    bad = client.post("/workspace/secrecy/wording/", {"wrong": "甲", "right": "甲", "kind": "其他"})
    assert bad.status_code == 200 and "不能与错误表述相同" in bad.content.decode()
    record = draft(agency_a, drafter_a, body="东丽区政府办负责解释。")
    run(capture, actions.submit, record, by=drafter_a)
    assert Finding.objects.get(category="wording").masked == "东丽区人民政府办公室"
    rule = WordingRule.objects.get(wrong="环保局")
    client.post(f"/workspace/secrecy/wording/{rule.pk}/", {**_fields(rule), "is_active": ""})
    rule.refresh_from_db()
    assert not rule.is_active and AuditEvent.objects.filter(action="secrecy.wording_changed").exists()
    export = client.get("/workspace/secrecy/wording/?export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def _fields(rule):
    return {
        "wrong": rule.wrong,
        "right": rule.right,
        "kind": rule.kind,
        "note": rule.note,
        "exceptions": rule.exceptions,
    }
