"""The plan, its items, a unit's ledger, and importing a plan in the workspace."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zwgk.accounts.permissions import can, require
from zwgk.agencies.selection import current_agency
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response
from zwgk.workplan import indicators
from zwgk.workplan.access import get_agency, get_item, get_plan
from zwgk.workplan.actions.plan import import_plan, set_item_indicator
from zwgk.workplan.charts import stacked_bars
from zwgk.workplan.forms import ImportConfirmForm, ImportForm, TaskFilterForm
from zwgk.workplan.importer import prepare_text
from zwgk.workplan.models import (
    Finding,
    Plan,
    Reminder,
    Responsibility,
    ResponsibilityRole,
    ReviewItem,
    ReviewStatus,
    Task,
)
from zwgk.workplan.parser import PlanParseError, decode_text, read_docx
from zwgk.workplan.views.common import (
    chart_counts,
    default_year,
    evaluate_keys,
    in_ledger_order,
    nav,
    shown_indicator_keys,
    status_counts,
)

MAX_PLAN_BYTES = 5 * 1024 * 1024


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    """本单位工作台账: the current unit's ledger of the current plan."""
    require(request.user, "workplan.use_ledger")
    year = default_year()
    agency = current_agency(request)
    if year is None or agency is None:
        return render(
            request,
            "workplan/no_plan.html",
            {"can_import": can(request.user, "workplan.import_plan")},
        )
    return redirect("workplan:unit_ledger", year=year, agency_id=agency.pk)


@login_required
def unit_ledger(request: HttpRequest, year: int, agency_id: int) -> HttpResponse:
    plan = get_plan(year)
    agency = get_agency(agency_id)
    require(request.user, "workplan.view_task", agency, "您只能查看本单位的工作台账。")
    tasks = (
        Task.objects.filter(plan=plan, agency=agency)
        .select_related("item", "parent")
        .order_by("item__seq", "parent_id", "due_date", "id")
    )
    form = TaskFilterForm(request.GET or None)
    form.fields["item"].choices = [("", "全部"), *[(i.seq, str(i)) for i in plan.items.all()]]  # type: ignore[attr-defined]
    if form.is_valid():
        if form.cleaned_data["status"]:
            tasks = tasks.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["item"]:
            tasks = tasks.filter(item__seq=form.cleaned_data["item"])
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            f"{agency.short_name}-{year}年政务公开工作台账.xlsx",
            [
                "要点",
                "任务",
                "子任务",
                "职责",
                "责任人",
                "完成时限",
                "状态",
                "进度%",
                "最近报送",
                "完成时间",
                "完成情况",
            ],
            (
                (
                    f"{t.item.number}{t.item.title}",
                    t.parent.title if t.parent else t.title,
                    t.title if t.parent else "",
                    t.get_role_display(),
                    t.responsible_person,
                    t.due_date,
                    t.get_status_display() + ("（超时限）" if t.done_late else ""),
                    t.progress_percent,
                    t.last_reported_at,
                    t.completed_at,
                    t.completion_note,
                )
                for t in tasks
            ),
            title="工作台账",
        )
    rows = in_ledger_order(tasks)
    counts = status_counts(Task.objects.filter(plan=plan, agency=agency, parent__isnull=True), "agency_id")
    summary = chart_counts(counts.get(agency.pk))
    all_keys = [i.key for i in indicators.registered()]
    context: dict[str, Any] = {
        "plan": plan,
        "agency": agency,
        "tasks": rows,
        "form": form,
        "summary": summary,
        "total": sum(summary.values()),
        "can_edit": can(request.user, "workplan.edit_task", agency),
        "supervisor": can(request.user, "workplan.supervise"),
        "reminders": Reminder.objects.filter(plan=plan, agency=agency).select_related("sent_by", "task")[:10],
        "findings": Finding.objects.filter(
            inspection__plan=plan, inspection__agency=agency, rectified_at__isnull=True
        ).select_related("inspection", "item"),
        "reviews": ReviewItem.objects.filter(plan=plan, agency=agency).exclude(status=ReviewStatus.VERIFIED),
        "indicators": list(evaluate_keys(all_keys, year, agency.pk).values()),
        **nav(request, plan, "ledger"),
    }
    return render(request, "workplan/unit_ledger.html", context)


@login_required
def plan_overview(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, "workplan.view_plan")
    plan = get_plan(year)
    items = list(
        plan.items.prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=Responsibility.objects.select_related("agency").order_by(
                    "position", "agency__sort_order"
                ),
            )
        )
    )
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            f"{plan}任务分工.xlsx",
            [
                "编号",
                "部分",
                "标题",
                "牵头单位",
                "负责落实单位",
                "协助配合单位",
                "责任单位（原文）",
                "未匹配名称",
            ],
            (
                (
                    item.number,
                    item.section,
                    item.title,
                    *(
                        "、".join(r.agency.short_name for r in item.responsibilities.all() if r.role == role)
                        for role in (
                            ResponsibilityRole.LEAD,
                            ResponsibilityRole.RESPONSIBLE,
                            ResponsibilityRole.COOPERATE,
                        )
                    ),
                    item.units_clause,
                    "、".join(item.unmatched),
                )
                for item in items
            ),
            title="任务分工",
        )
    counts = status_counts(Task.objects.filter(plan=plan, parent__isnull=True), "item_id")
    keys = shown_indicator_keys(plan, items)
    agency = current_agency(request)
    values = evaluate_keys([k for ks in keys.values() for k in ks], year, None)
    rows: list[dict[str, Any]] = []
    for item in items:
        responsibilities = list(item.responsibilities.all())
        rows.append(
            {
                "item": item,
                "leads": [r.agency for r in responsibilities if r.role == ResponsibilityRole.LEAD],
                "vias": _vias(responsibilities),
                "counts": chart_counts(counts.get(item.pk)),
                "indicators": [values[k] for k in keys.get(item.seq, []) if k in values],
            }
        )
    chart = stacked_bars(
        "各条目任务完成情况",
        [
            (
                f"{r['item'].number}{r['item'].title[:8]}",
                reverse("workplan:item", args=[year, r["item"].seq]),
                r["counts"],
            )
            for r in rows
        ],
    )
    return render(
        request,
        "workplan/plan.html",
        {
            "rows": rows,
            "chart": chart,
            "agency": agency,
            "can_import": can(request.user, "workplan.import_plan"),
            **nav(request, plan, "plan"),
        },
    )


def _vias(responsibilities: list[Responsibility]) -> list[tuple[str, int, bool]]:
    """The non-lead names as written, in order: (name, how many units it stands for, co-operating?)."""
    seen: dict[str, list[Any]] = {}
    for r in responsibilities:
        if r.role == ResponsibilityRole.LEAD:
            continue
        entry = seen.setdefault(r.via or r.agency.short_name, [0, r.role == ResponsibilityRole.COOPERATE])
        entry[0] += 1
    return [(via, n, cooperate) for via, (n, cooperate) in seen.items()]


@login_required
def item_detail(request: HttpRequest, year: int, seq: int) -> HttpResponse:
    require(request.user, "workplan.view_plan")
    plan = get_plan(year)
    item = get_item(plan, seq)
    responsibilities = list(
        item.responsibilities.select_related("agency").order_by("position", "agency__sort_order")
    )
    tasks = {t.agency_id: t for t in Task.objects.filter(item=item, parent__isnull=True)}
    agency = current_agency(request)
    keys = shown_indicator_keys(plan, [item]).get(item.seq, [])
    district = evaluate_keys(keys, year, None)
    unit_values = evaluate_keys(keys, year, agency.pk) if agency is not None else {}
    units = [
        {
            "responsibility": r,
            "task": tasks.get(r.agency_id),
            "visible": can(request.user, "workplan.view_task", r.agency),
        }
        for r in responsibilities
    ]
    counts = chart_counts(
        status_counts(Task.objects.filter(item=item, parent__isnull=True), "item_id").get(item.pk)
    )
    return render(
        request,
        "workplan/item.html",
        {
            **nav(request, plan, "plan"),
            "item": item,
            "units": units,
            "counts": counts,
            "agency": agency,
            "indicators": [(district[k], unit_values.get(k)) for k in keys if k in district],
            "all_indicators": [(i, i.key in keys) for i in indicators.registered()],
            "can_manage": can(request.user, "workplan.manage_indicators"),
            "previous": plan.items.filter(seq=seq - 1).first(),
            "next": plan.items.filter(seq=seq + 1).first(),
        },
    )


@login_required
@require_POST
def item_indicators(request: HttpRequest, year: int, seq: int) -> HttpResponse:
    require(request.user, "workplan.manage_indicators")
    plan = get_plan(year)
    item = get_item(plan, seq)
    shown_now = set(shown_indicator_keys(plan, [item]).get(item.seq, []))
    wanted = set(request.POST.getlist("shown"))
    for indicator in indicators.registered():
        want = indicator.key in wanted
        if want != (indicator.key in shown_now):
            set_item_indicator(item, indicator.key, want, by=request.user)
    messages.success(request, "已更新本条目显示的指标。")
    return redirect("workplan:item", year=year, seq=seq)


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    """Upload a plan (.txt/.docx), check the parsed items and unit matches, then confirm."""
    require(request.user, "workplan.import_plan")
    form = ImportForm()
    if request.method == "POST" and "confirm" in request.POST:
        confirm = ImportConfirmForm(request.POST)
        if not confirm.is_valid():
            raise PermissionDenied("导入数据不完整，请重新上传文件。")
        try:
            matched = prepare_text(confirm.cleaned_data["text"])
            result = import_plan(
                matched,
                confirm.cleaned_data["year"],
                by=request.user,
                source_name=confirm.cleaned_data["source_name"],
            )
        except (PlanParseError, Refused) as exc:
            messages.error(request, str(exc))
            return redirect("workplan:import")
        messages.success(request, f"已导入{result.plan}：{result.summary()}。")
        for warning in result.warnings:
            messages.warning(request, warning)
        return redirect("workplan:plan", year=result.plan.year)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            name = upload.name or ""
            try:
                if upload.size > MAX_PLAN_BYTES:
                    raise PlanParseError("文件过大（工作要点文件不应超过 5 MB）")
                if name.lower().endswith(".docx"):
                    text = read_docx(upload)
                elif name.lower().endswith((".txt", ".text")):
                    text = decode_text(upload.read())
                else:
                    raise PlanParseError("请上传 .txt 或 .docx 文件（旧版 .doc 请先另存为 .docx）")
                matched = prepare_text(text)
            except PlanParseError as exc:
                form.add_error("file", str(exc))
            else:
                year = form.cleaned_data["year"]
                warnings = list(matched.parsed.warnings)
                if matched.parsed.year and matched.parsed.year != year:
                    warnings.insert(
                        0, f"文件标题中的年度为 {matched.parsed.year} 年，与所选年度 {year} 年不一致"
                    )
                return render(
                    request,
                    "workplan/import_preview.html",
                    {
                        "matched": matched,
                        "year": year,
                        "warnings": warnings,
                        "data": matched.to_json(year),
                        "exists": get_plan_or_none(year),
                        "confirm": ImportConfirmForm(
                            initial={"text": text, "year": year, "source_name": name}
                        ),
                    },
                )
    return render(request, "workplan/import.html", {"form": form})


def get_plan_or_none(year: int) -> Any:

    return Plan.objects.filter(year=year).first()
