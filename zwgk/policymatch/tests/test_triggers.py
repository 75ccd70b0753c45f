"""What queues pushes: publication (the platform's public-content signal), the 申报期限 opening, the deadline 5
working days ahead; and the work-plan indicators built from the pushes and the 申报 recorded."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from zwgk.core.signals import public_content_changed
from zwgk.documents.models import Record
from zwgk.policymatch import tasks
from zwgk.policymatch.actions import record_applications
from zwgk.policymatch.indicators import applications_received, pushes_delivered
from zwgk.policymatch.models import Notification, Subscription
from zwgk.policymatch.subscriptions import deliver_due, mark_opened
from zwgk.policymatch.tests.helpers import USCC, published_policy, with_conditions
from zwgk.workplan.indicators import get

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def _subscriber(**fields) -> Subscription:
    now = datetime(2025, 6, 1, tzinfo=TZ)
    return Subscription.objects.create(
        token=f"t{Subscription.objects.count()}",
        profile_kind="enterprise",
        fields=fields or {"size": "小型", "tax_credit": "A"},
        uscc=USCC,
        email=f"s{Subscription.objects.count()}@example.com",
        email_verified_at=now,
        verified_at=now,
        channels=["email"],
        consent_version="2026-1",
        consent_text="同意",
    )


@pytest.fixture
def policy(agency_a, drafter_a, reviewer_a, signer_a):
    return published_policy(agency_a, drafter_a, reviewer_a, signer_a, "小微企业稳岗补贴")


def test_publication_signal_queues_a_policy_that_already_carries_conditions(policy, drafter_a):
    with_conditions(policy, drafter_a)  # on_commit not run: nothing queued yet
    sub = _subscriber()
    assert not Notification.objects.exists()
    public_content_changed.send(sender=Record, instance_id=policy.pk, kind="record")
    assert Notification.objects.get().subscription == sub
    public_content_changed.send(sender=Record, instance_id=policy.pk, kind="record")
    public_content_changed.send(sender=Record, instance_id=policy.pk, kind="interpretation")
    assert Notification.objects.count() == 1


def test_the_daily_sweep_queues_openings_and_deadlines_within_five_working_days(
    agency_a, drafter_a, reviewer_a, signer_a
):
    # Tuesday 2025-06-10: five working days ahead is Tuesday 2025-06-17.
    closing = published_policy(agency_a, drafter_a, reviewer_a, signer_a, "即将截止的补贴")
    opening = published_policy(agency_a, drafter_a, reviewer_a, signer_a, "今天开始申报的补贴")
    later = published_policy(agency_a, drafter_a, reviewer_a, signer_a, "以后才开始的补贴")
    with_conditions(closing, drafter_a, closes_on="2025-06-17")
    with_conditions(opening, drafter_a, opens_on="2025-06-10", closes_on="2025-07-31")
    with_conditions(later, drafter_a, opens_on="2025-06-20")
    _subscriber()
    tasks.queue_opened.call_local()
    triggers = dict(Notification.objects.values_list("record__title", "trigger"))
    assert triggers == {"即将截止的补贴": "deadline", "今天开始申报的补贴": "opened"}
    deliver_due(datetime(2025, 6, 10, 10, tzinfo=TZ))
    bodies = {m.subject: m.body for m in mail.outbox}
    assert "申报截止：2025年6月17日" in bodies["政策推送：即将截止的补贴"]


def test_indicators_for_items_two_and_five(policy, drafter_a, gkb):
    assert get("policymatch.pushes_delivered").item_number == 2
    assert get("policymatch.applications_received").item_number == 5
    with_conditions(policy, drafter_a)
    _subscriber()
    _subscriber(size="微型", tax_credit="B")
    public_content_changed.send(sender=Record, instance_id=policy.pk, kind="record")
    deliver_due(datetime(2025, 6, 10, 10, tzinfo=TZ))
    mark_opened(Notification.objects.first(), "email")
    value = pushes_delivered(2025, None)
    assert (value.numerator, value.denominator) == (2, 2) and "其中 1 条被打开" in value.note
    assert pushes_delivered(2025, policy.agency_id + 1000).denominator == 0
    record_applications(policy, {"received": "5", "as_of": "2025-06-01"}, by=gkb)
    record_applications(
        policy, {"received": "9", "as_of": "2025-06-09"}, by=gkb
    )  # a running total: latest counts
    assert applications_received(2025, None).display == "9件"
    assert applications_received(2024, None).numerator == 0
