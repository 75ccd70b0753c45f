"""Demo of 网站健康检查 (idempotent; order 85: after the content parts, before the search index, which then indexes
the planted records in the same run): a record with a broken internal link and one with an external link to a dead local port (each with its agency and editor), a month of availability probes
with one bad day, a month of page-view counts, the link checks run once, and a self-check with a short trend.
The stale and empty columns are those the demo district really has (e.g. categories nobody published in); the
overdue message is 互动交流's four-month-old consultation."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from zwgk.core.registry import DemoContext

BROKEN_KEY = "sitehealth-broken-link"
DEAD_KEY = "sitehealth-dead-external"
DEAD_EXTERNAL = "http://127.0.0.1:9/zwgk-demo/notice.html"


def _planted_records() -> None:
    from zwgk.agencies.models import Agency
    from zwgk.documents.demo import historical
    from zwgk.documents.models import Record

    rsj = Agency.objects.filter(short_name="区人社局").first() or Agency.objects.order_by("pk").first()
    if rsj is None:
        return
    today = timezone.localdate()
    site = settings.SITE_URL.rstrip("/")
    made = [
        historical(
            BROKEN_KEY,
            rsj,
            "关于2026年度社会保险缴费基数调整的通知",
            written=today - timedelta(days=9),
            published=today - timedelta(days=8),
            theme_path="劳动、人事、监察\\就业",
            category="art20_11",
            body=(
                "各有关单位：\n\n2026年度社会保险缴费基数按本通知执行。"
                f"原调整办法见 {site}/xxgk/records/999999/ 。\n\n（演示数据：错链，原文件地址已失效）"
            ),
        ),
        historical(
            DEAD_KEY,
            rsj,
            "关于开展2026年职业技能提升培训的通知",
            written=today - timedelta(days=20),
            published=today - timedelta(days=19),
            theme_path="劳动、人事、监察\\就业",
            category="art20_11",
            body=(
                "各街道、园区：\n\n报名办法详见市人社局网站 "
                f"{DEAD_EXTERNAL} 。\n\n（演示数据：外部链接指向无法访问的地址）"
            ),
        ),
    ]
    editor = _editor_of(rsj)
    if editor is not None:
        Record.objects.filter(pk__in=[r.pk for r in made], created_by__isnull=True).update(created_by=editor)


def _editor_of(agency: Any) -> Any:
    from zwgk.accounts.models import RoleAssignment
    from zwgk.accounts.roles import Role

    assignment = (
        RoleAssignment.objects.filter(agency=agency, role=Role.DRAFTER.value).select_related("user").first()
    )
    return assignment.user if assignment else None


def _probes(today: date) -> int:
    from zwgk.sitehealth import services
    from zwgk.sitehealth.models import Probe

    if Probe.objects.exists():
        return 0
    rng = random.Random(21)  # noqa: S311 (demo data, not security)
    tz = timezone.get_current_timezone()
    rows = []
    bad_day = today - timedelta(days=12)
    for offset in range(30, 0, -1):
        day = today - timedelta(days=offset)
        for slot in range(0, 24 * 60, 30):  # every 30 minutes (the live job runs every few minutes)
            at = datetime.combine(day, datetime.min.time(), tzinfo=tz) + timedelta(minutes=slot)
            for url in services.probe_urls():
                fails = (day == bad_day and 600 <= slot < 700) or rng.random() < 0.002
                ms = rng.randint(40, 400) if not fails else 15000
                rows.append(
                    Probe(
                        at=at,
                        url=url,
                        ok=not fails,
                        status=None if fails else 200,
                        ms=ms,
                        error="超过 15 秒未打开" if fails else "",
                    )
                )
    Probe.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _pageviews(today: date) -> None:
    from zwgk.sitehealth.models import PageViewDay, VisitorDay

    if VisitorDay.objects.exists():
        return
    rng = random.Random(7)  # noqa: S311 (demo data, not security)
    paths = ["/", "/xxgk/", "/xxgk/policies/", "/interaction/", "/search/"]
    for offset in range(60, 0, -1):
        day = today - timedelta(days=offset)
        weekday = day.weekday() < 5
        views = {p: rng.randint(80, 400) * (2 if weekday else 1) // (i + 1) for i, p in enumerate(paths)}
        PageViewDay.objects.bulk_create([PageViewDay(day=day, path=p, views=n) for p, n in views.items()])
        VisitorDay.objects.create(day=day, views=sum(views.values()), visitors=sum(views.values()) // 3)


def load(ctx: DemoContext) -> None:
    from zwgk.sitehealth import actions
    from zwgk.sitehealth.models import CrawlKind, CrawlRun, ExternalLink, SelfCheck

    today = timezone.localdate()
    _planted_records()
    probes = _probes(today)
    _pageviews(today)
    if not CrawlRun.objects.filter(kind=CrawlKind.INTERNAL).exists():
        actions.run_link_check(CrawlKind.INTERNAL)
    if not CrawlRun.objects.filter(kind=CrawlKind.EXTERNAL).exists():
        # The demo does not reach the internet: only addresses on this machine are checked (the agencies' real
        # websites in the directory would all fail name resolution offline).
        ExternalLink.objects.exclude(url__startswith="http://127.0.0.1").delete()
        actions.run_link_check(CrawlKind.EXTERNAL)
    if not SelfCheck.objects.exists():
        for weeks in (4, 3, 2, 1, 0):
            run = actions.run_selfcheck(today=today)
            if weeks:
                # Earlier weekly runs for the trend (the demo has no history of its own).
                score = max(0, float(run.score) - 2 * weeks)
                SelfCheck.objects.filter(pk=run.pk).update(
                    checked_at=run.checked_at - timedelta(weeks=weeks), score=score
                )
    if ctx.verbose:
        ctx.notes.append(
            f"网站健康检查：可用性监测 {probes} 条（首次加载），站内与外部链接各检查一次，自查 "
            f"{SelfCheck.objects.count()} 次；见 工作台 → 网站自查。"
        )
