"""Subscribers change everything at any time, and deletion really deletes: no trace of their data remains."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zwgk.policymatch import subscriptions
from zwgk.policymatch.models import DeliveryEvent, Notification, Subscription, VerificationCode
from zwgk.policymatch.tests.helpers import USCC, published_policy, with_conditions

pytestmark = pytest.mark.django_db
EMAIL, NEW_EMAIL = "laoban@example.com", "caiwu@example.com"


def _code() -> str:
    return re.search(r"验证码是 (\d{6})", mail.outbox[-1].body).group(1)


@pytest.fixture
def sub(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = subscriptions.subscribe(
            "enterprise", {"size": "小型", "tax_credit": "A"}, email=EMAIL, uscc=USCC, consent=True
        )
    return subscriptions.verify(item, _code())


@pytest.mark.parametrize(
    ("uscc", "problem"),
    [
        ("", "请填写统一社会信用代码（18 位）"),
        ("91120110MA05JK3L78", "统一社会信用代码不正确"),  # wrong check character
        ("91120110MA05JK3L7", "统一社会信用代码不正确"),  # 17 characters
    ],
)
def test_an_enterprise_needs_a_valid_credit_code(uscc, problem):
    response = Client().post(
        reverse("policymatch:subscribe"),
        {
            "kind": "enterprise",
            "f_size": "小型",
            "email": EMAIL,
            "uscc": uscc,
            "channels": ["email"],
            "consent": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400 and problem in html
    assert EMAIL in html  # nothing typed is lost
    assert not Subscription.objects.exists()


def test_profile_channels_topics_and_address_change_the_new_address_only_after_its_code(
    sub, django_capture_on_commit_callbacks
):
    page = reverse("policymatch:subscription", args=[sub.token])
    client = Client()
    assert f'value="{USCC}"' in client.get(page).content.decode()  # the form is filled with what is stored
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page,
            {
                "action": "change",
                "f_size": "微型",
                "f_employees": "8",
                "email": NEW_EMAIL,
                "uscc": USCC,
                "channels": ["email"],
                "include_maybe": "1",
            },
        )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.fields == {"size": "微型", "employees": 8} and sub.include_maybe
    assert sub.email == EMAIL and sub.contact("email") == EMAIL  # the old address until the new one is proven
    assert mail.outbox[-1].to == [NEW_EMAIL]
    client.post(page, {"action": "verify", "channel": "email", "code": _code()})
    sub.refresh_from_db()
    assert sub.email == NEW_EMAIL and sub.contact("email") == NEW_EMAIL
    bad = client.post(page, {"action": "change", "f_employees": "很多", "email": NEW_EMAIL, "uscc": USCC})
    assert bad.status_code == 400 and "应为整数" in bad.content.decode() and "很多" in bad.content.decode()
    client.post(page, {"action": "unsubscribe"})
    client.post(page, {"action": "resume"})
    sub.refresh_from_db()
    assert sub.unsubscribed_at is None


def test_deletion_leaves_no_trace_of_the_subscriber_anywhere(
    sub, agency_a, drafter_a, reviewer_a, signer_a, django_capture_on_commit_callbacks
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    with django_capture_on_commit_callbacks(execute=True):
        with_conditions(
            published_policy(agency_a, drafter_a, reviewer_a, signer_a, "小微企业补贴"), drafter_a
        )
    subscriptions.deliver_due(datetime(2025, 6, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
    note = Notification.objects.get()
    subscriptions.mark_opened(note, "email")
    with django_capture_on_commit_callbacks(execute=True):
        subscriptions.update_subscription(
            sub, {"size": "小型"}, email=NEW_EMAIL, uscc=USCC, channels=["email"]
        )
    assert VerificationCode.objects.exists() and DeliveryEvent.objects.exists()

    def everything() -> str:
        out = io.StringIO()
        call_command("dumpdata", stdout=out)
        return out.getvalue()

    before = everything()
    assert EMAIL in before and NEW_EMAIL in before and USCC in before and sub.token in before
    response = Client().post(reverse("policymatch:subscription", args=[sub.token]), {"action": "delete"})
    assert response.status_code == 302
    after = everything()
    for trace in (EMAIL, NEW_EMAIL, USCC, sub.token, note.token, "laoban", "caiwu"):
        assert trace not in after, trace
    assert not Subscription.objects.exists() and not Notification.objects.exists()
    assert not VerificationCode.objects.exists() and not DeliveryEvent.objects.exists()
    assert Client().get(reverse("policymatch:subscription", args=[sub.token])).status_code == 404
    assert Client().get(reverse("policymatch:opened", args=[note.token, "email"])).status_code == 404


def test_the_enterprise_page_shows_each_open_policy_with_reasons_and_clauses(
    agency_a, drafter_a, reviewer_a, signer_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sub = subscriptions.subscribe(
            "enterprise",
            {"industry_division": "62", "employees": 8, "revenue": 90},
            email=EMAIL,
            uscc=USCC,
            consent=True,
        )
    with_conditions(published_policy(agency_a, drafter_a, reviewer_a, signer_a, "小微企业补贴"), drafter_a)
    with_conditions(
        published_policy(agency_a, drafter_a, reviewer_a, signer_a, "大型企业技改奖励"),
        drafter_a,
        {"field": "size", "op": "==", "value": "大型", "clause": "第四条"},
    )
    with_conditions(
        published_policy(agency_a, drafter_a, reviewer_a, signer_a, "餐饮业纾困补贴"),
        drafter_a,
        {"field": "industry", "op": "==", "value": "H", "clause": "第一条"},
    )
    html = Client().get(reverse("policymatch:subscription", args=[sub.token])).content.decode()
    results = html.split("正在申报的政策与我")[1].split("站内信")[0]
    assert "企业规模 微型" in results and "行业 H（住宿和餐饮业）" in results  # derived, and said so
    order = [results.index(t) for t in ("餐饮业纾困补贴", "小微企业补贴", "大型企业技改奖励")]
    assert order == sorted(order)  # 符合, 可能符合, 不符合
    assert "<strong>可能符合</strong>" in results and "纳税信用等级不等于D（第三条）" in results
    assert "<strong>不符合</strong>" in results and "企业规模等于大型（第四条）" in results
    assert "行业等于H（住宿和餐饮业）（第一条）" in results
