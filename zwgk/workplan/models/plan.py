"""The year's 工作要点 as imported: plan, numbered items, and the units responsible for each item."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from zwgk.workplan.parser import to_chinese_number


class PlanQuerySet(models.QuerySet["Plan"]):
    def year_being_carried_out(self, today: date) -> int | None:
        """The latest plan not after `today`'s year (else the earliest later one): the one units work on."""
        years = list(self.order_by("-year").values_list("year", flat=True))
        for year in years:
            if year <= today.year:
                return year
        return years[-1] if years else None


class Plan(models.Model):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    title = models.CharField("标题", max_length=200)
    source_name = models.CharField("来源文件", max_length=200, blank=True)
    final_due = models.DateField("默认完成时限", help_text="导入时各项任务的默认时限，一般为当年12月31日")
    imported_at = models.DateTimeField("导入时间")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="导入人",
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "政务公开工作要点"
        verbose_name_plural = "政务公开工作要点"
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title or f"{self.year}年政务公开工作要点"


class PlanItem(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items", verbose_name="工作要点")
    seq = models.PositiveSmallIntegerField("序号")
    number = models.CharField("编号", max_length=12)
    section = models.CharField("部分", max_length=120, blank=True)
    title = models.CharField("标题", max_length=200)
    text = models.TextField("内容", blank=True)
    units_clause = models.TextField("责任单位（原文）", blank=True)
    unmatched = models.JSONField("未匹配的单位名称", default=list, blank=True)
    deadline_text = models.CharField("时限要求（原文）", max_length=60, blank=True)
    deadline = models.DateField("时限要求", null=True, blank=True, help_text="各单位台账任务的默认完成时限")

    class Meta:
        verbose_name = "工作要点条目"
        verbose_name_plural = "工作要点条目"
        ordering = ["plan", "seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="workplan_item_unique_seq")]

    def __str__(self) -> str:
        return f"{self.number}{self.title}"

    @property
    def ordinal(self) -> str:
        """ "十八" for the 18th item: how people refer to items ("要点第十八项")."""
        return to_chinese_number(self.seq)


class ResponsibilityRole(models.TextChoices):
    LEAD = "lead", "牵头"
    RESPONSIBLE = "responsible", "负责落实"
    COOPERATE = "cooperate", "协助配合"


class Responsibility(models.Model):
    """Agency A is responsible for item I in role R (lead, responsible, co-operating)."""

    item = models.ForeignKey(
        PlanItem, on_delete=models.CASCADE, related_name="responsibilities", verbose_name="条目"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    role = models.CharField("职责", max_length=20, choices=ResponsibilityRole.choices)
    via = models.CharField("原文名称", max_length=120, blank=True, help_text="如“各街道园区”“区政府各部门”")
    position = models.PositiveSmallIntegerField("原文顺序", default=0)

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        ordering = ["item", "position", "agency__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "agency"], name="workplan_responsibility_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=ResponsibilityRole.values), name="workplan_responsibility_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.number} {self.agency} {self.get_role_display()}"


class ItemIndicator(models.Model):
    """The 公开办's choice to show (or hide) a live indicator next to an item.

    Without a row, an indicator is shown when one of its hint phrases occurs in the item's text
    (see zwgk.workplan.indicators); a row overrides that in either direction.
    """

    item = models.ForeignKey(
        PlanItem, on_delete=models.CASCADE, related_name="indicator_links", verbose_name="条目"
    )
    key = models.CharField("指标", max_length=80)
    shown = models.BooleanField("显示", default=True)

    class Meta:
        verbose_name = "条目指标"
        verbose_name_plural = "条目指标"
        constraints = [models.UniqueConstraint(fields=["item", "key"], name="workplan_item_indicator_unique")]

    def __str__(self) -> str:
        return f"{self.item.number} {self.key}"
