"""Subscriptions and governed pushes through the public pages and the delivery sweep."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from zwgk.policymatch import channels, subscriptions
from zwgk.policymatch.models import Notification, Subscription, VerificationCode
from zwgk.policymatch.tests.helpers import USCC, published_policy, with_conditions

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def _code() -> str:
    return re.search(r"验证码是 (\d{6})", mail.outbox[-1].body).group(1)


def verified(fields: dict, include_maybe: bool = False, email: str = "qiye@example.com") -> Subscription:
    """Subscribe and verify with the code the mail carried (the code goes out from the worker after commit)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        sub = subscriptions.subscribe(
            "enterprise", fields, email=email, uscc=USCC, include_maybe=include_maybe, consent=True
        )
    return subscriptions.verify(sub, _code())


@pytest.fixture
def people(agency_a, drafter_a, reviewer_a, signer_a):
    return (agency_a, drafter_a, reviewer_a, signer_a)


def test_subscribe_by_page_verify_by_code_and_only_eligible_profiles_are_queued(
    people, drafter_a, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("policymatch:subscribe"),
            {
                "kind": "enterprise",
                "f_size": "小型",
                "f_tax_credit": "A",
                "email": "xiao@example.com",
                "uscc": "91120110ma05jk3l77",  # lower case is accepted and stored upper case
                "channels": ["email"],
                "consent": "1",
            },
        )
    assert response.status_code == 302
    sub = Subscription.objects.get()
    assert sub.consent_version == "2026-1" and "仅用于判断哪些政策适用" in sub.consent_text
    assert sub.verified_at is None and sub.uscc == USCC and sub.channels == ["email"]
    page = response["Location"]
    client.post(page, {"action": "verify", "code": "000000" if _code() != "000000" else "111111"})
    sub.refresh_from_db()
    assert sub.verified_at is None and VerificationCode.objects.get().attempts == 1
    client.post(page, {"action": "verify", "code": _code()})
    sub.refresh_from_db()
    assert sub.verified_at is not None
    big = verified({"size": "大型", "tax_credit": "A"}, email="da@example.com")
    unverified = subscriptions.subscribe(
        "enterprise", {"size": "小型"}, email="u@example.com", uscc=USCC, include_maybe=True, consent=True
    )
    policy = published_policy(*people, "小微企业稳岗补贴申报通知")
    with django_capture_on_commit_callbacks(execute=True):
        with_conditions(policy, drafter_a)
    assert list(Notification.objects.values_list("subscription_id", flat=True)) == [sub.pk]
    assert not Notification.objects.filter(subscription__in=[big, unverified]).exists()
    mail.outbox.clear()
    assert subscriptions.deliver_due(at("2025-06-10 10:00")) == 1
    (message,) = mail.outbox
    assert message.to == ["xiao@example.com"] and "小微企业稳岗补贴申报通知" in message.body
    assert reverse("policymatch:unsubscribe", args=[sub.token]) in message.body
    note = Notification.objects.get()
    assert note.status == "sent" and note.sent_at == at("2025-06-10 10:00")
    assert "小微企业稳岗补贴申报通知" in client.get(page).content.decode()


def test_maybe_policies_only_for_those_who_chose_them(people, drafter_a, django_capture_on_commit_callbacks):
    wants = verified({"size": "小型"}, include_maybe=True, email="a@example.com")
    verified({"size": "小型"}, email="b@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        with_conditions(published_policy(*people, "小微企业补贴"), drafter_a)
    note = Notification.objects.get()
    assert (note.subscription, note.level) == (wants, "maybe")


def test_quiet_hours_weekly_cap_and_no_policy_twice(people, drafter_a, django_capture_on_commit_callbacks):
    verified({"size": "小型", "tax_credit": "A"})
    with django_capture_on_commit_callbacks(execute=True):
        items = [with_conditions(published_policy(*people, f"小微企业补贴{i}"), drafter_a) for i in range(4)]
    assert Notification.objects.count() == 4
    mail.outbox.clear()
    assert subscriptions.deliver_due(at("2025-06-10 22:30")) == 0
    assert set(Notification.objects.values_list("send_after", flat=True)) == {at("2025-06-11 08:00")}
    assert subscriptions.deliver_due(at("2025-06-11 08:00")) == 3
    deferred = Notification.objects.get(status="queued")
    assert deferred.send_after == at("2025-06-16 08:00") and "每周上限" in deferred.reason
    assert subscriptions.deliver_due(at("2025-06-16 08:00")) == 1
    assert len(mail.outbox) == 4
    # Saving conditions again, or the daily sweep, never queues the same policy twice.
    with django_capture_on_commit_callbacks(execute=True):
        with_conditions(items[0].record, drafter_a)
    assert subscriptions.queue_for_policy(items[1]) == 0
    assert Notification.objects.count() == 4


def test_unsubscribe_link_stops_pushes(people, drafter_a, django_capture_on_commit_callbacks):
    sub = verified({"size": "小型", "tax_credit": "A"})
    with django_capture_on_commit_callbacks(execute=True):
        item = with_conditions(published_policy(*people, "小微企业补贴"), drafter_a)
    url = reverse("policymatch:unsubscribe", args=[sub.token])
    assert "确认退订" in Client().get(url).content.decode()
    sub.refresh_from_db()
    assert sub.unsubscribed_at is None  # a GET (e.g. a mail scanner) does not unsubscribe
    assert "已退订" in Client().post(url).content.decode()
    assert Notification.objects.get().status == "skipped"
    assert subscriptions.deliver_due(at("2025-06-10 10:00")) == 0
    other = with_conditions(published_policy(*people, "又一项小微企业补贴"), drafter_a)
    assert subscriptions.queue_for_policy(other) == 0 and subscriptions.queue_for_policy(item) == 0


def test_delete_really_deletes(people, drafter_a, django_capture_on_commit_callbacks):
    sub = verified({"size": "小型", "tax_credit": "A"})
    with django_capture_on_commit_callbacks(execute=True):
        with_conditions(published_policy(*people, "小微企业补贴"), drafter_a)
    response = Client().post(reverse("policymatch:subscription", args=[sub.token]), {"action": "delete"})
    assert response.status_code == 302
    assert not Subscription.objects.exists() and not Notification.objects.exists()
    assert not VerificationCode.objects.exists()
    assert Client().get(reverse("policymatch:subscription", args=[sub.token])).status_code == 404


def test_a_failing_channel_is_logged_with_its_reason(
    people, drafter_a, django_capture_on_commit_callbacks, monkeypatch
):
    verified({"size": "小型", "tax_credit": "A"})
    with django_capture_on_commit_callbacks(execute=True):
        with_conditions(published_policy(*people, "小微企业补贴"), drafter_a)

    def broken(*args, **kwargs):
        raise OSError("SMTP 服务器拒绝连接")

    monkeypatch.setattr(channels.EmailMessage, "send", broken)
    assert subscriptions.deliver_due(at("2025-06-10 10:00")) == 0
    note = Notification.objects.get()
    assert (note.status, note.reason) == ("failed", "电子邮件：邮件发送失败：SMTP 服务器拒绝连接")
    log = list(note.events.values_list("channel", "kind", "reason"))
    assert log == [
        ("", "queued", "新发布"),
        ("inbox", "sent", ""),
        ("email", "failed", "邮件发送失败：SMTP 服务器拒绝连接"),
    ]


def test_consent_and_a_valid_profile_are_required():
    response = Client().post(
        reverse("policymatch:subscribe"), {"kind": "enterprise", "f_size": "小型", "email": "x@example.com"}
    )
    assert response.status_code == 400 and "请阅读并同意订阅说明" in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_new_code_at_most_once_a_minute_and_five_wrong_codes_lock_it():
    with TestCase.captureOnCommitCallbacks(execute=True):
        sub = subscriptions.subscribe(
            "person", {"graduate": True}, email="p@example.com", include_maybe=False, consent=True
        )
    page = reverse("policymatch:subscription", args=[sub.token])
    client = Client()
    client.post(page, {"action": "resend"})
    assert len(mail.outbox) == 1
    with (
        time_machine.travel("2025-06-10 10:01:01+08:00", tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        client.post(page, {"action": "resend"})
    assert len(mail.outbox) == 2
    good = _code()
    for _ in range(5):
        client.post(page, {"action": "verify", "code": "999999" if good != "999999" else "888888"})
    client.post(page, {"action": "verify", "code": good})
    sub.refresh_from_db()
    assert sub.verified_at is None
