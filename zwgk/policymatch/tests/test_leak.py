"""A policy withdrawn after its 申报条件 were set (LEAK in its title) reaches no public surface of 政策找人: not the
match page, not the subscriber's page (results, inbox, log), not a push — even one queued before it was withdrawn."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from zwgk.documents import actions as documents
from zwgk.policymatch.models import Notification, Subscription
from zwgk.policymatch.subscriptions import deliver_due
from zwgk.policymatch.tests.helpers import USCC, published_policy, with_conditions

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def test_a_withdrawn_policy_reaches_no_public_surface(
    agency_a, drafter_a, reviewer_a, signer_a, django_capture_on_commit_callbacks
):
    now = datetime(2025, 6, 1, tzinfo=TZ)
    sub = Subscription.objects.create(
        token="leak-test-token",
        profile_kind="enterprise",
        fields={"size": "小型", "tax_credit": "A"},
        uscc=USCC,
        email="q@example.com",
        email_verified_at=now,
        verified_at=now,
        channels=["email"],
        consent_version="2026-1",
        consent_text="同意",
    )
    shown = published_policy(agency_a, drafter_a, reviewer_a, signer_a, "公开的小微企业补贴")
    hidden = published_policy(agency_a, drafter_a, reviewer_a, signer_a, "LEAK 小微企业补贴")
    with django_capture_on_commit_callbacks(execute=True):
        with_conditions(shown, drafter_a)
        with_conditions(hidden, drafter_a)
    assert Notification.objects.count() == 2
    documents.withdraw(hidden, by=signer_a, reason="内容有误")

    assert deliver_due(datetime(2025, 6, 10, 10, tzinfo=TZ)) == 1
    assert [m.subject for m in mail.outbox] == ["政策推送：公开的小微企业补贴"]
    assert Notification.objects.get(record=hidden).reason == "政策已不再公开"
    pages = [
        Client().post(reverse("policymatch:match"), {"kind": "enterprise", "f_size": "小型"}),
        Client().get(reverse("policymatch:subscription", args=[sub.token])),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200 and "公开的小微企业补贴" in html
        assert "LEAK" not in html
