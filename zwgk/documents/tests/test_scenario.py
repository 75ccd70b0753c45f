"""The issue's "done when", through the HTTP views: a 信息员 drafts a policy with an interpretation, the
保密审查员 and the 审签人 approve, and it appears in the column with correct metadata, feed and API entries;
a 不予公开 record never appears."""

import pytest
import time_machine

from zwgk.documents.models import Interpretation, Record
from zwgk.documents.tests.helpers import theme
from zwgk.testing import login

pytestmark = pytest.mark.django_db


@time_machine.travel("2025-09-01 10:00:00+08:00", tick=False)
def test_draft_review_sign_publish_through_the_workspace(client, agency_a, drafter_a, reviewer_a, signer_a):
    drafter = login(drafter_a)
    form = {
        "title": "东丽区支持数字经济发展若干措施",
        "doc_number": "东丽发改规[2025]3号",
        "written_on": "2025-08-28",
        "theme": theme().pk,
        "genre": "measures",
        "kind": "policy",
        "summary": "支持数字经济发展的四方面措施。",
        "body": "第一条 为加快发展数字经济，制定本措施。",
        "openness": "proactive",
        "statutory_category": "art20_03",
        "needs_interpretation": "on",
        "normative_kind": "normative",
    }
    response = drafter.post("/workspace/documents/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = Record.objects.get()
    assert record.doc_number == "东丽发改规〔2025〕3号"
    detail = drafter.get(f"/workspace/documents/{record.pk}/").content.decode()
    assert "公开时限" in detail and "2025-09-25" in detail  # 20 working days after 2025-08-28
    response = drafter.post(
        f"/workspace/documents/{record.pk}/interpret/",
        {
            "title": "《东丽区支持数字经济发展若干措施》解读",
            "form": "qa",
            "qa_text": "问：谁能申请？\n答：区内企业。",
        },
    )
    item = Interpretation.objects.get()
    assert response.status_code == 302 and item.qa == [{"q": "谁能申请？", "a": "区内企业。"}]
    drafter.post(f"/workspace/documents/{record.pk}/do/submit/")
    drafter.post(f"/workspace/documents/interpretations/{item.pk}/do/submit/")
    reviewer = login(reviewer_a)
    assert record.title in reviewer.get("/workspace/documents/review/").content.decode()
    empty = reviewer.post(f"/workspace/documents/{record.pk}/do/approve/", {"note": ""}, follow=True)
    assert "请填写保密审查意见" in empty.content.decode()
    reviewer.post(f"/workspace/documents/{record.pk}/do/approve/", {"note": "已逐页审查正文，不涉密。"})
    reviewer.post(f"/workspace/documents/interpretations/{item.pk}/do/approve/", {"note": "解读不涉密。"})
    signer = login(signer_a)
    refused = signer.post(f"/workspace/documents/{record.pk}/do/sign/", {"note": "同意"}, follow=True)
    assert "同步发布" in refused.content.decode()
    signer.post(f"/workspace/documents/interpretations/{item.pk}/do/sign/", {"note": "同意"})
    done = signer.post(f"/workspace/documents/{record.pk}/do/sign/", {"note": "同意发布"}, follow=True)
    assert f"索引号 {agency_a.code}/2025-00001" in done.content.decode()

    page = client.get(f"/xxgk/records/{record.pk}/").content.decode()
    for text in (
        f"{agency_a.code}/2025-00001",
        "东丽发改规〔2025〕3号",
        "2025年08月28日",
        "2025年09月01日",
        "现行有效",
    ):
        assert text in page
    assert f"/xxgk/interpretations/{item.pk}/" in page
    assert record.title in client.get("/xxgk/feed/rss/").content.decode()
    api = client.get("/api/v1/records/").json()
    assert api["results"][0]["index_no"] == f"{agency_a.code}/2025-00001"
    assert client.get("/api/v1/interpretations/").json()["count"] == 1
    assert record.title in client.get("/xxgk/normative/").content.decode()


@time_machine.travel("2025-09-01 10:00:00+08:00", tick=False)
def test_withheld_record_with_ground_never_appears(client, agency_a, drafter_a, reviewer_a, signer_a):
    drafter = login(drafter_a)
    base = {
        "title": "区发改委党组会议纪要",
        "written_on": "2025-08-28",
        "theme": theme().pk,
        "genre": "minutes",
        "kind": "information",
        "summary": "会议纪要",
        "body": "会议讨论了……",
        "openness": "withheld",
        "openness_reason": "",
    }
    response = drafter.post("/workspace/documents/new/", base)
    html = response.content.decode()
    assert (
        response.status_code == 200 and "法定依据" in html and "区发改委党组会议纪要" in html
    )  # form keeps input
    response = drafter.post(
        "/workspace/documents/new/", {**base, "legal_ground": "process_info", "openness_reason": "讨论记录"}
    )
    record = Record.objects.get()
    drafter.post(f"/workspace/documents/{record.pk}/do/submit/")
    login(reviewer_a).post(f"/workspace/documents/{record.pk}/do/approve/", {"note": "确认属于过程性信息"})
    login(signer_a).post(f"/workspace/documents/{record.pk}/do/sign/", {"note": "同意不予公开"})
    record.refresh_from_db()
    assert record.status == "filed" and record.index_no
    for url in (
        "/xxgk/",
        "/xxgk/policies/",
        "/xxgk/statutory/",
        "/xxgk/feed/rss/",
        "/api/v1/records/",
        "/sitemap-records.xml",
    ):
        assert "党组会议纪要" not in client.get(url).content.decode()
    assert client.get(f"/xxgk/records/{record.pk}/").status_code == 404
    assert client.get(f"/api/v1/records/{record.pk}/").status_code == 404


@time_machine.travel("2027-01-05 10:00:00+08:00", tick=False)
def test_missing_holiday_schedule_gives_a_clear_message_not_an_error(agency_a, drafter_a):
    drafter = login(drafter_a)
    response = drafter.post(
        "/workspace/documents/new/",
        {
            "title": "2027年的文件",
            "written_on": "2027-01-04",
            "theme": theme().pk,
            "genre": "notice",
            "kind": "policy",
            "summary": "x",
            "body": "x",
            "openness": "proactive",
            "statutory_category": "art20_15",
        },
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200 and "2027 年节假日安排尚未录入，无法计算公开时限" in html
    assert "2027" in drafter.get("/workspace/documents/timeliness/").content.decode()
