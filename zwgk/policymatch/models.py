"""申报条件 attached to a published policy (documents.Record)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from zwgk.documents.models import Record
from zwgk.policymatch.conditions import KINDS


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


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def active(self) -> SubscriptionQuerySet:
        """Verified and not unsubscribed: the only subscriptions that are ever notified."""
        return self.filter(verified_at__isnull=False, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    """An enterprise's or a person's profile registered for pushes; `token` is the private link that manages it."""

    token = models.CharField(max_length=64, unique=True)
    profile_kind = models.CharField("画像类型", max_length=12, choices=list(KINDS.items()))
    fields = models.JSONField("画像", default=dict)
    email = models.EmailField("电子邮箱")
    include_maybe = models.BooleanField("也推送“可能符合”的政策", default=False)
    consent_version = models.CharField("同意书版本", max_length=20)
    consent_text = models.TextField("同意书文本")
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField("验证时间", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("退订时间", null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "政策订阅"
        verbose_name_plural = "政策订阅"

    def __str__(self) -> str:
        return f"订阅 #{self.pk}"


class VerificationCode(models.Model):
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"验证码（订阅 #{self.subscription_id}）"


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
    SKIPPED = "skipped", "未发送"


class Notification(models.Model):
    """One policy pushed (or to be pushed) to one subscription: the delivery log."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="notifications")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=12)
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.QUEUED, db_index=True
    )
    send_after = models.DateTimeField(db_index=True)
    reason = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # 精准推送不打扰: one policy is never pushed twice to the same subscriber.
            models.UniqueConstraint(fields=["subscription", "record"], name="notification_once_per_policy")
        ]

    def __str__(self) -> str:
        return f"推送 #{self.pk}（{self.get_status_display()}）"
