"""基层政务公开标准目录 (standard catalogue: domain → 一级事项 → 二级事项 with the eight elements) and each
agency's 政务公开事项目录 built from it (AgencyItem: an adopted 事项 and the column where it is published)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

LEVEL_LABELS = {"county": "县级", "township": "乡级", "village": "村级"}


class Catalogue(models.Model):
    domain = models.CharField("领域", max_length=50, unique=True, help_text="如 涉农补贴、义务教育")
    source = models.TextField("来源说明", blank=True)
    imported_at = models.DateTimeField("导入时间", null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "基层政务公开标准目录"
        verbose_name_plural = "基层政务公开标准目录"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.domain}领域基层政务公开标准目录"


class CatalogueItemQuerySet(models.QuerySet["CatalogueItem"]):
    def current(self) -> CatalogueItemQuerySet:
        return self.filter(retired=False)


class CatalogueItem(models.Model):
    catalogue = models.ForeignKey(
        Catalogue, on_delete=models.CASCADE, related_name="items", verbose_name="标准目录"
    )
    seq = models.PositiveIntegerField("序号")
    level1 = models.CharField("一级事项", max_length=100)
    level2 = models.CharField("二级事项", max_length=200)
    content = models.TextField("公开内容（要素）")
    basis = models.TextField("公开依据")
    time_limit = models.CharField("公开时限", max_length=300)
    # Parsed from the text (“20个工作日内”); None when the limit is not a number of working days.
    time_limit_days = models.PositiveSmallIntegerField("公开时限（工作日）", null=True, blank=True)
    subject = models.CharField("公开主体", max_length=200)
    channels = models.TextField("公开渠道和载体")
    audience = models.CharField("公开对象", max_length=50)
    mode = models.CharField("公开方式", max_length=50)
    levels = models.JSONField(
        "公开层级", default=list, help_text="county 县级 / township 乡级 / village 村级"
    )
    retired = models.BooleanField("已从标准目录删除", default=False)

    objects = CatalogueItemQuerySet.as_manager()

    class Meta:
        verbose_name = "标准目录事项"
        verbose_name_plural = "标准目录事项"
        ordering = ["catalogue", "seq", "id"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "level1", "level2"], name="catalogue_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.level1} / {self.level2}"

    @property
    def level_labels(self) -> str:
        return "、".join(LEVEL_LABELS.get(code, code) for code in self.levels)


class AgencyItem(models.Model):
    """One 事项 of an agency's 事项目录, and the column of its site where it is published."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="catalogue_items", verbose_name="单位"
    )
    item = models.ForeignKey(
        CatalogueItem, on_delete=models.PROTECT, related_name="adoptions", verbose_name="事项"
    )
    column = models.ForeignKey(
        "columns.Column",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="catalogue_links",
        verbose_name="发布栏目",
    )
    adopted_on = models.DateField("纳入日期")
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "事项目录事项"
        verbose_name_plural = "事项目录事项"
        ordering = ["item__catalogue", "item__seq"]
        constraints = [models.UniqueConstraint(fields=["agency", "item"], name="agency_item_unique")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.item}"
