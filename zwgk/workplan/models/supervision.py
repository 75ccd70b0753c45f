"""Supervision by the 公开办 and 督查员: reminders, inspections (督查) with findings, 通报, 回头看."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from zwgk.accounts.permissions import agency_scope
from zwgk.core.workflow import Workflow
from zwgk.workplan.models.ledger import VIEW_ROLES, Task
from zwgk.workplan.models.plan import Plan, PlanItem


class AgencyScopedQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> AgencyScopedQuerySet:
        scope = agency_scope(user, VIEW_ROLES)
        if scope is None:
            return self
        return self.filter(agency_id__in=scope)


class Reminder(models.Model):
    """A reminder (催办) from the 公开办/督查员 to a unit: shown in its 待办事项 and sent by e-mail."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="reminders", verbose_name="工作要点"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    task = models.ForeignKey(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders", verbose_name="任务"
    )
    message = models.TextField("提醒内容")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发送人"
    )
    sent_at = models.DateTimeField("发送时间", default=timezone.now)
    emailed_to = models.JSONField("邮件收件人", default=list, blank=True)
    acknowledged_at = models.DateTimeField("已阅时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="已阅人",
    )

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "工作提醒"
        verbose_name_plural = "工作提醒"
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.agency} {self.sent_at:%Y-%m-%d}"


class InspectionRating(models.TextChoices):
    GOOD = "good", "好"
    FAIR = "fair", "一般"
    POOR = "poor", "差（工作开展不积极、履职不到位）"


class Inspection(models.Model):
    """One inspection (督查) of a unit's implementation, with its findings."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="inspections", verbose_name="工作要点"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="被检查单位"
    )
    inspected_on = models.DateField("检查日期")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="检查人"
    )
    method = models.CharField(
        "检查方式", max_length=60, blank=True, help_text="如：查阅台账、实地检查、网站检查"
    )
    summary = models.TextField("检查情况")
    rating = models.CharField("总体评价", max_length=10, choices=InspectionRating.choices)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "督查记录"
        verbose_name_plural = "督查记录"
        ordering = ["-inspected_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__in=InspectionRating.values), name="workplan_inspection_rating"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.inspected_on}"


class Finding(models.Model):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="findings", verbose_name="督查记录"
    )
    item = models.ForeignKey(
        PlanItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="相关条目"
    )
    text = models.TextField("发现的问题")
    rectify_by = models.DateField("整改时限", null=True, blank=True)
    rectified_at = models.DateTimeField("整改完成时间", null=True, blank=True)
    rectification_note = models.TextField("整改情况", blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="整改报送人",
    )

    class Meta:
        verbose_name = "督查发现问题"
        verbose_name_plural = "督查发现问题"
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    def permission_agency_ids(self) -> list[int]:
        return [self.inspection.agency_id]


def bulletin_path(instance: Bulletin, filename: str) -> str:
    return f"workplan/bulletins/{instance.plan.year}/{uuid.uuid4().hex}.docx"


class Bulletin(models.Model):
    """A 通报 on units that are late or not performing (item 十九), kept as the .docx that was issued."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="bulletins", verbose_name="工作要点"
    )
    serial = models.PositiveSmallIntegerField("期号")
    title = models.CharField("标题", max_length=200)
    as_of = models.DateField("统计截止日期")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="签发人"
    )
    issued_at = models.DateTimeField("印发时间", default=timezone.now)
    requirement = models.TextField("整改要求", blank=True)
    file = models.FileField("通报文件", upload_to=bulletin_path, max_length=200)
    # 作废: an issued 通报 is never deleted or renumbered; voiding keeps it, says who, when and why (audited).
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="作废人",
    )
    void_reason = models.TextField("作废理由", blank=True)

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = "通报"
        ordering = ["-plan__year", "-serial"]
        constraints = [models.UniqueConstraint(fields=["plan", "serial"], name="workplan_bulletin_serial")]

    def __str__(self) -> str:
        return self.title


class BulletinEntry(models.Model):
    """A unit named in a 通报, with the facts stated about it."""

    bulletin = models.ForeignKey(
        Bulletin, on_delete=models.CASCADE, related_name="entries", verbose_name="通报"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    facts = models.JSONField("事实", default=list)

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "通报单位"
        verbose_name_plural = "通报单位"
        ordering = ["bulletin", "agency__sort_order"]
        constraints = [models.UniqueConstraint(fields=["bulletin", "agency"], name="workplan_bulletin_entry")]

    def __str__(self) -> str:
        return f"{self.bulletin} · {self.agency}"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "待整改"
    REPORTED = "reported", "已报整改"
    VERIFIED = "verified", "已核查"


REVIEW_FLOW = Workflow(
    {
        (ReviewStatus.OPEN, ReviewStatus.REPORTED): "workplan.report_review",
        (ReviewStatus.REPORTED, ReviewStatus.VERIFIED): "workplan.supervise",
        (ReviewStatus.REPORTED, ReviewStatus.OPEN): "workplan.supervise",  # sent back
    },
    labels=dict(ReviewStatus.choices),
    illegal_message="该事项当前为“{current}”，不能改为“{target}”。",
)


class ReviewItem(models.Model):
    """回头看: a task of last year's plan left unfinished, carried into this year's review list."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="review_items", verbose_name="本年工作要点"
    )
    source_task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="+", verbose_name="上年任务")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    label = models.CharField("上年事项", max_length=300)
    source_status = models.CharField("上年状态", max_length=20)
    status = models.CharField("状态", max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    report_note = models.TextField("整改情况", blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField("报送时间", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField("核查时间", null=True, blank=True)
    verify_note = models.TextField("核查意见", blank=True)
    created_at = models.DateTimeField("列入时间", auto_now_add=True)

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "回头看事项"
        verbose_name_plural = "回头看事项"
        ordering = ["agency__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "source_task"], name="workplan_review_once_per_task"),
            models.CheckConstraint(
                condition=models.Q(status__in=ReviewStatus.values), name="workplan_review_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.label}"
