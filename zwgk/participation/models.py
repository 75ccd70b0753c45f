"""征求意见: public comment on drafts (a major decision's draft, a normative document's draft, a plan), with
moderation, themes and the published feedback report (意见采纳情况) — work plan items 九 and 十.

`actions.py` is the only writer. Comments are screened and masked before they can be shown; the commenter's
contact details are never shown on a public page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zwgk.accounts.permissions import agency_scope
from zwgk.accounts.roles import Role


class Status(models.TextChoices):
    DRAFT = "draft", "未发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤下"


class CommentDisplay(models.TextChoices):
    ALL = "all", "公开经审核的意见"
    NONE = "none", "不公开意见（只公开采纳情况）"


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def public(self) -> ConsultationQuerySet:
        """The one definition of a public consultation: published (open, closed or with its feedback)."""
        return self.filter(status=Status.PUBLISHED, opens_on__lte=timezone.localdate())

    def open_on(self, day: date) -> ConsultationQuerySet:
        return self.public().filter(opens_on__lte=day, closes_on__gte=day)

    def visible_to(self, user: Any) -> ConsultationQuerySet:
        scope = agency_scope(user, STAFF_ROLES)
        return self if scope is None else self.filter(agency_id__in=scope)


STAFF_ROLES = (Role.DRAFTER, Role.AGENCY_ADMIN, Role.SIGNER, Role.DISTRICT_ADMIN, Role.SUPERVISOR)


class Consultation(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="consultations", verbose_name="征求意见单位"
    )
    title = models.CharField("标题", max_length=200)
    summary = models.TextField("起草说明", blank=True, help_text="草案说明、决策背景等")
    draft_text = models.TextField("草案全文", help_text="按“第一条”分条的草案逐条征求意见，否则按段落")
    draft_record = models.ForeignKey(
        "documents.Record",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="草案对应的政府信息",
    )
    final_record = models.ForeignKey(
        "documents.Record",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name="正式发布的文件",
    )
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    contact_required = models.BooleanField("须留联系方式", default=False)
    comment_display = models.CharField(
        "意见公开方式", max_length=10, choices=CommentDisplay.choices, default=CommentDisplay.ALL
    )
    channels = models.TextField(
        "其他反馈渠道", blank=True, help_text="如电子邮箱、信函地址、传真，公众也可以通过这些方式提交意见"
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    feedback_text = models.TextField("意见采纳情况说明", blank=True)
    feedback_published_at = models.DateTimeField("采纳情况发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        constraints = [
            models.CheckConstraint(
                name="participation_closes_after_opens", condition=Q(closes_on__gte=models.F("opens_on"))
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, day: date | None = None) -> bool:
        today = day or timezone.localdate()
        return self.status == Status.PUBLISHED and self.opens_on <= today <= self.closes_on

    def phase(self, day: date | None = None) -> str:
        today = day or timezone.localdate()
        if self.status != Status.PUBLISHED:
            return Status(self.status).label
        if today < self.opens_on:
            return "未开始"
        if today <= self.closes_on:
            return "征求意见中"
        return "已公布采纳情况" if self.feedback_published_at else "已截止"


class CommentStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已审核"
    REJECTED = "rejected", "不予显示"


class Comment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    unit_number = models.PositiveIntegerField("条款序号", null=True, blank=True)  # None: on the whole draft
    unit_label = models.CharField("条款", max_length=30, blank=True)
    text = models.TextField("意见")
    name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    status = models.CharField(max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    public_text = models.TextField(blank=True)  # screened and masked at approval
    reject_reason = models.CharField(max_length=200, blank=True)
    theme = models.ForeignKey(
        "Theme", on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.consultation_id}#{self.pk}"

    @property
    def agency_id(self) -> int:
        return self.consultation.agency_id


class Decision(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class Theme(models.Model):
    """A group of comments that say the same thing, and what the drafters decided about it."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField("意见归纳", max_length=200)
    decision = models.CharField("采纳情况", max_length=12, choices=Decision.choices, blank=True)
    reason = models.TextField("理由", blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def agency_id(self) -> int:
        return self.consultation.agency_id
