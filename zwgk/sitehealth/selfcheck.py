"""The self-check (网站自查): every CHK2019 单项否决 item and the main deduction items, evaluated from the platform's
data with the evidence and who answers for it, and a score estimate. `zwgk sitecheck --json`, the workspace page,
the monthly 自查报告 and the trend all read `evaluate()`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from zwgk.sitehealth import checks, services
from zwgk.sitehealth.checks import ColumnFreshness, Deduction, Veto
from zwgk.sitehealth.providers import Evidence, run_providers

RULE_SECURITY = "安全、泄密事故等严重问题"
RULE_AVAILABILITY = "站点无法访问（1周内访问失败≥5%）"
RULE_HOME = "首页不更新（2周）"
RULE_INTERACTION = "互动回应差（1年内有效留言超过3个月未答复）"
RULE_SERVICE = "服务不实用"


@dataclass
class Evaluation:
    checked_at: Any
    today: date
    vetoes: list[Veto]
    deductions: list[Deduction]
    evidence: dict[str, list[Evidence]]
    columns: list[ColumnFreshness]
    links_checked: int
    broken: list[dict[str, Any]]
    score: float
    verdict: str
    home_last_update: date | None
    interaction: services.InteractionFigures
    visits: int
    failures: int
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """Exactly the contract of issue 21: checked_at, vetoes, deductions, links, columns."""
        return {
            "checked_at": self.checked_at.isoformat(),
            "vetoes": [{"rule": v.rule, "ok": v.ok, "detail": v.detail} for v in self.vetoes],
            "deductions": [{"rule": d.rule, "points": d.points, "detail": d.detail} for d in self.deductions],
            "links": {"checked": self.links_checked, "broken": self.broken},
            "columns": [
                {
                    "column": c.column,
                    "last_update": c.last_update.isoformat() if c.last_update else None,
                    "status": c.status,
                }
                for c in self.columns
            ],
        }


def _links_checked() -> int:
    from zwgk.sitehealth.models import CrawlKind, CrawlRun

    total = 0
    for kind in CrawlKind.values:
        run = CrawlRun.objects.filter(kind=kind, finished_at__isnull=False).order_by("-started_at").first()
        total += run.links if run else 0
    return total


def evaluate(today: date | None = None) -> Evaluation:
    from zwgk.sitehealth.models import Problem

    now = timezone.now()
    day = today or timezone.localdate()
    evidence: dict[str, list[Evidence]] = {}
    vetoes: list[Veto] = []

    tasks = list(services.open_tasks())
    denied = [t for t in tasks if t.problem == Problem.DENIED_HOST]
    evidence[RULE_SECURITY] = [
        Evidence(f"{t.url_shown}（{t.error}）", t.page_shown, services.owner_label(t.agency)) for t in denied
    ]
    vetoes.append(
        Veto(
            RULE_SECURITY + "（链接到禁止链接的网站）",
            not denied,
            f"{len(denied)} 个链接指向禁止链接的网站" if denied else "未发现链接到禁止链接网站的链接",
        )
    )

    visits, failures = services.availability_window(day)
    share = checks.failure_share(failures, visits)
    if visits == 0:
        availability = Veto(RULE_AVAILABILITY, False, "近 7 天没有可用性监测记录（请确认后台任务在运行）")
    else:
        availability = Veto(
            RULE_AVAILABILITY,
            not checks.unavailable(failures, visits),
            f"近 7 天访问 {visits} 次，失败 {failures} 次（{share:.1%}）",
        )
    vetoes.append(availability)
    evidence[RULE_AVAILABILITY] = [
        Evidence(f"{timezone.localtime(p.at):%m-%d %H:%M} {p.error or p.status}", p.url, "区政府办（公开办）")
        for p in services.failing_probes(day)[:20]
    ]

    home = services.home_last_update()
    vetoes.append(
        Veto(
            RULE_HOME,
            not checks.home_stale(home, day),
            f"首页最近更新 {home:%Y-%m-%d}" if home else "首页没有带发布日期的信息",
        )
    )

    columns = services.column_freshness(day)
    column_vetoes = checks.column_vetoes(columns, day, settings.SITEHEALTH_LONG_STALE_DAYS)
    vetoes.extend(column_vetoes)
    names = services.agency_names({c.agency_id for c in columns if c.agency_id})
    for veto, wanted in zip(column_vetoes, ("stale", "long", "empty"), strict=True):
        rows = []
        for c in columns:
            hit = (
                (wanted == "stale" and c.status == "stale")
                or (wanted == "long" and checks.is_long_stale(c, day, settings.SITEHEALTH_LONG_STALE_DAYS))
                or (wanted == "empty" and c.status == "empty")
            )
            if hit:
                last = f"最近更新 {c.last_update:%Y-%m-%d}" if c.last_update else "无内容"
                rows.append(
                    Evidence(
                        f"{c.column}（{last}）", c.url, names.get(c.agency_id or 0, "区政府办（公开办）")
                    )
                )
        evidence[veto.rule] = rows

    figures = services.interaction_figures(day)
    overdue = figures.overdue
    detail = (
        f"{len(overdue)} 条留言超过 {settings.INTERACTION_UNANSWERED_MONTHS} 个月未答复"
        if overdue
        else f"没有超过 {settings.INTERACTION_UNANSWERED_MONTHS} 个月未答复的留言"
    )
    if figures.on_time_share is not None:
        detail += f"；近一年按期答复率 {figures.on_time_share:.0%}（{figures.on_time}/{figures.replied}）"
    if not figures.channels:
        detail = "没有启用的互动交流渠道；" + detail
    vetoes.append(Veto(RULE_INTERACTION, not overdue and figures.channels > 0, detail))
    evidence[RULE_INTERACTION] = [
        Evidence(
            f"{m.number}《{m.title}》 {m.received_on:%Y-%m-%d} 收到，{m.get_status_display()}",
            reverse("interaction:detail", args=[m.pk]),
            (m.agency.short_name or m.agency.name) + (f" · {m.handler.display_name}" if m.handler else ""),
        )
        for m in overdue
    ]
    vetoes.append(Veto(RULE_SERVICE, True, "本平台不承载办事服务，办事指南要素由政务服务网站检查（不适用）"))

    home_url = services.home_page_url()
    home_broken = sum(1 for t in tasks if t.problem == Problem.BROKEN and t.page == home_url)
    other_broken = sum(1 for t in tasks if t.problem == Problem.BROKEN and t.page != home_url)
    offsite = [t for t in tasks if t.problem == Problem.OFFSITE_REDIRECT]
    deductions = checks.link_deductions(
        home_broken,
        other_broken,
        len(offsite),
        home_points=settings.SITEHEALTH_POINTS_HOME_LINK_TENTHS / 10,
        other_points=settings.SITEHEALTH_POINTS_LINK_TENTHS / 10,
        offsite_points=settings.SITEHEALTH_POINTS_OFFSITE_TENTHS / 10,
        cap=float(settings.SITEHEALTH_POINTS_CAP),
    )
    for d in deductions:
        wanted_problem = Problem.OFFSITE_REDIRECT if "跳转" in d.rule else Problem.BROKEN
        evidence[d.rule] = [
            Evidence(
                f"{t.url_shown}（{t.status_text}）",
                t.page_shown,
                services.owner_label(t.agency) + (f" · {t.editor.display_name}" if t.editor else ""),
            )
            for t in tasks
            if t.problem == wanted_problem
            and (("首页" in d.rule) == (t.page == home_url) or wanted_problem != Problem.BROKEN)
        ]

    for _name, result in run_providers(day):
        vetoes.extend(result.vetoes)
        deductions.extend(result.deductions)
        for rule, rows in result.evidence.items():
            evidence.setdefault(rule, []).extend(rows)

    estimate = checks.score(deductions)
    broken = [
        {"url": t.url_shown, "page": services.path_of(t.page), "status": t.status_text}
        for t in tasks
        if t.problem in (Problem.BROKEN, Problem.DENIED_HOST)
    ]
    return Evaluation(
        checked_at=now,
        today=day,
        vetoes=vetoes,
        deductions=deductions,
        evidence=evidence,
        columns=columns,
        links_checked=_links_checked(),
        broken=broken,
        score=estimate,
        verdict=checks.verdict(vetoes, estimate),
        home_last_update=home,
        interaction=figures,
        visits=visits,
        failures=failures,
    )
