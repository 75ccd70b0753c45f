"""Workspace pages of 网站健康检查 and the page-view mirror endpoint."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from zwgk.accounts.permissions import can
from zwgk.core.actionviews import run_action
from zwgk.core.exports import xlsx_response
from zwgk.sitehealth import actions, charts, checks, pageviews, report_docx, services, website_report
from zwgk.sitehealth.models import (
    CrawlKind,
    CrawlRun,
    LinkTask,
    Problem,
    SelfCheck,
    TaskStatus,
    WebsiteReport,
)
from zwgk.sitehealth.selfcheck import evaluate

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _need(request: HttpRequest, perm: str) -> None:
    if not can(request.user, perm):
        raise PermissionDenied


def _month(request: HttpRequest, today: date) -> tuple[int, int]:
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        date(year, month, 1)
    except ValueError:
        return today.year, today.month
    if not 2008 <= year <= today.year:
        return today.year, today.month
    return year, month


def _pct(share: float | None) -> str:
    return "" if share is None else f"{share:.1%}"


def _download(content: bytes, filename: str, mime: str) -> HttpResponse:
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def overview(request: HttpRequest) -> HttpResponse:
    _need(request, "sitehealth.view")
    if request.method == "POST":
        _need(request, "sitehealth.run")

        def selfcheck(req: HttpRequest) -> str:
            run = actions.run_selfcheck(actor=req.user)
            return f"自查完成：{run.result.get('verdict')}，估算得分 {run.score}。"

        def links(req: HttpRequest) -> str:
            from zwgk.sitehealth.tasks import link_check

            kind = req.POST.get("kind", CrawlKind.INTERNAL)
            if kind not in CrawlKind.values:
                kind = CrawlKind.INTERNAL
            link_check(kind)
            return "已开始检查，结果稍后出现在链接整改任务中。"

        return run_action(
            request, {"selfcheck": selfcheck, "links": links}, redirect_to=reverse("sitehealth:overview")
        )
    today = timezone.localdate()
    evaluation = evaluate(today)
    runs = list(SelfCheck.objects.order_by("-checked_at")[:30])
    trend = charts.score_chart(
        [(timezone.localdate(r.checked_at), float(r.score)) for r in reversed(runs)], checks.PASS_SCORE
    )
    names = services.agency_names({c.agency_id for c in evaluation.columns if c.agency_id})
    columns = [(c, names.get(c.agency_id or 0, "区政府办（公开办）")) for c in evaluation.columns]
    return render(
        request,
        "sitehealth/overview.html",
        {
            "e": evaluation,
            "vetoes": [(v, evaluation.evidence.get(v.rule, [])) for v in evaluation.vetoes],
            "deductions": [(d, evaluation.evidence.get(d.rule, [])) for d in evaluation.deductions],
            "columns": columns,
            "runs": runs[:10],
            "trend": trend if runs else None,
            "last_runs": {k: CrawlRun.objects.filter(kind=k).first() for k in CrawlKind.values},
            "can_run": can(request.user, "sitehealth.run"),
            "year": today.year,
            "month": today.month,
        },
    )


TASK_HEADERS = [
    "状态",
    "问题",
    "链接地址",
    "HTTP 状态或错误",
    "所在页面",
    "首页",
    "责任单位",
    "发布人",
    "首次发现",
    "最近发现",
    "整改说明",
]


@login_required
@require_GET
def tasks(request: HttpRequest) -> HttpResponse:
    _need(request, "sitehealth.view")
    qs = LinkTask.objects.visible_to(request.user).select_related("agency", "editor")
    status = request.GET.get("status", "open")
    if status in TaskStatus.values:
        qs = qs.filter(status=status)
    problem = request.GET.get("problem", "")
    if problem in Problem.values:
        qs = qs.filter(problem=problem)
    q = request.GET.get("q", "").strip()[:100]
    if q.isdigit():
        qs = qs.filter(pk=int(q))
    elif q:
        qs = qs.filter(url__icontains=q) | qs.filter(page__icontains=q)
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                t.get_status_display(),
                t.get_problem_display(),
                t.url_shown,
                t.status_text,
                t.page_shown,
                "是" if t.on_home else "",
                services.owner_label(t.agency),
                t.editor.display_name if t.editor else "",
                timezone.localtime(t.first_seen_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(t.last_seen_at).strftime("%Y-%m-%d %H:%M"),
                t.close_note,
            ]
            for t in qs[:20000]
        ]
        return xlsx_response("链接整改任务.xlsx", TASK_HEADERS, rows, title="链接整改任务")
    return render(
        request,
        "sitehealth/tasks.html",
        {
            "tasks": qs[:500],
            "status": status,
            "problem": problem,
            "q": q,
            "statuses": TaskStatus.choices,
            "problems": Problem.choices,
        },
    )


@login_required
@require_GET
def availability(request: HttpRequest) -> HttpResponse:
    _need(request, "sitehealth.view")
    today = timezone.localdate()
    year, month = _month(request, today)
    first = date(year, month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    days = services.availability_by_day(first, min(last, today))
    chart = charts.availability_chart([(d.day, d.share, d.visits) for d in days], checks.UNAVAILABLE_SHARE)
    visits = sum(d.visits for d in days)
    failures = sum(d.failures for d in days)
    week_visits, week_failures = services.availability_window(today)
    return render(
        request,
        "sitehealth/availability.html",
        {
            "year": year,
            "month": month,
            "days": days,
            "chart": chart,
            "visits": visits,
            "failures": failures,
            "share_text": _pct(checks.failure_share(failures, visits)),
            "week_text": _pct(checks.failure_share(week_failures, week_visits)),
            "week_visits": week_visits,
            "threshold": checks.UNAVAILABLE_SHARE,
            "urls": services.probe_urls(),
            "minutes": settings.SITEHEALTH_PROBE_MINUTES,
            "previous": first - timedelta(days=1),
            "following": last + timedelta(days=1) if last < today else None,
            "failing": services.failing_probes(today)[:50],
            "pageviews": pageviews.daily(first, min(last, today)),
        },
    )


@login_required
@require_GET
def monthly_report(request: HttpRequest) -> HttpResponse:
    _need(request, "sitehealth.view")
    year, month = _month(request, timezone.localdate())
    content = report_docx.build(evaluate(), year, month)
    return _download(content, f"{year}年{month}月政府网站自查报告.docx", DOCX_MIME)


class WebsiteReportForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for cell in website_report.STAFF_CELLS:
            label = f"{cell.section} · {cell.label}" + (f"（{cell.unit}）" if cell.unit else "")
            field: forms.Field
            if cell.kind == "int":
                field = forms.IntegerField(label=label, required=False, min_value=0, max_value=10**12)
            elif cell.kind in ("yesno", "choice"):
                field = forms.ChoiceField(
                    label=label, required=False, choices=[("", "—")] + [(c, c) for c in cell.choices]
                )
            else:
                field = forms.CharField(label=label, required=False, max_length=300)
            self.fields[cell.key] = field


@login_required
@require_http_methods(["GET", "POST"])
def website_report_view(request: HttpRequest, year: int | None = None) -> HttpResponse:
    _need(request, "sitehealth.report")
    today = timezone.localdate()
    # Before 31 January the report due is last year's (国办函〔2018〕12号: published by 31 January).
    year = year or (today.year - 1)
    if not 2018 <= year <= today.year:
        return redirect("sitehealth:website_report")
    stored = WebsiteReport.objects.filter(year=year).first()
    staff = dict(stored.cells) if stored else {}
    if request.method == "POST":
        form = WebsiteReportForm(request.POST)
        if form.is_valid():
            cells = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
            actions.save_website_report(request.user, year, cells)
            messages.success(request, f"{year}年度报表已保存。")
            return redirect("sitehealth:website_report_year", year=year)
        messages.error(request, "有填写不正确的项目，请按提示修改。")
    else:
        form = WebsiteReportForm(initial=staff)
        export = request.GET.get("export")
        if export == "xlsx":
            return _download(
                website_report.xlsx_bytes(year, staff), f"政府网站工作年度报表{year}.xlsx", XLSX_MIME
            )
        if export == "docx":
            return _download(
                website_report.docx_bytes(year, staff), f"政府网站工作年度报表{year}.docx", DOCX_MIME
            )
    auto = [(c, v) for c, v in website_report.rows(year, staff) if c.auto]
    return render(
        request,
        "sitehealth/website_report.html",
        {
            "year": year,
            "form": form,
            "auto": auto,
            "missing": website_report.missing(staff),
            "stored": stored,
            "years": list(range(today.year, 2017, -1)),
        },
    )


@require_GET
def pageview_mirror(request: HttpRequest) -> HttpResponse:
    """Counts a page request mirrored by the caching proxy (ZWGK_SITEHEALTH_PAGEVIEW_MIRROR=1). Only the proxy on
    this host may call it; everyone else gets 404 (it is not a public page)."""
    from django.http import Http404

    from zwgk.core.middleware import client_ip

    if not (settings.SITEHEALTH_PAGEVIEWS and settings.SITEHEALTH_PAGEVIEW_MIRROR):
        raise Http404
    if request.META.get("REMOTE_ADDR") not in ("127.0.0.1", "::1"):
        raise Http404
    path = request.META.get("HTTP_X_ORIGINAL_URI", "").split("?", 1)[0]
    agent = request.META.get("HTTP_USER_AGENT", "")
    if path.startswith("/") and pageviews._countable_path(path) and not pageviews.BOTS.search(agent):
        pageviews.note(path, client_ip(request) or "", agent)
    return HttpResponse(status=204)
