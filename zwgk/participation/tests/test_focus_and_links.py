"""解读重点 in the interpretation form (work plan item 十) and the links between a public record and its consultation
(and its decision): only public ones, both ways."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.cache import cache

from zwgk.decisions import actions as decisions
from zwgk.decisions import stages
from zwgk.documents.tests.helpers import draft, publish
from zwgk.participation import actions
from zwgk.participation.models import Decision
from zwgk.testing import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    cache.clear()
    with time_machine.travel("2026-05-10 10:00:00+08:00", tick=False):
        yield


def test_the_most_commented_themes_are_the_focus_of_the_interpretation(
    client, agency_a, admin_a, drafter_a, reviewer_a, signer_a
):
    policy = draft(agency_a, drafter_a, title="东丽区养老服务补贴办法", doc_number="")
    c = actions.save_consultation(
        None,
        {
            "agency": agency_a,
            "title": "东丽区养老服务补贴办法（征求意见稿）",
            "draft_text": "第一条 目的。\n第二条 补贴标准。",
            "opens_on": date(2026, 3, 1),
            "closes_on": date(2026, 3, 31),
            "final_record": policy,
        },
        by=admin_a,
    )
    actions.publish(c, by=admin_a, on=date(2026, 3, 1))
    texts = ["补贴太低", "标准要提高", "按年龄分档", "办理太麻烦"]
    comments = [actions.submit_comment(c, {"text": t, "unit": 2}, on=date(2026, 3, 5)) for t in texts]
    for title, decision, reason, picked in (
        ("提高补贴标准", Decision.PARTLY, "按年龄分档提高", comments[:3]),
        ("简化办理流程", Decision.ADOPTED, "", comments[3:]),
    ):
        actions.save_theme(
            c,
            None,
            title=title,
            decision=decision,
            reason=reason,
            comment_ids=[x.pk for x in picked],
            by=admin_a,
        )
    page = login(drafter_a).get(f"/workspace/documents/{policy.pk}/interpret/").content.decode()
    assert "解读重点" in page
    assert page.index("提高补贴标准") < page.index("简化办理流程")  # most comments first
    assert "3 条意见，部分采纳：按年龄分档提高" in page
    # A policy without a consultation shows no such section.
    other = draft(agency_a, drafter_a, title="其他文件", doc_number="")
    assert (
        "解读重点" not in login(drafter_a).get(f"/workspace/documents/{other.pk}/interpret/").content.decode()
    )

    # The public record page links back to the consultation only once the record itself is public.
    publish(policy, drafter_a, reviewer_a, signer_a)
    record_page = client.get(f"/xxgk/records/{policy.pk}/").content.decode()
    assert "东丽区养老服务补贴办法（征求意见稿）" in record_page and f"/participation/{c.pk}/" in record_page
    assert "征求意见已结束" in record_page


def test_a_stage_document_links_to_its_decision(client, agency_a, admin_a, drafter_a, reviewer_a, signer_a):
    from zwgk.decisions.tests.test_catalogue import published

    catalogue = decisions.save_catalogue(
        None,
        {
            "agency": agency_a,
            "year": 2026,
            "title": "2026年度目录",
            "record": published(agency_a, "2026年度目录文件"),
        },
        by=admin_a,
    )
    decision = decisions.save_decision(
        catalogue, None, {"number": 1, "title": "制定养老服务设施规划", "lead_agency": agency_a}, by=admin_a
    )
    doc = published(agency_a, "养老服务设施规划（草案）")
    decisions.attach_document(decision, stages.PUBLIC_PARTICIPATION, "draft", doc, by=admin_a)
    page = client.get(f"/xxgk/records/{doc.pk}/").content.decode()
    assert "制定养老服务设施规划" in page and f"/decisions/{decision.pk}/" in page and "决策草案全文" in page
    catalogue_page = client.get(f"/xxgk/records/{catalogue.record_id}/").content.decode()
    assert "决策事项目录" in catalogue_page and "/decisions/?year=2026" in catalogue_page
