"""The normative-document inventory, the 公开指南 editor and the theme taxonomy."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zwgk.accounts.permissions import can, require
from zwgk.agencies.selection import current_agency
from zwgk.core.exports import xlsx_response
from zwgk.documents import actions
from zwgk.documents.forms import (
    GuideForm,
    ThemeForm,
)
from zwgk.documents.guide import default_guide
from zwgk.documents.models import (
    GuideRevision,
    NormativeKind,
    Record,
    Theme,
)
from zwgk.documents.reporting import normative_counts

from .common import EXPORT_LIMIT, _attempt

# --- normative inventory, guide, themes -----------------------------------------------------------------


@login_required
def normative_inventory(request: HttpRequest) -> HttpResponse:
    require(request.user, "documents.view")
    agency = current_agency(request)
    qs = Record.objects.visible_to(request.user).normative().select_related("agency").order_by("-written_on")
    if agency is not None and request.GET.get("all") != "1":
        qs = qs.filter(agency=agency)
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - 5, -1))
    agency_id = agency.pk if agency is not None and request.GET.get("all") != "1" else None
    if agency_id is None and not can(request.user, "documents.manage_themes"):
        agency_id = agency.pk if agency else None
    counts = [(y, normative_counts(agency_id, y)) for y in years]
    if request.GET.get("export") == "xlsx":
        rows = (
            (
                r.normative_reg_no,
                r.title,
                r.agency.short_name,
                r.doc_number,
                r.get_normative_kind_display(),
                r.written_on,
                r.effective_on,
                r.amended_on,
                r.repealed_on,
                r.expires_on,
                r.get_validity_display(),
                r.get_status_display(),
            )
            for r in qs[:EXPORT_LIMIT]
        )
        return xlsx_response(
            "行政规范性文件台账.xlsx",
            [
                "登记编号",
                "标题",
                "制发机关",
                "发文字号",
                "类型",
                "成文日期",
                "施行日期",
                "修改日期",
                "废止/失效日期",
                "有效期至",
                "有效性",
                "状态",
            ],
            rows,
            title="规范性文件台账",
        )
    return render(
        request,
        "documents/workspace/normative.html",
        {
            "records": qs[:500],
            "counts": counts,
            "agency": agency,
            "show_all": request.GET.get("all") == "1",
            "kinds": NormativeKind,
        },
    )


@login_required
def guide_edit(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if agency is None:
        raise PermissionDenied("您的账号尚未分配单位角色。")
    require(request.user, "documents.edit_guide", agency)
    revisions = list(GuideRevision.objects.filter(agency=agency).order_by("-version"))

    initial = {
        "body": revisions[0].body if revisions else default_guide(agency),
        "revised_on": timezone.localdate(),
    }
    form = GuideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            lambda: actions.publish_guide(
                agency, body=data["body"], revised_on=data["revised_on"], note=data["note"], by=request.user
            ),
            "公开指南新版本已发布，公众网站显示新的修订时间。",
        ):
            return redirect("documents:ws_guide")
    return render(
        request, "documents/workspace/guide.html", {"form": form, "agency": agency, "revisions": revisions}
    )


@login_required
def themes(request: HttpRequest) -> HttpResponse:
    require(request.user, "documents.manage_themes")
    editing = (
        Theme.objects.filter(pk=request.GET.get("edit") or 0).first()
        if (request.GET.get("edit") or "").isdigit()
        else None
    )
    initial = (
        {
            "name": editing.name,
            "parent": editing.parent,
            "sort_order": editing.sort_order,
            "is_active": editing.is_active,
        }
        if editing
        else None
    )
    form = ThemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            lambda: actions.save_theme(
                editing,
                name=data["name"],
                parent=data["parent"],
                sort_order=data["sort_order"],
                is_active=data["is_active"],
                by=request.user,
            ),
            "主题分类已保存。",
        ):
            return redirect("documents:ws_themes")
    items = list(Theme.objects.select_related("parent").order_by("sort_order", "id"))
    tree = [(t, [c for c in items if c.parent_id == t.pk]) for t in items if t.parent_id is None]
    if request.GET.get("export") == "xlsx":
        rows = [(t.name, "", "启用" if t.is_active else "停用") for t, _ in tree] + [
            (c.parent.name if c.parent else "", c.name, "启用" if c.is_active else "停用")
            for t, cs in tree
            for c in cs
        ]
        return xlsx_response("主题分类.xlsx", ["一级分类", "二级分类", "状态"], rows, title="主题分类")
    return render(
        request, "documents/workspace/themes.html", {"tree": tree, "form": form, "editing": editing}
    )
