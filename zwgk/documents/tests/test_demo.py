"""The demo district holds the walkable scenario (the foundation test checks that loading twice changes nothing)."""

import pytest

from zwgk.documents import reporting
from zwgk.documents.models import Interpretation, PeriodicReview, Record, Status
from zwgk.testdata import load_demo

pytestmark = pytest.mark.django_db


def test_demo_catalogue_has_every_state_and_the_scenario():
    load_demo(
        upto="法律法规（区外发文机关）"
    )  # the documents part and the laws filed under their real issuers
    plan = Record.objects.get(source_key="demo:workplan-2022")
    assert plan.is_public and "（十九）一抓到底形成工作闭环" in plan.body
    assert Interpretation.objects.public().filter(policy=plan, form="graphic").exists()
    statuses = set(Record.objects.values_list("status", flat=True))
    assert statuses >= {"draft", "in_review", "awaiting_signoff", "published", "filed", "withdrawn"}
    assert set(Record.objects.values_list("validity", flat=True)) == {
        "current",
        "amended",
        "repealed",
        "expired",
    }
    review = Record.objects.get(source_key="demo:fgw-review")
    text = review.attachments.get().extracted_text
    assert review.status == Status.IN_REVIEW and "13920001234" in text and "12011019850312123" in text
    waiting = Record.objects.get(source_key="demo:fgw-sign")
    assert (
        waiting.status == Status.AWAITING_SIGNOFF and waiting.interpretations.get().status == Status.APPROVED
    )
    assert PeriodicReview.objects.filter(decided_at__isnull=True).exists()
    assert Record.objects.filter(converted_at__isnull=False).get().is_public
    assert not Record.objects.public().filter(openness="withheld").exists()
    for year in (2022, 2023, 2024, 2025):
        assert reporting.normative_counts(None, year)["行政规范性文件"]["issued"] >= 1
    assert Record.objects.filter(source_key="demo:fgw-late", overdue_flagged_at__isnull=False).exists()
    # The statutes are in the policy library under their real issuers, outside the district's own counts.
    laws = {r.title: r.issuer.name for r in Record.objects.filter(source_key__startswith="demo-law:")}
    assert laws["中华人民共和国个人信息保护法"] == "全国人民代表大会常务委员会"
    assert laws["中华人民共和国政府信息公开条例"] == "国务院"
    assert not Record.objects.own().filter(source_key__startswith="demo-law:").exists()
    # Issue 13 on the demo personas: fgw_admin alone cannot publish the 不予公开 discussion draft by a periodic
    # review, and fgw_cbr (依申请承办人) cannot download the original attachment of the record in 保密审查.
    from django.contrib.auth import get_user_model

    from zwgk.testing import login

    users = get_user_model().objects
    withheld = Record.objects.get(title="东丽区2024年重点项目储备计划（讨论稿）")
    item = PeriodicReview.objects.get(record=withheld, decided_at__isnull=True)
    login(users.get(username="fgw_admin")).post(
        f"/workspace/documents/periodic-reviews/{item.pk}/",
        {"outcome": "convert", "reason": "计划已批准", "statutory_category": "art20_03"},
    )
    withheld.refresh_from_db()
    assert withheld.status == Status.IN_REVIEW and not withheld.is_public
    original = f"/workspace/documents/attachments/{review.attachments.get().pk}/"
    assert login(users.get(username="fgw_cbr")).get(original).status_code == 403
    assert login(users.get(username="fgw_bmsc")).get(original).status_code == 200
