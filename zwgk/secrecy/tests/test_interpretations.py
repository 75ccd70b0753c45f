"""Policy interpretations (政策解读) go through the same 保密审查 as records: their 解读内容, 问答 and attachments are
screened on entering review, block findings refuse approval until resolved, masking writes back through the
documents app's audited actions, and only the interpretation's agency sees and resolves the findings."""

import pytest
import time_machine
from django.test import Client

from zwgk.accounts.roles import Role
from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.documents import actions
from zwgk.documents.models import Interpretation, Status
from zwgk.documents.tests.helpers import docx_bytes, draft, interpretation
from zwgk.extract import extract
from zwgk.secrecy.models import Finding, Resolution, Screening
from zwgk.secrecy.tests.helpers import ID_A, ID_B, MOBILE
from zwgk.testing import login, make_user

pytestmark = pytest.mark.django_db
NOW = "2025-04-01 10:00:00+08:00"
MASKED_A = f"{ID_A[:4]}**********{ID_A[-4:]}"
MASKED_B = f"{ID_B[:4]}**********{ID_B[-4:]}"


def run(capture, fn, *args, **kwargs):
    """Call `fn` and run what it scheduled on commit (the screening)."""
    with capture(execute=True):
        return fn(*args, **kwargs)


def page_of(item):
    return f"/workspace/documents/interpretations/{item.pk}/"


@pytest.fixture
def risky(agency_a, drafter_a):
    """An interpretation whose text and attachment carry personal data, of a 需解读 policy."""
    policy = draft(agency_a, drafter_a, needs_interpretation=True)
    item = interpretation(
        policy, drafter_a, body=f"一、出台背景\n申请人张小明，身份证号码 {ID_A}，已按规定领取补贴。"
    )
    actions.add_attachment(
        item, docx_bytes("拟补贴名单", f"户主身份证：{ID_B}，电话 {MOBILE}"), "名单.docx", by=drafter_a
    )
    return item


@time_machine.travel(NOW, tick=False)
def test_risky_interpretation_is_screened_refused_and_passes_after_masking(
    risky, drafter_a, reviewer_a, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    run(capture, actions.submit, risky, by=drafter_a)
    screenings = Screening.objects.for_owner(risky)
    assert sorted(s.label for s in screenings) == ["名单.docx", "正文"]
    assert {s.agency_id for s in screenings} == {risky.agency_id}
    body = screenings.get(kind="body")
    assert body.findings.open_blocking().filter(category="id_card", text=ID_A).exists()

    client = login(reviewer_a)
    page = client.get(page_of(risky)).content.decode()
    assert "保密审查 · 自动筛查结果" in page and "正文有 2 处须处理的敏感信息" in page
    refused = client.post(f"{page_of(risky)}do/approve/", {"note": "已审查。"}, follow=True).content.decode()
    assert "保密审查尚有未解决的问题，不能通过" in refused and "附件《名单.docx》" in refused
    with pytest.raises(Refused) as excinfo:
        actions.approve_review(risky, by=reviewer_a, note="已审查。")
    assert ID_A not in "".join(excinfo.value.problems)
    risky.refresh_from_db()
    assert risky.status == Status.IN_REVIEW

    id_finding = body.findings.get(category="id_card")
    response = run(
        capture,
        client.post,
        f"/workspace/secrecy/findings/{id_finding.pk}/resolve",
        {"action": "mask", "next": page_of(risky)},
    )
    assert response.status_code == 302 and response["Location"] == page_of(risky)
    risky.refresh_from_db()
    assert ID_A not in risky.body and MASKED_A in risky.body
    assert body.findings.get(category="id_card").resolution == Resolution.MASKED
    name = body.findings.current().get(category="person_name")
    run(
        capture,
        client.post,
        f"/workspace/secrecy/findings/{name.pk}/resolve",
        {"action": "false_positive", "reason": "补贴公示对象姓名依规定公开"},
    )
    attachment_screening = screenings.get(kind="attachment")
    run(capture, client.post, f"/workspace/secrecy/screenings/{attachment_screening.pk}/mask-all", {})
    attachment = risky.attachments.get()
    with attachment.file.open("rb") as handle:
        text = extract(handle.read(), attachment.filename).text
    assert ID_B not in text and MASKED_B in text and MOBILE not in text

    client.post(f"{page_of(risky)}do/approve/", {"note": "已逐项处理自动筛查发现，不涉密。"})
    risky.refresh_from_db()
    assert risky.status == Status.AWAITING_SIGNOFF
    events = AuditEvent.objects.all()
    assert {
        "documents.interpretation_redacted",
        "documents.attachment_redacted",
        "secrecy.finding_masked",
    } <= {e.action for e in events}
    assert events.get(action="documents.attachment_redacted").agency_id == risky.agency_id
    for event in events:
        assert ID_A not in f"{event.summary}{event.before}{event.after}"
        assert ID_B not in f"{event.summary}{event.before}{event.after}"


@time_machine.travel(NOW, tick=False)
def test_questions_and_answers_are_screened_and_masked_in_place(
    agency_a, drafter_a, reviewer_a, django_capture_on_commit_callbacks
):
    qa = [
        {"q": "政策什么时候施行？", "a": "自发布之日起施行。"},
        {"q": "怎么咨询？", "a": f"请致电 {MOBILE}。"},
    ]
    item = interpretation(draft(agency_a, drafter_a), drafter_a, form="qa", body="", qa=qa)
    run(django_capture_on_commit_callbacks, actions.submit, item, by=drafter_a)
    finding = Finding.objects.open_blocking().get(category="mobile")
    assert finding.context_before.endswith("答：请致电 ")
    run(
        django_capture_on_commit_callbacks,
        login(reviewer_a).post,
        f"/workspace/secrecy/findings/{finding.pk}/resolve",
        {"action": "mask"},
    )
    item.refresh_from_db()
    assert item.body == "" and item.qa == [qa[0], {"q": "怎么咨询？", "a": "请致电 139****5678。"}]
    actions.approve_review(item, by=reviewer_a, note="已处理手机号。")


@time_machine.travel(NOW, tick=False)
def test_clean_policy_and_screened_interpretation_are_published_together(
    risky, drafter_a, reviewer_a, signer_a, django_capture_on_commit_callbacks
):
    """同步发布 still works when both the policy and its interpretation went through the screening."""
    capture = django_capture_on_commit_callbacks
    run(capture, actions.submit, risky, by=drafter_a)
    for finding in Finding.objects.open_blocking().filter(screening__kind="body"):
        if finding.category == "id_card":
            run(
                capture,
                login(reviewer_a).post,
                f"/workspace/secrecy/findings/{finding.pk}/resolve",
                {"action": "mask"},
            )
        else:
            run(
                capture,
                login(reviewer_a).post,
                f"/workspace/secrecy/findings/{finding.pk}/resolve",
                {"action": "confirmed", "reason": "公示对象依规定公开"},
            )
    attachment = Screening.objects.get(kind="attachment")
    run(capture, login(reviewer_a).post, f"/workspace/secrecy/screenings/{attachment.pk}/mask-all", {})
    actions.approve_review(risky, by=reviewer_a, note="已处理。")
    actions.sign_interpretation(risky, by=signer_a, note="同意，与政策文件同步发布。")
    policy = risky.policy
    run(capture, actions.submit, policy, by=drafter_a)
    assert Screening.objects.for_owner(policy).get().findings.open_blocking().count() == 0
    actions.approve_review(policy, by=reviewer_a, note="不涉密。")
    actions.sign(policy, by=signer_a, note="同意发布。")
    risky.refresh_from_db()
    policy.refresh_from_db()
    assert risky.status == Status.PUBLISHED and risky.published_at == policy.published_at
    assert list(Interpretation.objects.public()) == [risky]
    public_page = Client().get(f"/xxgk/interpretations/{risky.pk}/").content.decode()
    assert MASKED_A in public_page and ID_A not in public_page


@time_machine.travel(NOW, tick=False)
def test_clean_interpretation_passes(agency_a, drafter_a, reviewer_a, django_capture_on_commit_callbacks):
    item = interpretation(
        draft(agency_a, drafter_a), drafter_a, body="一、出台背景\n二、主要内容\n三、适用对象"
    )
    run(django_capture_on_commit_callbacks, actions.submit, item, by=drafter_a)
    assert Screening.objects.for_owner(item).get().findings.open_blocking().count() == 0
    page = login(reviewer_a).get(page_of(item)).content.decode()
    assert "自动筛查未发现须处理的问题" in page
    actions.approve_review(item, by=reviewer_a, note="不涉密。")


@time_machine.travel(NOW, tick=False)
def test_findings_belong_to_the_interpreting_agency(
    agency_a, agency_b, drafter_a, reviewer_a, staff_b, django_capture_on_commit_callbacks
):
    """Agency B interprets agency A's policy: B's reviewer resolves the findings; A's reviewer sees nothing."""
    reviewer_b = make_user("reviewer_b", [(agency_b, Role.SECRECY_REVIEWER)])
    policy = draft(agency_a, drafter_a)
    item = actions.create_interpretation(
        policy,
        {"title": "解读", "form": "text", "body": f"联系人身份证号码 {ID_A}"},
        by=staff_b,
        agency=agency_b,
    )
    run(django_capture_on_commit_callbacks, actions.submit, item, by=staff_b)
    finding = Finding.objects.get(category="id_card")
    assert finding.agency_id == agency_b.pk
    url = f"/workspace/secrecy/findings/{finding.pk}/resolve"
    secrecy_page = f"/workspace/secrecy/records/documents.interpretation/{item.pk}/"
    assert login(reviewer_a).post(url, {"action": "false_positive"}).status_code == 404
    assert login(reviewer_a).get(secrecy_page).status_code == 403
    assert secrecy_page not in login(reviewer_a).get("/workspace/").content.decode()
    assert secrecy_page not in login(reviewer_a).get("/workspace/secrecy/?state=all").content.decode()
    with pytest.raises(Refused):
        actions.approve_review(item, by=reviewer_b, note="已审查。")

    home = login(reviewer_b).get("/workspace/").content.decode()
    assert f"保密审查：《{item.title}》有 1 处敏感信息待处理" in home and secrecy_page in home
    detail = login(reviewer_b).get(secrecy_page).content.decode()
    assert "政策解读" in detail and page_of(item) in detail and ID_A in detail
    run(django_capture_on_commit_callbacks, login(reviewer_b).post, url, {"action": "mask"})
    item.refresh_from_db()
    assert MASKED_A in item.body
    actions.approve_review(item, by=reviewer_b, note="已脱敏。")
