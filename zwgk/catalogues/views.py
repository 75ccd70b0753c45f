"""Workspace pages of the standard catalogues: the catalogues and their import (with a template), each unit's
事项目录, and the 公开办's coverage page (SVG chart, .xlsx export)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from zwgk.accounts.permissions import can, require
from zwgk.agencies.selection import current_agency
from zwgk.catalogues import actions, parse
from zwgk.catalogues.coverage import chart, coverage, item_states
from zwgk.catalogues.data.build_shenong import ROWS as SHIPPED_ROWS
from zwgk.catalogues.models import AgencyItem, Catalogue, CatalogueItem
from zwgk.columns.models import Column
from zwgk.core.actionviews import run_action
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response

TEMPLATE_EXAMPLE = [str(v) for v in SHIPPED_ROWS[1]]  # 耕地地力保护, from the shipped 涉农补贴 catalogue


class ImportForm(forms.Form):
    domain = forms.CharField(
        label="领域",
        max_length=50,
        help_text="如 涉农补贴、义务教育",
        error_messages={"required": "请填写领域名称"},
    )
    source = forms.CharField(
        label="来源说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="标准目录的出处（文件名称、文号或网址）",
    )
    file = forms.FileField(
        label="标准目录表格（.xlsx）", error_messages={"required": "请选择要导入的 .xlsx 文件"}
    )


@login_required
def catalogues(request: HttpRequest) -> HttpResponse:
    require(request.user, "catalogues.view")
    return render(
        request,
        "catalogues/list.html",
        {"catalogues": Catalogue.objects.all(), "can_manage": can(request.user, "catalogues.manage")},
    )


@login_required
def template(request: HttpRequest) -> HttpResponse:
    require(request.user, "catalogues.view")
    return xlsx_response(
        "基层政务公开标准目录导入模板.xlsx",
        [label for _, label in parse.HEADERS],
        [TEMPLATE_EXAMPLE],
        title="标准目录",
    )


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    require(request.user, "catalogues.manage")
    form = ImportForm()
    problems: list[str] = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                imported = actions.import_catalogue(
                    form.cleaned_data["domain"],
                    upload.read(),
                    source=form.cleaned_data["source"],
                    by=request.user,
                )
            except Refused as exc:
                form.add_error(None, exc.message + "（浏览器不会保留文件，请修改后重新选择文件。）")
                problems = list(exc.problems)
            else:
                return redirect("catalogues:detail", imported.pk)
    return render(request, "catalogues/import.html", {"form": form, "problems": problems})


ITEM_HEADERS = [label for _, label in parse.HEADERS]


@login_required
def catalogue(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "catalogues.view")
    found = get_object_or_404(Catalogue, pk=pk)
    items = list(found.items.current())
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                i.seq,
                i.level1,
                i.level2,
                i.content,
                i.basis,
                i.time_limit,
                i.subject,
                i.channels,
                i.audience,
                i.mode,
                i.level_labels,
            ]
            for i in items
        ]
        return xlsx_response(
            f"{found.domain}领域基层政务公开标准目录.xlsx", ITEM_HEADERS, rows, title=found.domain
        )
    return render(request, "catalogues/detail.html", {"catalogue": found, "items": items})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    require(request.user, "catalogues.view")
    agency = current_agency(request)
    if agency is None or not can(request.user, "catalogues.adopt", agency):
        raise PermissionDenied("只能维护本单位的事项目录。")
    if request.method == "POST":
        return run_action(
            request,
            {
                "adopt": lambda r: _adopt_step(r, agency),
                "link": lambda r: _link_step(r, agency),
                "drop": lambda r: _drop_step(r, agency),
            },
            redirect_to=reverse("catalogues:mine"),
        )
    today = timezone.localdate()
    entries = list(
        AgencyItem.objects.filter(agency=agency).select_related(
            "item", "item__catalogue", "column", "column__agency"
        )
    )
    states = {s.entry.item_id: s for s in item_states(entries, today)}
    groups = []
    for cat in Catalogue.objects.prefetch_related("items"):
        groups.append(
            {
                "catalogue": cat,
                "items": [(i, states.get(i.pk)) for i in cat.items.all() if not i.retired or i.pk in states],
            }
        )
    return render(
        request,
        "catalogues/mine.html",
        {
            "agency": agency,
            "groups": groups,
            "own_columns": list(Column.objects.filter(agency=agency).in_order()),
            "adopted": len(entries),
            "with_content": sum(1 for s in states.values() if s.has_content),
        },
    )


def _own_column(request: HttpRequest, agency: Any) -> Column | None:
    raw = request.POST.get("column", "")
    if not raw:
        return None
    column = Column.objects.filter(pk=int(raw) if raw.isdigit() else 0, agency=agency).first()
    if column is None:
        raise Refused("请选择本单位子站的栏目。")
    return column


def _adopt_step(request: HttpRequest, agency: Any) -> str:
    ids = [int(v) for v in request.POST.getlist("items") if v.isdigit()]
    items = list(CatalogueItem.objects.filter(pk__in=ids))
    if not items:
        raise Refused("请勾选要纳入事项目录的事项。")
    added = actions.adopt_items(agency, items, by=request.user, column=_own_column(request, agency))
    return f"已纳入 {added} 个事项。"


def _entry(request: HttpRequest, agency: Any) -> AgencyItem:
    raw = request.POST.get("entry", "")
    entry = (
        AgencyItem.objects.filter(pk=int(raw) if raw.isdigit() else 0, agency=agency)
        .select_related("agency")
        .first()
    )
    if entry is None:
        raise Refused("该事项不在本单位事项目录中。")
    return entry


def _link_step(request: HttpRequest, agency: Any) -> str:
    entry = _entry(request, agency)
    actions.link_column(entry, _own_column(request, agency), by=request.user)
    return "已保存发布栏目。"


def _drop_step(request: HttpRequest, agency: Any) -> str:
    entry = _entry(request, agency)
    actions.drop_item(entry, by=request.user)
    return "已从本单位事项目录中移除。"


COVERAGE_HEADERS = [
    "单位",
    "纳入事项",
    "已发布内容",
    "空白事项",
    "其中超过公开时限",
    "覆盖率",
    "空白事项清单",
]


@login_required
def coverage_view(request: HttpRequest) -> HttpResponse:
    require(request.user, "catalogues.coverage")
    today = timezone.localdate()
    catalogues_all = list(Catalogue.objects.all())
    chosen = None
    raw = request.GET.get("catalogue", "")
    if raw.isdigit():
        chosen = next((c for c in catalogues_all if c.pk == int(raw)), None)
    rows = coverage(today, chosen)
    if request.GET.get("export") == "xlsx":
        data = [
            [
                r.agency,
                r.adopted,
                r.with_content,
                r.empty,
                r.late,
                f"{r.share:.0%}" if r.share is not None else "—",
                "；".join(f"{g.entry.item}{'（超时限）' if g.late else ''}" for g in r.gaps),
            ]
            for r in rows
        ]
        name = f"{chosen.domain}标准目录覆盖情况.xlsx" if chosen else "标准目录覆盖情况.xlsx"
        return xlsx_response(name, COVERAGE_HEADERS, data, title="覆盖情况")
    return render(
        request,
        "catalogues/coverage.html",
        {
            "rows": rows,
            "chart": chart(rows),
            "catalogues": catalogues_all,
            "chosen": chosen,
            "totals": {
                "adopted": sum(r.adopted for r in rows),
                "with_content": sum(r.with_content for r in rows),
                "empty": sum(r.empty for r in rows),
                "late": sum(r.late for r in rows),
            },
        },
    )
