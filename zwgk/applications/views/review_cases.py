"""Review cases (行政复议 / 行政诉讼) of replies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zwgk.accounts.permissions import can, require
from zwgk.agencies.selection import current_agency
from zwgk.applications import actions
from zwgk.applications import forms as f
from zwgk.applications.ledger import (
    template_workbook,
)
from zwgk.applications.models import (
    Application,
    ReviewCase,
)
from zwgk.core.errors import Refused
from zwgk.core.exports import XLSX_MIME, xlsx_response
from zwgk.core.paging import paginate, querystring_without_page

# --- staff: review cases (行政复议 / 行政诉讼) ------------------------------------------------------------


@login_required
def review_cases(request: HttpRequest) -> HttpResponse:
    require(request.user, "applications.view")
    qs = ReviewCase.objects.visible_to(request.user).select_related("agency", "application")
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(kind=kind)
    if request.GET.get("export") == "xlsx":
        headers = [
            "单位",
            "类型",
            "结果",
            "立案日期",
            "审结日期",
            "复议机关/法院",
            "案号",
            "关联申请",
            "摘要",
        ]
        rows = (
            [
                c.agency.short_name,
                c.get_kind_display(),
                c.result,
                c.filed_on,
                c.concluded_on,
                c.organ,
                c.case_number,
                c.application.number if c.application else "",
                c.summary,
            ]
            for c in qs
        )
        return xlsx_response(f"行政复议诉讼-{timezone.localdate()}.xlsx", headers, rows, title="复议诉讼")
    agency = current_agency(request)
    page = paginate(request, qs, 30)
    for case in page:
        case.can_edit = can(request.user, "applications.manage_reviews", case)
    return render(
        request,
        "applications/review_cases.html",
        {
            "page": page,
            "query": querystring_without_page(request),
            "can_add": agency is not None and can(request.user, "applications.manage_reviews", agency),
            "kinds": ReviewCase._meta.get_field("kind").flatchoices,
            "kind": kind,
        },
    )


@login_required
def review_case_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    case = None
    if pk is not None:
        case = get_object_or_404(ReviewCase.objects.select_related("application"), pk=pk)
        require(request.user, "applications.manage_reviews", case)
        agency = case.agency
        initial = {
            "kind": case.kind,
            "application_number": case.application.number if case.application else "",
            "organ": case.organ,
            "case_number": case.case_number,
            "filed_on": case.filed_on,
            "result": case.result,
            "concluded_on": case.concluded_on,
            "summary": case.summary,
        }
    else:
        current = current_agency(request)
        if current is None:
            raise PermissionDenied("请先选择单位")
        agency = current
        require(request.user, "applications.manage_reviews", agency)
        initial = {"application_number": request.GET.get("application", "")}
    form = f.ReviewCaseForm(initial=initial)
    if request.method == "POST":
        form = f.ReviewCaseForm(request.POST)
        if form.is_valid():
            d = dict(form.cleaned_data)
            number = d.pop("application_number").strip().upper()
            application = None
            if number:
                application = Application.objects.filter(number=number, agency=agency).first()
                if application is None:
                    form.add_error("application_number", "本单位没有该编号的申请")
            if not form.errors:
                try:
                    actions.save_review_case(
                        case, by=request.user, agency=agency, data=d, application=application
                    )
                except Refused as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, "已保存。")
                    return redirect("applications:review_cases")
    return render(
        request, "applications/review_case_form.html", {"form": form, "case": case, "agency": agency}
    )


@login_required
@require_GET
def ledger_template(request: HttpRequest) -> HttpResponse:
    require(request.user, "applications.view")
    response = HttpResponse(template_workbook(), content_type=XLSX_MIME)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''ledger-template.xlsx"
    return response
