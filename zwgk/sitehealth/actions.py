"""Every state change of 网站健康检查: a link-check run (opens and closes the tasks), a self-check run, the
annual 报表's cells. Each is atomic, permission-checked when a person starts it, and audited."""

from __future__ import annotations

import time
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.audit.log import record
from zwgk.core.errors import Refused
from zwgk.sitehealth import crawler, services
from zwgk.sitehealth.models import (
    CrawlKind,
    CrawlRun,
    ExternalLink,
    LinkTask,
    SelfCheck,
    TaskStatus,
    WebsiteReport,
)


def _politeness() -> crawler.Politeness:
    return crawler.Politeness(settings.SITEHEALTH_HOST_DELAY_MS / 1000)


def crawl(kind: str, fetch: crawler.Fetcher | None = None) -> crawler.CrawlReport:
    """Run the crawl itself (reads only; may take long, so outside any transaction)."""
    get = fetch or services.fetcher()
    timeout = float(settings.SITEHEALTH_TIMEOUT_SECONDS)
    deadline = time.monotonic() + settings.SITEHEALTH_MAX_RUN_MINUTES * 60
    if kind == CrawlKind.INTERNAL:
        inprocess = not settings.SITEHEALTH_CRAWL_BASE_URL and fetch is None
        seeds = services.seeds()
        report = crawler.crawl_internal(
            seeds,
            get,
            internal_hosts=services.internal_hosts(),
            timeout=timeout,
            deadline=deadline,
            max_pages=settings.SITEHEALTH_MAX_PAGES,
            deny_hosts=settings.SITEHEALTH_DENY_HOSTS,
            # In-process requests cost no network; over HTTP the site's own robots.txt and delay apply.
            politeness=None if inprocess else _politeness(),
            robots=None if inprocess else crawler.Robots(get, timeout),
            skip_prefixes=services.SKIP_PREFIXES,
            extra=services.content_links(),
        )
        referenced = {t for t, _ in report.occurrences}
        sitemap_page = services.crawl_base() + "/sitemap.xml"
        for url in seeds:
            outcome = report.outcomes.get(crawler.normalise(url))
            if outcome is not None and outcome.problem and outcome.url not in referenced:
                report.occurrences.append((outcome.url, sitemap_page))
        return report
    links = list(ExternalLink.objects.order_by("pk").values_list("url", "page"))
    return crawler.check_external(
        links,
        get if fetch is not None else (lambda url, t: crawler.http_fetch(url, t, read_body=False)),
        timeout=timeout,
        deadline=deadline,
        deny_hosts=settings.SITEHEALTH_DENY_HOSTS,
        politeness=_politeness(),
        robots=crawler.Robots(
            get if fetch is not None else (lambda url, t: crawler.http_fetch(url, t)), timeout
        ),
    )


def run_link_check(
    kind: str, *, actor: Any = None, fetch: crawler.Fetcher | None = None, started_at: datetime | None = None
) -> CrawlRun:
    if kind not in CrawlKind.values:
        raise Refused("未知的检查类型。")
    if actor is not None:
        require(actor, "sitehealth.run")
    started = started_at or timezone.now()
    report = crawl(kind, fetch)
    return apply_report(kind, report, started=started, actor=actor)


def apply_report(kind: str, report: crawler.CrawlReport, *, started: datetime, actor: Any = None) -> CrawlRun:
    """Write one run: open a task per problem link and page (or refresh it), close the tasks this run shows fixed."""
    now = timezone.now()
    with transaction.atomic():
        run = CrawlRun.objects.create(
            kind=kind,
            started_at=started,
            finished_at=now,
            pages=len(report.pages),
            links=len(report.outcomes),
            truncated=report.truncated,
            note="到达运行时间或页面数上限，未检查完" if report.truncated else "",
        )
        found: dict[tuple[str, str], crawler.Outcome] = {}
        for outcome, page in report.problems:
            found.setdefault((outcome.url, page), outcome)
        home = services.home_page_url()
        opened = 0
        for (url, page), outcome in found.items():
            task = LinkTask.objects.open().filter(url=url[:2000], page=page[:1000]).first()
            fields = {
                "problem": outcome.problem,
                "http_status": outcome.status,
                "error": outcome.error[:300],
                "final_url": outcome.final_url[:2000] if outcome.final_url != url else "",
                "last_seen_at": now,
                "run": run,
            }
            if task is None:
                owner = services.owner_of(page)
                LinkTask.objects.create(
                    kind=kind,
                    url=url[:2000],
                    page=page[:1000],
                    on_home=page == home,
                    agency_id=owner.agency_id,
                    record_id=owner.record_id,
                    editor_id=owner.editor_id,
                    first_seen_at=now,
                    **fields,
                )
                opened += 1
            else:
                for name, value in fields.items():
                    setattr(task, name, value)
                task.save()
        closed = 0
        visited = set(report.pages)
        external_now = set(report.external)
        occurrences = set(report.occurrences)
        for task in LinkTask.objects.open().exclude(run=run):
            key = (task.url, task.page)
            note = ""
            if task.kind == kind:
                if kind == CrawlKind.INTERNAL:
                    if task.page in visited:
                        note = "复查未再发现，已整改"
                    elif not report.truncated:
                        note = "所在页面已不在网站上"
                elif task.url in report.outcomes:
                    note = "复查可以访问，已整改"
                elif not report.truncated and key not in occurrences:
                    note = "链接已从页面删除"
            elif kind == CrawlKind.INTERNAL and task.kind == CrawlKind.EXTERNAL:
                if task.page in visited and key not in external_now:
                    note = "链接已从页面删除"
                elif not report.truncated and task.page not in visited:
                    note = "所在页面已不在网站上"
            if note:
                task.status = TaskStatus.CLOSED
                task.closed_at = now
                task.close_note = note
                task.save(update_fields=["status", "closed_at", "close_note"])
                closed += 1
        run.problems = len(found)
        run.save(update_fields=["problems"])
        if kind == CrawlKind.INTERNAL:
            pairs = {(u[:2000], p[:1000]) for u, p in report.external}
            if not report.truncated:
                ExternalLink.objects.all().delete()
            else:
                ExternalLink.objects.filter(page__in=visited).delete()
            ExternalLink.objects.bulk_create(
                [ExternalLink(url=u, page=p, seen_at=now) for u, p in sorted(pairs)], ignore_conflicts=True
            )
        record(
            "sitehealth.linkcheck",
            obj=run,
            actor=actor,
            summary=f"{run.get_kind_display()}检查：页面 {run.pages}，链接 {run.links}，问题 {run.problems}"
            f"（新增 {opened}，整改关闭 {closed}）" + ("，未检查完" if run.truncated else ""),
        )
    return run


def run_selfcheck(*, actor: Any = None, today: Any = None, evaluation: Any = None) -> SelfCheck:
    from zwgk.sitehealth.selfcheck import evaluate

    if actor is not None:
        require(actor, "sitehealth.run")
    evaluation = evaluation or evaluate(today)
    with transaction.atomic():
        result = evaluation.as_json()
        run = SelfCheck.objects.create(
            checked_at=evaluation.checked_at,
            result={**result, "score": evaluation.score, "verdict": evaluation.verdict},
            score=Decimal(str(evaluation.score)),
            vetoes_failed=sum(1 for v in evaluation.vetoes if not v.ok),
            by=actor,
        )
        record(
            "sitehealth.selfcheck",
            obj=run,
            actor=actor,
            summary=f"网站自查：{evaluation.verdict}，估算得分 {evaluation.score}，单项否决 {run.vetoes_failed} 项",
        )
    return run


def save_website_report(actor: Any, year: int, cells: dict[str, Any]) -> WebsiteReport:
    require(actor, "sitehealth.report")
    with transaction.atomic():
        report, _ = WebsiteReport.objects.select_for_update().get_or_create(year=year)
        before = dict(report.cells)
        report.cells = cells
        report.updated_by = actor
        report.save()
        record(
            "sitehealth.website_report_saved",
            obj=report,
            actor=actor,
            before=before,
            after=cells,
            summary=f"填报{year}年度政府网站工作年度报表",
        )
    return report
