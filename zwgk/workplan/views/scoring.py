"""Scoring: the year's score sheet, the assessment weight check, adjustments, results and export."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zwgk.accounts.permissions import can, require
from zwgk.agencies.models import Agency
from zwgk.agencies.selection import current_agency
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response
from zwgk.workplan import scoring
from zwgk.workplan.access import get_plan, int_or_404
from zwgk.workplan.actions import scoring as actions
from zwgk.workplan.forms import AdjustmentForm, ScoreLineForm, WeightForm
from zwgk.workplan.models import ScoreLine, ScoreSheet, Task
from zwgk.workplan.views.common import default_year, nav


@login_required
def scores_current(request: HttpRequest) -> HttpResponse:
    require(request.user, "workplan.use_ledger")
    year = default_year()
    if year is None:
        return render(
            request, "workplan/no_plan.html", {"can_import": can(request.user, "workplan.import_plan")}
        )
    return redirect("workplan:scores", year=year)


def _units(sheet: ScoreSheet) -> Any:
    return Agency.objects.filter(
        pk__in=Task.objects.filter(plan=sheet.plan).values("agency_id")
    ).in_display_order()


@login_required
def scores(request: HttpRequest, year: int) -> HttpResponse:
    plan = get_plan(year)
    sheet = ScoreSheet.objects.filter(plan=plan).first()
    supervisor = can(request.user, "workplan.view_scores")
    weight_only = can(request.user, "workplan.enter_weight")
    if not supervisor and not weight_only:
        # A unit's administrator sees its own stored score.
        agency = current_agency(request)
        if agency is None or not can(request.user, "workplan.view_unit_score", agency):
            require(request.user, "workplan.view_scores")
        assert agency is not None
        result = sheet.results.filter(agency=agency).first() if sheet is not None else None
        return render(
            request,
            "workplan/score_unit.html",
            {**nav(request, plan, "scores"), "sheet": sheet, "agency": agency, "result": result},
        )
    if sheet is None:
        if request.method == "POST" and "create" in request.POST:
            require(request.user, "workplan.manage_scores")
            actions.ensure_sheet(plan, by=request.user)
            messages.success(request, "已按默认内容建立评分表，可按本年度考核办法修改。")
            return redirect("workplan:scores", year=year)
        return render(
            request,
            "workplan/scores.html",
            {
                **nav(request, plan, "scores"),
                "sheet": None,
                "can_manage": can(request.user, "workplan.manage_scores"),
            },
        )
    lines = list(sheet.lines.all())
    results = list(
        sheet.results.select_related("agency", "computed_by").order_by("-total", "agency__sort_order")
    )
    if request.GET.get("export") == "xlsx":
        require(request.user, "workplan.view_scores")
        headers = ["排名", "单位", *[line.name for line in lines], "调整分", "总分", "计算时间"]
        rows = []
        for rank, result in enumerate(results, start=1):
            points = {entry["name"]: float(entry["points"]) for entry in result.lines}
            rows.append(
                [
                    rank,
                    result.agency.short_name,
                    *[points.get(line.name, "") for line in lines],
                    float(result.adjustments),
                    float(result.total),
                    result.computed_at,
                ]
            )
        return xlsx_response(f"{year}年政务公开工作考核得分.xlsx", headers, rows, title="考核得分")
    adjust_form = AdjustmentForm()
    adjust_form.fields["agency"].queryset = _units(sheet)  # type: ignore[attr-defined]
    adjustments = sheet.adjustments.select_related("agency", "by").order_by("-at")
    return render(
        request,
        "workplan/scores.html",
        {
            **nav(request, plan, "scores"),
            "sheet": sheet,
            "lines": lines,
            "full_marks": scoring.full_marks(lines),
            "results": results,
            "checks": scoring.weight_checks(sheet),
            "minimum": scoring_minimum(),
            "weight_form": WeightForm(),
            "adjust_form": adjust_form,
            "adjustments": adjustments,
            "can_manage": can(request.user, "workplan.manage_scores"),
            "can_weight": weight_only,
            "can_view_all": supervisor,
        },
    )


def scoring_minimum() -> int:

    return int(settings.WORKPLAN_MIN_WEIGHT_PERCENT)


def _sheet(year: int) -> ScoreSheet:
    return get_object_or_404(ScoreSheet, plan=get_plan(year))


@login_required
@require_POST
def compute(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, "workplan.manage_scores")
    sheet = _sheet(year)
    results = actions.compute_scores(sheet, by=request.user)
    messages.success(request, f"已计算 {len(results)} 个单位的得分。")
    return redirect("workplan:scores", year=year)


@login_required
@require_POST
def adjust(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, "workplan.manage_scores")
    sheet = _sheet(year)
    form = AdjustmentForm(request.POST)
    form.fields["agency"].queryset = _units(sheet)  # type: ignore[attr-defined]
    if form.is_valid():
        try:
            actions.adjust_score(
                sheet,
                form.cleaned_data["agency"],
                form.cleaned_data["points"],
                form.cleaned_data["reason"],
                by=request.user,
            )
            messages.success(request, "已记录加减分；重新计算得分后计入总分。")
        except Refused as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("workplan:scores", year=year)


@login_required
@require_POST
def weight(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, "workplan.enter_weight")
    plan = get_plan(year)
    sheet = ScoreSheet.objects.filter(plan=plan).first()
    if sheet is None:
        messages.error(request, "公开办尚未建立本年度评分表。")
        return redirect("workplan:scores", year=year)
    form = WeightForm(request.POST)
    if form.is_valid():
        try:
            entered = actions.set_weight(
                sheet,
                form.cleaned_data["kind"],
                form.cleaned_data["percent"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
            messages.success(request, f"已录入{entered.get_kind_display()}的分值权重 {entered.percent}%。")
        except Refused as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("workplan:scores", year=year)


@login_required
def lines(request: HttpRequest, year: int) -> HttpResponse:
    """Edit the year's score sheet lines."""
    require(request.user, "workplan.manage_scores")
    sheet = _sheet(year)
    editing: ScoreLine | None = None
    if request.GET.get("line"):
        editing = get_object_or_404(ScoreLine, sheet=sheet, pk=int_or_404(request.GET["line"]))
    if request.method == "POST" and "delete" in request.POST:
        line = get_object_or_404(ScoreLine, sheet=sheet, pk=int_or_404(request.POST["delete"]))
        actions.delete_line(line, by=request.user)
        messages.success(request, f"已删除评分项“{line.name}”。")
        return redirect("workplan:score_lines", year=year)
    initial = (
        {
            "sort": editing.sort,
            "name": editing.name,
            "rule": editing.rule,
            "max_points": editing.max_points,
            "per_item": editing.per_item,
        }
        if editing
        else {"sort": (max((line.sort for line in sheet.lines.all()), default=0) + 10)}
    )
    form = ScoreLineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_line(sheet, editing, form.cleaned_data, by=request.user)
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "评分项已保存。")
            return redirect("workplan:score_lines", year=year)
    all_lines = list(sheet.lines.all())
    return render(
        request,
        "workplan/score_lines.html",
        {
            "plan": sheet.plan,
            "sheet": sheet,
            "lines": all_lines,
            "full_marks": scoring.full_marks(all_lines),
            "form": form,
            "editing": editing,
        },
    )
