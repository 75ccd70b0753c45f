"""申报条件 attached to a published policy (documents.Record)."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zwgk.documents.models import Record
from zwgk.policymatch.conditions import KINDS


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Delivery(models.TextChoices):
    APPLY = "apply", "申请"
    AUTOMATIC = "automatic", "免申即享"


class EligibilityQuerySet(models.QuerySet["PolicyEligibility"]):
    def public(self) -> EligibilityQuerySet:
        """Conditions of public records only (the record's `.public()` is the one definition)."""
        return self.filter(record__in=Record.objects.public())

    def in_force(self) -> EligibilityQuerySet:
        return self.filter(record__in=Record.objects.in_force())

    def open_on(self, day: date) -> EligibilityQuerySet:
        """申报期限 open on `day` (an absent opening or closing date leaves that side open)."""
        return self.filter(Q(opens_on__isnull=True) | Q(opens_on__lte=day)).filter(
            Q(closes_on__isnull=True) | Q(closes_on__gte=day)
        )

    def matchable(self, day: date) -> EligibilityQuerySet:
        """What a profile is matched against: public, in force, 申报期限 open."""
        return self.public().in_force().open_on(day).select_related("record")


class PolicyEligibility(models.Model):
    record = models.OneToOneField(
        Record, on_delete=models.CASCADE, related_name="eligibility", verbose_name="政策文件"
    )
    profile_kind = models.CharField("适用对象", max_length=12, choices=list(KINDS.items()))
    # The JSON form of the condition language (README: 政策找人), validated by actions.save_eligibility.
    conditions = models.JSONField("申报条件")
    opens_on = models.DateField("申报开始日期", null=True, blank=True)
    closes_on = models.DateField("申报截止日期", null=True, blank=True, db_index=True)
    channel = models.CharField("申报渠道", max_length=300, blank=True)
    delivery = models.CharField("兑现方式", max_length=12, choices=Delivery.choices, default=Delivery.APPLY)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = EligibilityQuerySet.as_manager()

    class Meta:
        verbose_name = "申报条件"
        verbose_name_plural = "申报条件"
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=models.F("opens_on")),
                name="eligibility_window_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.record.title} 申报条件"

    def permission_agency_ids(self) -> list[Any]:
        return self.record.permission_agency_ids()


class Channel(models.TextChoices):
    """How a push reaches a subscriber (channels.py has one adapter per value)."""

    INBOX = "inbox", "站内信（订阅页）"
    EMAIL = "email", "电子邮件"
    SMS = "sms", "短信"


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def active(self) -> SubscriptionQuerySet:
        """Verified and not unsubscribed: the only subscriptions that are ever notified."""
        return self.filter(verified_at__isnull=False, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    """An enterprise's or a person's profile registered for pushes; `token` is the private link that manages it.

    Deleting the row deletes everything about the subscriber (codes, notifications, their delivery logs, 申报
    are counted per policy, not per subscriber); audit events name only the number."""

    token = models.CharField(max_length=64, unique=True)
    profile_kind = models.CharField("画像类型", max_length=12, choices=list(KINDS.items()))
    # What the subscriber stated (derived 门类 / 企业规模 are recomputed at matching time).
    fields = models.JSONField("画像", default=dict)
    # 统一社会信用代码 of an enterprise (GB 32100-2015 check character verified by zwgk.screening.checks).
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    email_verified_at = models.DateTimeField("邮箱验证时间", null=True, blank=True)
    phone = models.CharField("手机号码", max_length=11, blank=True)
    phone_verified_at = models.DateTimeField("手机验证时间", null=True, blank=True)
    # Channels chosen besides the in-site inbox (always on): a subset of ["email", "sms"].
    channels = models.JSONField("推送渠道", default=list)
    # 主题分类 (top-level documents.Theme ids) the subscriber wants; empty = every topic.
    topics = models.JSONField("关注主题", default=list)
    include_maybe = models.BooleanField("也推送“可能符合”的政策", default=False)
    consent_version = models.CharField("同意书版本", max_length=20)
    consent_text = models.TextField("同意书文本")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    verified_at = models.DateTimeField("验证时间", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("退订时间", null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "政策订阅"
        verbose_name_plural = "政策订阅"
        constraints = [
            models.CheckConstraint(condition=~Q(email="") | ~Q(phone=""), name="subscription_has_a_contact")
        ]

    def __str__(self) -> str:
        return f"订阅 #{self.pk}"

    def contact(self, channel: str) -> str:
        """The verified address of a channel ("" when it is not chosen or not verified)."""
        if channel == Channel.EMAIL and self.email and self.email_verified_at and channel in self.channels:
            return self.email
        if channel == Channel.SMS and self.phone and self.phone_verified_at and channel in self.channels:
            return self.phone
        return ""


class VerificationCode(models.Model):
    """A one-time code proving an address is the subscriber's; the address takes effect when the code is right."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="codes")
    channel = models.CharField(max_length=8, choices=[(Channel.EMAIL, "电子邮件"), (Channel.SMS, "短信")])
    target = models.CharField(max_length=254)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "channel"], name="one_code_per_channel")
        ]

    def __str__(self) -> str:
        return f"验证码（订阅 #{self.subscription_id}）"


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
    SKIPPED = "skipped", "未发送"


class Trigger(models.TextChoices):
    PUBLISHED = "published", "新发布"
    OPENED = "opened", "申报开始"
    DEADLINE = "deadline", "即将截止"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_record(self, record_id: int) -> NotificationQuerySet:
        return self.filter(record_id=record_id)


class Notification(models.Model):
    """One policy pushed (or to be pushed) to one subscription, over each of its channels (DeliveryEvent log)."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="notifications")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=12)
    trigger = models.CharField("触发", max_length=10, choices=Trigger.choices, default=Trigger.PUBLISHED)
    # The private link in the message (policy page via /policies/n/<token>/<channel>/) tells that it was opened.
    token = models.CharField(max_length=32, unique=True, default=new_token)
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.QUEUED, db_index=True
    )
    send_after = models.DateTimeField(db_index=True)
    reason = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        constraints = [
            # 精准推送不打扰: one policy is never pushed twice to the same subscriber.
            models.UniqueConstraint(fields=["subscription", "record"], name="notification_once_per_policy")
        ]

    def __str__(self) -> str:
        return f"推送 #{self.pk}（{self.get_status_display()}）"


class DeliveryEventKind(models.TextChoices):
    QUEUED = "queued", "排队"
    DEFERRED = "deferred", "顺延"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
    SKIPPED = "skipped", "未发送"
    OPENED = "opened", "已打开"


class DeliveryEvent(models.Model):
    """The delivery log of one notification: what happened on which channel, when and why."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="events")
    channel = models.CharField(max_length=8, choices=Channel.choices, blank=True)
    kind = models.CharField(max_length=10, choices=DeliveryEventKind.choices)
    reason = models.CharField("说明", max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（推送 #{self.notification_id}）"


class ApplicationTally(models.Model):
    """申报 received for a policy, as staff record it (a running total with the date it was counted)."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="application_tallies")
    received = models.PositiveIntegerField("收到申报（件）")
    as_of = models.DateField("统计截至")
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "申报登记"
        verbose_name_plural = "申报登记"
        ordering = ["-as_of", "-pk"]

    def __str__(self) -> str:
        return f"{self.record_id} 申报 {self.received} 件"

    def permission_agency_ids(self) -> list[Any]:
        return self.record.permission_agency_ids()


class Leaflet(models.Model):
    """政策明白纸: the text staff edited before printing (one per policy); the PDF and PNG are made from it."""

    record = models.OneToOneField(Record, on_delete=models.CASCADE, related_name="leaflet")
    title = models.CharField("标题", max_length=120)
    audience = models.TextField("适用对象")
    benefits = models.TextField("政策内容（能享受什么）")
    how_to_apply = models.TextField("怎么申请")
    deadline = models.CharField("申报期限", max_length=120)
    contacts = models.TextField("咨询电话")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "政策明白纸"
        verbose_name_plural = "政策明白纸"

    def __str__(self) -> str:
        return self.title

    def permission_agency_ids(self) -> list[Any]:
        return self.record.permission_agency_ids()
