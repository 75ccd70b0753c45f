"""Agencies (机关单位) of the district, as a tree under the district government."""

from __future__ import annotations

from typing import Any

from django.db import models


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", "区人民政府"
    DEPARTMENT = "department", "区政府部门"
    STREET = "street", "街道"
    PARK = "park", "园区"
    PUBLIC_INSTITUTION = "public_institution", "公共企事业单位"
    PARTY = "party", "党委部门"
    VERTICAL = "vertical", "垂直管理单位"
    COORDINATION = "coordination", "议事协调机构"


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active(self) -> AgencyQuerySet:
        return self.filter(is_active=True)

    def handling_applications(self) -> AgencyQuerySet:
        return self.active().filter(handles_applications=True)

    def of_kind(self, *kinds: str) -> AgencyQuerySet:
        return self.filter(kind__in=kinds)

    def in_display_order(self) -> AgencyQuerySet:
        return self.order_by("sort_order", "code")


class Agency(models.Model):
    code = models.CharField(
        "单位代码",
        max_length=32,
        unique=True,
        help_text="用于生成索引号，如组织机构代码或统一社会信用代码",
    )
    name = models.CharField("单位全称", max_length=100)
    short_name = models.CharField("简称", max_length=50, help_text="工作要点等文件中使用的名称，如“区发改委”")
    aliases = models.JSONField("其他名称", default=list, blank=True, help_text="其他常用叫法，用于名称匹配")
    kind = models.CharField("类型", max_length=30, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级单位",
    )
    members = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="coordination_bodies", verbose_name="成员单位"
    )
    # 公共企事业单位 (work plan item 六): the 主管部门 that oversees the unit's disclosure (issue 18).
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised",
        verbose_name="主管部门",
        help_text="公共企事业单位的主管部门，可查看其公开台账和栏目更新情况",
    )
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)
    handles_applications = models.BooleanField(
        "受理依申请公开", default=True, help_text="本单位是否自行受理政府信息公开申请"
    )
    # The public contact block a 公开指南 must contain (Regulation Art 12).
    disclosure_office = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    website = models.URLField("网址", blank=True)
    postal_code = models.CharField("邮政编码", max_length=10, blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = "机关单位"
        verbose_name_plural = "机关单位"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def names(self) -> list[str]:
        """Every name this agency is known by, for matching names typed in documents."""
        seen: list[str] = []
        for value in [self.name, self.short_name, *self.aliases]:
            if value and value not in seen:
                seen.append(value)
        return seen

    def ancestors(self) -> list[Agency]:
        chain: list[Agency] = []
        node = self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain

    def contact_block(self) -> dict[str, Any]:
        return {
            "工作机构": self.disclosure_office,
            "办公地址": self.office_address,
            "办公时间": self.office_hours,
            "联系电话": self.phone,
            "传真": self.fax,
            "电子邮箱": self.email,
            "网址": self.website,
            "邮政编码": self.postal_code,
        }

    def published_numbers(self) -> list[str]:
        """Phone and fax numbers of the public contact block (allowed in published text)."""
        return [n for n in (self.phone, self.fax) if n]
