"""Site health (网站健康检查): link-check runs and the tasks they open, availability probes, self-check runs, the
privacy-preserving page-view counters and the 《政府网站工作年度报表》 cells staff fill in.

`actions.py` is the only writer of LinkTask, SelfCheck and WebsiteReport; the background jobs write runs, probes
and counters through `services.py`/`pageviews.py` (system rows, no user input).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from zwgk.accounts.permissions import agency_scope
from zwgk.accounts.roles import Role

# The in-process crawl fetches pages under this pseudo-host (zwgk.sitehealth.services.INPROCESS_BASE); staff see
# the site's own address instead.
INPROCESS_BASE = "http://zwgk.internal"


def shown_url(url: str) -> str:
    if url.startswith(INPROCESS_BASE + "/"):
        return settings.SITE_URL.rstrip("/") + url[len(INPROCESS_BASE) :]
    return url


VIEW_ROLES = (Role.DISTRICT_ADMIN, Role.SUPERVISOR, Role.AGENCY_ADMIN)


class CrawlKind(models.TextChoices):
    INTERNAL = "internal", "站内链接"
    EXTERNAL = "external", "外部链接"


class CrawlRun(models.Model):
    kind = models.CharField("检查类型", max_length=10, choices=CrawlKind.choices)
    started_at = models.DateTimeField("开始时间", db_index=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    pages = models.PositiveIntegerField("检查页面数", default=0)
    links = models.PositiveIntegerField("检查链接数", default=0)
    problems = models.PositiveIntegerField("发现问题数", default=0)
    truncated = models.BooleanField("未检查完（到达时间或页面上限）", default=False)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "链接检查"
        verbose_name_plural = "链接检查"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"


class Problem(models.TextChoices):
    BROKEN = "broken", "无法访问（错链、断链）"
    OFFSITE_REDIRECT = "offsite_redirect", "跳转到其他域名（变质外链风险）"
    DENIED_HOST = "denied_host", "链接到禁止链接的网站"


class TaskStatus(models.TextChoices):
    OPEN = "open", "待整改"
    CLOSED = "closed", "已整改"


class LinkTaskQuerySet(models.QuerySet["LinkTask"]):
    def open(self) -> LinkTaskQuerySet:
        return self.filter(status=TaskStatus.OPEN)

    def visible_to(self, user: Any) -> LinkTaskQuerySet:
        """The 公开办 and 督查员 see every task; a 单位管理员 the tasks of his agencies."""
        scope = agency_scope(user, VIEW_ROLES)
        return self if scope is None else self.filter(agency_id__in=scope)


class LinkTask(models.Model):
    """One problem link on one page: a task for the agency owning the page. Closed by the next check that no
    longer finds it (or finds the page gone)."""

    kind = models.CharField("链接类型", max_length=10, choices=CrawlKind.choices)
    url = models.CharField("链接地址", max_length=2000)
    page = models.CharField("所在页面", max_length=1000)
    problem = models.CharField("问题", max_length=20, choices=Problem.choices)
    http_status = models.PositiveSmallIntegerField("HTTP 状态", null=True, blank=True)
    error = models.CharField("错误", max_length=300, blank=True)
    final_url = models.CharField("最终地址", max_length=2000, blank=True)
    on_home = models.BooleanField("首页链接", default=False)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="责任单位",
    )
    record = models.ForeignKey(
        "documents.Record", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发布人",
    )
    status = models.CharField("状态", max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    first_seen_at = models.DateTimeField("首次发现")
    last_seen_at = models.DateTimeField("最近发现")
    closed_at = models.DateTimeField("整改时间", null=True, blank=True)
    close_note = models.CharField("整改说明", max_length=200, blank=True)
    run = models.ForeignKey(CrawlRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks")

    objects = LinkTaskQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-on_home", "-last_seen_at", "pk"]
        verbose_name = "链接整改任务"
        verbose_name_plural = "链接整改任务"
        constraints = [
            models.UniqueConstraint(
                fields=["url", "page"], condition=Q(status="open"), name="sitehealth_one_open_task_per_link"
            ),
            models.CheckConstraint(
                name="sitehealth_task_closed_at_iff_closed",
                condition=Q(status="closed", closed_at__isnull=False)
                | Q(status="open", closed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.url[:120]}（{self.page[:80]}）"

    @property
    def status_text(self) -> str:
        if self.error:
            return self.error if self.http_status is None else f"HTTP {self.http_status}（{self.error}）"
        return f"HTTP {self.http_status}" if self.http_status is not None else "—"

    @property
    def url_shown(self) -> str:
        return shown_url(self.url)

    @property
    def page_shown(self) -> str:
        return shown_url(self.page)

    def permission_agency_ids(self) -> frozenset[int]:
        return frozenset({self.agency_id}) if self.agency_id else frozenset()


class ExternalLink(models.Model):
    """An external link the last internal crawl saw on a public page: what the weekly external check checks."""

    url = models.CharField(max_length=2000)
    page = models.CharField(max_length=1000)
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["url", "page"], name="sitehealth_external_link_once")]

    def __str__(self) -> str:
        return self.url[:200]


class Probe(models.Model):
    """One availability visit (CHK2019 单项否决 2): a page requested from the server, ok or not, how long it took."""

    at = models.DateTimeField(db_index=True)
    url = models.CharField(max_length=500)
    ok = models.BooleanField()
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    ms = models.PositiveIntegerField("响应时间（毫秒）", null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.url} {'ok' if self.ok else 'fail'}"


class SelfCheck(models.Model):
    """One self-check run: the result as `zwgk sitecheck --json` prints it, plus the score estimate."""

    checked_at = models.DateTimeField("检查时间", db_index=True)
    result = models.JSONField()
    score = models.DecimalField("估算得分", max_digits=5, decimal_places=1)
    vetoes_failed = models.PositiveSmallIntegerField("单项否决项", default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = "网站自查"
        verbose_name_plural = "网站自查"

    def __str__(self) -> str:
        return f"自查 {self.checked_at:%Y-%m-%d %H:%M}"


class PageViewDay(models.Model):
    """Page views per public path and day. No address, no agent, no cookie is stored: only counts."""

    day = models.DateField(db_index=True)
    path = models.CharField(max_length=300)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="sitehealth_pageview_day_path")]

    def __str__(self) -> str:
        return f"{self.day} {self.path} {self.views}"


class VisitorDay(models.Model):
    """Per day: the page views and the number of distinct visitors (独立用户), counted from the day's marks."""

    day = models.DateField(unique=True)
    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day} {self.views}/{self.visitors}"


class VisitorMark(models.Model):
    """A keyed hash of (address, browser) under the day's random salt, kept only until the day is counted; the
    salt is deleted with it, so no mark can be tied to an address afterwards."""

    day = models.DateField()
    digest = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "digest"], name="sitehealth_visitor_mark_once")]

    def __str__(self) -> str:
        return f"{self.day} {self.digest[:6]}…"


class DailySalt(models.Model):
    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return str(self.day)


class WebsiteReport(models.Model):
    """《政府网站工作年度报表》 of one year (国办函〔2018〕12号): the cells staff complete (the platform computes the
    others each time the report is shown)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    cells = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = "政府网站工作年度报表"
        verbose_name_plural = "政府网站工作年度报表"

    def __str__(self) -> str:
        return f"{self.year}年度政府网站工作年度报表"
