"""Annual reports (政府信息公开工作年度报告): one per agency and year, its text versions and published editions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.roles import Role
from zwgk.core.workflow import Workflow
from zwgk.reports.format import NARRATIVE_LABELS, report_title

VIEW_ROLES = (Role.AGENCY_ADMIN, Role.DRAFTER, Role.DISTRICT_ADMIN, Role.SUPERVISOR)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEW = "review", "审核中"
    PUBLISHED = "published", "已发布"


# The one table of allowed moves. published → draft reopens a published report for correction: the last
# published edition stays public until the corrected one is published.
REPORT_FLOW = Workflow(
    {
        (ReportStatus.DRAFT, ReportStatus.REVIEW): "reports.draft",
        (ReportStatus.REVIEW, ReportStatus.DRAFT): "reports.review",
        (ReportStatus.REVIEW, ReportStatus.PUBLISHED): "reports.review",
        (ReportStatus.PUBLISHED, ReportStatus.DRAFT): "reports.review",
    },
    labels=dict(ReportStatus.choices),
)


class AnnualReportQuerySet(models.QuerySet["AnnualReport"]):
    def public(self) -> AnnualReportQuerySet:
        """Reports with at least one published edition (the only definition of "public" for reports)."""
        return self.filter(first_published_at__isnull=False, agency__is_active=True)

    def for_year(self, year: int) -> AnnualReportQuerySet:
        return self.filter(year=year)

    def overdue(self, day: Any) -> AnnualReportQuerySet:
        """Past the legal deadline and never published."""
        return self.filter(due__lt=day, first_published_at__isnull=True)


class AnnualReport(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="annual_reports", verbose_name="单位"
    )
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    due = models.DateField("法定发布期限", db_index=True)
    # The last generated figures: tables 2–4, where each came from, the checks, the facts for the text.
    figures = models.JSONField("统计数据", default=dict, blank=True)
    generated_at = models.DateTimeField("生成时间", null=True, blank=True)
    # Table-2 cells entered by staff: {row: {"value": "97", "note": "来源说明"}}.
    staff_table2 = models.JSONField("工作人员填报（表二）", default=dict, blank=True)
    # Whole tables entered by staff when the platform holds no source for them (used only then).
    manual_table3 = models.JSONField("工作人员填报（表三）", null=True, blank=True)
    manual_table3_note = models.CharField("表三数据来源说明", max_length=300, blank=True)
    manual_table4 = models.JSONField("工作人员填报（表四）", null=True, blank=True)
    manual_table4_note = models.CharField("表四数据来源说明", max_length=300, blank=True)
    submitted_at = models.DateTimeField("提交审核时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField("退回意见", blank=True)
    first_published_at = models.DateTimeField("首次发布时间", null=True, blank=True)
    overdue_since = models.DateField("逾期标记日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "agency__sort_order", "agency__code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="one_annual_report_per_agency_year"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ReportStatus]), name="annual_report_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.PUBLISHED) | Q(first_published_at__isnull=False),
                name="published_annual_report_has_date",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2008, year__lte=2100), name="annual_report_year_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The public page (meaningful once published; search and the catalogue link here)."""

        return reverse("reports:public_detail", args=[self.agency.code, self.year])

    @property
    def title(self) -> str:
        return report_title(self.agency.name, self.year)

    def latest_edition(self) -> ReportEdition | None:
        return self.editions.order_by("-number").first()


class ReportEdition(models.Model):
    """What was published, frozen: figures and texts at the moment of publication. Corrections add editions."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="editions")
    number = models.PositiveSmallIntegerField("版次")
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    content = models.JSONField("发布内容")
    correction_note = models.TextField("更正说明", blank=True)

    class Meta:
        verbose_name = "年度报告发布版本"
        verbose_name_plural = "年度报告发布版本"
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_edition_number"),
        ]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    @property
    def agency_id(self) -> int:
        return self.report.agency_id

    def published_on(self) -> date:
        """The date printed at the end of the published report."""
        stored = (self.content or {}).get("published_on")
        return date.fromisoformat(stored) if stored else timezone.localdate(self.published_at)


class NarrativeOrigin(models.TextChoices):
    FACTS = "facts", "按平台数据起草"
    STAFF = "staff", "工作人员编辑"
    RESTORED = "restored", "恢复历史版本"


class NarrativeVersion(models.Model):
    """One saved text of one section; the current text is the highest number. Never edited in place."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="narrative_versions")
    section = models.CharField("部分", max_length=20, choices=list(NARRATIVE_LABELS.items()))
    number = models.PositiveIntegerField("版本号")
    text = models.TextField("内容")
    origin = models.CharField("来源", max_length=20, choices=NarrativeOrigin.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = "年度报告文字版本"
        verbose_name_plural = "年度报告文字版本"
        ordering = ["report", "section", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "section", "number"], name="unique_narrative_version"),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {NARRATIVE_LABELS.get(self.section, self.section)} · v{self.number}"

    @property
    def agency_id(self) -> int:
        return self.report.agency_id
