"""工作台 tasks: last year's report to draft (against its legal deadline), reports waiting for 审核."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.permissions import agency_scope, can
from zwgk.accounts.roles import Role
from zwgk.core.registry import InboxItem
from zwgk.reports.deadlines import GOVERNMENT_KIND, due_date, reporting_year
from zwgk.reports.models import AnnualReport, ReportStatus
from zwgk.reports.service import reporting_agencies

KIND = "年度报告"
WARN_DAYS = 10


def _severity(days_left: int) -> str:
    if days_left < 0:
        return "danger"
    return "warning" if days_left <= WARN_DAYS else "info"


def _due_text(days_left: int) -> str:
    if days_left < 0:
        return f"已超过法定期限 {-days_left} 天"
    return f"距法定期限还有 {days_left} 天" if days_left else "今天是法定期限"


def report_tasks(request: HttpRequest) -> Iterable[InboxItem]:
    user = request.user
    if not can(user, "reports.view"):
        return []
    today = timezone.localdate()
    year = reporting_year(today)
    is_district_admin = agency_scope(user, [Role.DISTRICT_ADMIN]) is None
    drafting = agency_scope(user, [Role.AGENCY_ADMIN, Role.DRAFTER]) or frozenset()
    own = Q(pk__in=drafting) & ~Q(kind=GOVERNMENT_KIND)
    if is_district_admin:
        own |= Q(kind=GOVERNMENT_KIND)
    agencies = list(reporting_agencies().filter(own))
    reports = {r.agency_id: r for r in AnnualReport.objects.for_year(year).filter(agency__in=agencies)}
    items: list[InboxItem] = []
    for agency in agencies:
        report = reports.get(agency.pk)
        if report is not None and report.status in (ReportStatus.PUBLISHED, ReportStatus.REVIEW):
            continue
        due = report.due if report else due_date(agency.kind, year)
        days_left = (due - today).days
        correcting = report is not None and report.first_published_at is not None
        if report is None:
            state, url = "尚未生成", reverse("reports:board") + f"?year={year}"
        elif correcting:
            state, url = "更正中", reverse("reports:detail", args=[report.pk])
        elif report.return_reason:
            state, url = "被退回修改", reverse("reports:detail", args=[report.pk])
        else:
            state, url = "草稿", reverse("reports:detail", args=[report.pk])
        severity = "info" if correcting else _severity(days_left)
        items.append(
            InboxItem(
                title=f"{agency.short_name}{year}年政府信息公开工作年度报告（{state}）",
                url=url,
                kind=KIND,
                due=due,
                severity=severity,
                detail=f"《条例》第四十九条：{due:%Y年%m月%d日}前发布；{_due_text(days_left)}。",
            )
        )
    review_scope = agency_scope(user, [Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN])
    waiting = AnnualReport.objects.filter(status=ReportStatus.REVIEW).select_related("agency")
    if review_scope is not None:
        waiting = waiting.filter(agency_id__in=review_scope)
    for report in waiting:
        if not can(user, "reports.review", report):
            continue
        days_left = (report.due - today).days
        items.append(
            InboxItem(
                title=f"审核：{report.agency.short_name}{report.year}年政府信息公开工作年度报告",
                url=reverse("reports:detail", args=[report.pk]),
                kind=KIND,
                due=report.due,
                severity=_severity(days_left) if not report.first_published_at else "info",
                detail=f"已提交审核；{_due_text(days_left)}。",
            )
        )
    if is_district_admin:
        total = reporting_agencies().count()
        published = AnnualReport.objects.for_year(year).public().count()
        if published < total:
            late = AnnualReport.objects.for_year(year).overdue(today).count()
            missing_late = sum(
                1
                for a in reporting_agencies().exclude(annual_reports__year=year)
                if due_date(a.kind, year) < today
            )
            overdue = late + missing_late
            items.append(
                InboxItem(
                    title=f"全区{year}年度报告：已发布 {published}/{total} 家"
                    + (f"，逾期未发布 {overdue} 家" if overdue else ""),
                    url=reverse("reports:board") + f"?year={year}",
                    kind=KIND,
                    severity="danger" if overdue else "info",
                    detail="各部门、街道1月31日前发布，区政府3月31日前发布（《条例》第四十九条）。",
                )
            )
    return items
