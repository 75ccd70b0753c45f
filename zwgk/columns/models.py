"""The column tree (栏目): one per site — the district portal (agency None) and a sub-site per agency.

A column lists records chosen by its content rule (kinds, statutory categories, themes, issuing agencies, title
words) and hand-picked records (ColumnItem); a record may appear in any number of columns. What a column shows
is always read through `Record.objects.public()` (zwgk/columns/content.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zwgk.columns import periods

MAX_DEPTH = 3  # 一级栏目 › 二级栏目 › 三级栏目


class ColumnKind(models.TextChoices):
    LIST = "list", "信息列表"
    SPECIAL = "special", "专题专栏"
    PAGE = "page", "单页（静态介绍）"
    LINK = "link", "链接到平台内栏目"


class UpdateRule(models.TextChoices):
    DYNAMIC = periods.DYNAMIC, "动态类（2 周内应有更新）"
    NOTICE = periods.NOTICE, "通知公告、政策文件类（6 个月内应有更新）"
    STATIC = periods.STATIC, "静态类（不要求更新频率）"


class ColumnQuerySet(models.QuerySet["Column"]):
    def public(self) -> ColumnQuerySet:
        """THE definition of a public column: shown, its ancestors shown, its site's agency active."""
        return self.filter(
            Q(is_active=True),
            Q(parent__isnull=True) | Q(parent__is_active=True),
            Q(parent__parent__isnull=True) | Q(parent__parent__is_active=True),
            Q(agency__isnull=True) | Q(agency__is_active=True),
        )

    def portal(self) -> ColumnQuerySet:
        return self.filter(agency__isnull=True)

    def of_site(self, agency_id: int | None) -> ColumnQuerySet:
        return self.filter(agency__isnull=True) if agency_id is None else self.filter(agency_id=agency_id)

    def roots(self) -> ColumnQuerySet:
        return self.filter(parent__isnull=True)

    def specials(self) -> ColumnQuerySet:
        return self.filter(kind=ColumnKind.SPECIAL)

    def in_order(self) -> ColumnQuerySet:
        return self.order_by("sort_order", "id")


class Column(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="columns",
        verbose_name="所属网站",
        help_text="空：区政府门户网站；否则为该单位的子站",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级栏目",
    )
    name = models.CharField("栏目名称", max_length=60)
    slug = models.SlugField(
        "栏目地址", max_length=60, help_text="网址中使用的英文、数字或连字符，如 yqfk；同一网站内不可重复"
    )
    kind = models.CharField("栏目类型", max_length=10, choices=ColumnKind.choices, default=ColumnKind.LIST)
    update_rule = models.CharField(
        "更新要求", max_length=10, choices=UpdateRule.choices, default=UpdateRule.NOTICE
    )
    sort_order = models.PositiveIntegerField("排序", default=100)
    show_in_nav = models.BooleanField("在导航中显示", default=True)
    is_active = models.BooleanField("对外公开", default=True, help_text="取消后栏目及其下级栏目不在网站显示")
    intro = models.TextField("栏目介绍", blank=True)
    banner_text = models.CharField("专题横幅标语", max_length=100, blank=True)
    banner = models.ImageField("专题横幅图片", upload_to="columns/banners/", blank=True)
    ends_on = models.DateField(
        "专题结束日期", null=True, blank=True, help_text="结束后专题转入“往期专题”，不再要求更新"
    )
    link = models.CharField("链接地址", max_length=200, blank=True, help_text="平台内地址，如 /xxgk/")
    # The content rule: a record is listed when it matches every criterion given (none given: hand-picked only).
    record_kinds = models.JSONField("信息类别", default=list, blank=True)
    categories = models.JSONField("法定主动公开内容类别", default=list, blank=True)
    themes = models.ManyToManyField("documents.Theme", blank=True, related_name="+", verbose_name="主题分类")
    source_agencies = models.ManyToManyField(
        "agencies.Agency", blank=True, related_name="+", verbose_name="发布单位"
    )
    keywords = models.CharField(
        "标题关键词", max_length=200, blank=True, help_text="多个关键词用空格或逗号分隔，标题含任一即列入"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = ColumnQuerySet.as_manager()

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "slug"],
                name="column_unique_slug_per_site",
                condition=Q(agency__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["slug"], name="column_unique_slug_on_portal", condition=Q(agency__isnull=True)
            ),
            models.CheckConstraint(condition=~Q(kind="link") | ~Q(link=""), name="column_link_has_target"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.agency_id and self.agency is not None:
            return reverse("columns:site_column", args=[self.agency.code, self.slug])
        return reverse("columns:column", args=[self.slug])

    def permission_agency_ids(self) -> list[int]:
        # A portal column belongs to no agency: only the district-wide 公开办 acts on it.
        return [self.agency_id] if self.agency_id else []

    @property
    def is_special(self) -> bool:
        return self.kind == ColumnKind.SPECIAL

    def special_root(self) -> Column | None:
        node: Column | None = self
        while node is not None:
            if node.kind == ColumnKind.SPECIAL:
                return node
            node = node.parent
        return None

    def has_ended(self, today: Any = None) -> bool:
        root = self.special_root()
        if root is None or root.ends_on is None:
            return False
        return root.ends_on < (today or timezone.localdate())

    def effective_rule(self, today: Any = None) -> str:
        """An ended 专题 is an archive: no update is expected any more."""
        return periods.STATIC if self.has_ended(today) else self.update_rule

    def has_rule(self) -> bool:
        return bool(self.record_kinds or self.categories or self.keywords.strip()) or (
            self.pk is not None and (self.themes.exists() or self.source_agencies.exists())
        )

    def keyword_list(self) -> list[str]:
        return [w for w in self.keywords.replace("，", " ").replace(",", " ").replace("、", " ").split() if w]

    def depth(self) -> int:
        n, node = 1, self.parent
        while node is not None:
            n, node = n + 1, node.parent
        return n

    def ancestors(self) -> list[Column]:
        chain: list[Column] = []
        node = self.parent
        while node is not None:
            chain.insert(0, node)
            node = node.parent
        return chain

    def public_url(self) -> str:
        """Where the navigation points: a link column goes straight to its target."""
        return self.link if self.kind == ColumnKind.LINK else self.get_absolute_url()


class ColumnItem(models.Model):
    """A record hand-picked into a column (shown only while the record is public)."""

    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="items", verbose_name="栏目")
    record = models.ForeignKey(
        "documents.Record", on_delete=models.CASCADE, related_name="column_items", verbose_name="政府信息"
    )
    sort_order = models.PositiveIntegerField("排序", default=100)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "栏目信息"
        verbose_name_plural = "栏目信息"
        ordering = ["sort_order", "-added_at"]
        constraints = [models.UniqueConstraint(fields=["column", "record"], name="column_item_unique")]

    def __str__(self) -> str:
        return f"{self.column} · {self.record_id}"

    def permission_agency_ids(self) -> list[int]:
        return self.column.permission_agency_ids()
