"""Supervision pages for the 公开办 and 督查员: progress of every unit, reminders, inspections, 通报, 回头看."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from zwgk.accounts.permissions import can, require
from zwgk.agencies.models import Agency
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response
from zwgk.core.files import serve_protected_file
from zwgk.workplan import bulletin as bulletin_module
from zwgk.workplan import indicators
from zwgk.workplan.access import (
    get_bulletin,
    get_finding,
    get_inspection,
    get_plan,
    get_reminder,
    get_review_item,
)
from zwgk.workplan.actions import supervision as actions
from zwgk.workplan.charts import stacked_bars
from zwgk.workplan.forms import (
    BulletinForm,
    CarryOverForm,
    FindingFormSet,
    InspectionForm,
    NoteForm,
    ReminderForm,
    VoidBulletinForm,
)
from zwgk.workplan.models import (
    REVIEW_FLOW,
    Bulletin,
    Inspection,
    Plan,
    ReviewItem,
    ReviewStatus,
    Task,
    TaskStatus,
)
from zwgk.workplan.views.common import (
    chart_counts,
    default_year,
    evaluate_keys,
    nav,
    plan_years,
    status_counts,
)


def _plan_units(plan: Plan) -> Any:
    return Agency.objects.filter(pk__in=Task.objects.filter(plan=plan).values("agency_id")).in_display_order()


@login_required
def supervision_current(request: HttpRequest) -> HttpResponse:
    require(request.user, "workplan.supervise")
    year = default_year()
    if year is None:
        return render(
            request, "workplan/no_plan.html", {"can_import": can(request.user, "workplan.import_plan")}
        )
    return redirect("workplan:supervision", year=year)


@login_required
def supervision(request: HttpRequest, year: int) -> HttpResponse:
    """Every unit's progress on one page, with a chart per item and per unit."""
    require(request.user, "workplan.supervise")
    plan = get_plan(year)
    rows_qs = Task.objects.filter(plan=plan, parent__isnull=True)
    by_unit = status_counts(rows_qs, "agency_id")
    by_item = status_counts(rows_qs, "item_id")
    units = list(_plan_units(plan))
    extra = {
        row["agency_id"]: row
        for row in rows_qs.values("agency_id").annotate(
            unnamed=Count("id", filter=Q(responsible_person="")),
            last=Max("last_reported_at"),
        )
    }
    open_reminders = Counter(
        plan.reminders.filter(acknowledged_at__isnull=True).values_list("agency_id", flat=True)
    )
    inspections = Counter(plan.inspections.values_list("agency_id", flat=True))
    table = []
    for agency in units:
        counts = chart_counts(by_unit.get(agency.pk))
        info: dict[str, Any] = dict(extra.get(agency.pk, {}))
        table.append(
            {
                "agency": agency,
                "counts": counts,
                "total": sum(counts.values()),
                "unnamed": info.get("unnamed", 0),
                "last": info.get("last"),
                "reminders": open_reminders.get(agency.pk, 0),
                "inspections": inspections.get(agency.pk, 0),
            }
        )
    status = request.GET.get("show", "")
    if status == "overdue":
        table = [r for r in table if r["counts"]["overdue"]]
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            f"{year}年政务公开工作要点落实情况.xlsx",
            [
                "单位",
                "任务数",
                "已完成",
                "进行中",
                "逾期",
                "未开始",
                "未明确责任人",
                "最近报送",
                "未阅提醒",
                "督查次数",
            ],
            (
                (
                    r["agency"].short_name,
                    r["total"],
                    r["counts"]["done"],
                    r["counts"]["in_progress"],
                    r["counts"]["overdue"],
                    r["counts"]["not_started"],
                    r["unnamed"],
                    r["last"],
                    r["reminders"],
                    r["inspections"],
                )
                for r in table
            ),
            title="落实情况",
        )
    items = list(plan.items.all())
    item_chart = stacked_bars(
        "各条目任务完成情况",
        [
            (
                f"{i.number}{i.title[:8]}",
                reverse("workplan:item", args=[year, i.seq]),
                chart_counts(by_item.get(i.pk)),
            )
            for i in items
        ],
    )
    unit_chart = stacked_bars(
        "各单位任务完成情况",
        [
            (
                r["agency"].short_name,
                reverse("workplan:unit_ledger", args=[year, r["agency"].pk]),
                r["counts"],
            )
            for r in table
        ],
    )
    totals: Counter[str] = Counter()
    for counter in by_unit.values():
        totals.update(counter)
    reminder_form = ReminderForm(
        initial={"agencies": [r["agency"].pk for r in table if r["counts"]["overdue"]]}
    )
    reminder_form.fields["agencies"].queryset = _plan_units(plan)  # type: ignore[attr-defined]
    return render(
        request,
        "workplan/supervision.html",
        {
            **nav(request, plan, "supervision"),
            "table": table,
            "show": status,
            "totals": chart_counts(totals),
            "total": sum(totals.values()),
            "item_chart": item_chart,
            "unit_chart": unit_chart,
            "indicators": list(evaluate_keys([i.key for i in indicators.registered()], year, None).values()),
            "reminder_form": reminder_form,
            "recent_inspections": plan.inspections.select_related("agency", "inspector")[:5],
            "bulletins": plan.bulletins.all()[:5],
            "reviews_pending": ReviewItem.objects.filter(plan=plan, status=ReviewStatus.REPORTED).count(),
            "can_issue": can(request.user, "workplan.issue_bulletin"),
        },
    )


@login_required
@require_POST
def send_reminder(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, "workplan.supervise")
    plan = get_plan(year)
    form = ReminderForm(request.POST)
    form.fields["agencies"].queryset = _plan_units(plan)  # type: ignore[attr-defined]
    if form.is_valid():
        try:
            sent = actions.send_reminders(
                plan, form.cleaned_data["agencies"], form.cleaned_data["message"], by=request.user
            )
            messages.success(request, f"已向 {len(sent)} 个单位发送工作提醒（待办事项和邮件）。")
        except Refused as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "请选择提醒单位并填写提醒内容。")
    return redirect("workplan:supervision", year=year)


@login_required
@require_POST
def acknowledge_reminder(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = get_reminder(request.user, pk)
    try:
        actions.acknowledge_reminder(reminder, by=request.user)
        messages.success(request, "已标记为已阅。")
    except Refused as exc:
        messages.error(request, str(exc))
    return redirect(
        reverse("workplan:unit_ledger", args=[reminder.plan.year, reminder.agency_id]) + "#reminders"
    )


@login_required
def inspections(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, "workplan.view_plan")
    plan = get_plan(year)
    rows = (
        Inspection.objects.visible_to(request.user)
        .filter(plan=plan)
        .select_related("agency", "inspector")
        .annotate(n=Count("findings"), open=Count("findings", filter=Q(findings__rectified_at__isnull=True)))
        .order_by("-inspected_on", "-id")
    )
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            f"{year}年政务公开督查记录.xlsx",
            ["检查日期", "单位", "检查人", "方式", "评价", "问题数", "未整改", "检查情况"],
            (
                (
                    i.inspected_on,
                    i.agency.short_name,
                    i.inspector.display_name,
                    i.method,
                    i.get_rating_display(),
                    i.n,
                    i.open,
                    i.summary,
                )
                for i in rows
            ),
            title="督查记录",
        )
    return render(
        request,
        "workplan/inspections.html",
        {
            **nav(request, plan, "inspections"),
            "rows": rows,
            "can_record": can(request.user, "workplan.supervise"),
        },
    )


@login_required
def inspection_new(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, "workplan.supervise")
    plan = get_plan(year)
    items = plan.items.all()
    form = InspectionForm(request.POST or None, initial={"inspected_on": timezone.localdate()})
    form.fields["agency"].queryset = _plan_units(plan)  # type: ignore[attr-defined]
    if request.GET.get("agency"):
        form.initial["agency"] = request.GET["agency"]
    formset = FindingFormSet(request.POST or None, prefix="finding")
    for sub in formset.forms:
        sub.fields["item"].queryset = items  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        findings = [
            actions.FindingInput(
                f.cleaned_data["text"], f.cleaned_data.get("item"), f.cleaned_data.get("rectify_by")
            )
            for f in formset.forms
            if f.cleaned_data.get("text")
        ]
        try:
            inspection = actions.record_inspection(
                plan,
                data["agency"],
                by=request.user,
                inspected_on=data["inspected_on"],
                summary=data["summary"],
                rating=data["rating"],
                method=data["method"],
                findings=findings,
            )
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "督查记录已保存。")
            return redirect("workplan:inspection", pk=inspection.pk)
    return render(request, "workplan/inspection_new.html", {"plan": plan, "form": form, "formset": formset})


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection(request.user, pk)
    return render(
        request,
        "workplan/inspection.html",
        {
            "inspection": inspection,
            "findings": inspection.findings.select_related("item", "rectified_by"),
            "can_rectify": can(request.user, "workplan.rectify_finding", inspection),
            "form": NoteForm(),
        },
    )


@login_required
@require_POST
def finding_rectify(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_finding(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            actions.rectify_finding(finding, form.cleaned_data["note"], by=request.user)
            messages.success(request, "整改情况已报送。")
        except Refused as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "请填写整改情况。")
    return redirect("workplan:inspection", pk=finding.inspection_id)


@login_required
def bulletins(request: HttpRequest, year: int) -> HttpResponse:
    """Issued 通报, and (for the 公开办/督查员) the units a new 通报 would name, with the facts."""
    require(request.user, "workplan.view_plan")
    plan = get_plan(year)
    supervisor = can(request.user, "workplan.supervise")
    form = BulletinForm(
        request.POST or None,
        initial={
            "title": bulletin_module.default_title(plan),
            "as_of": timezone.localdate(),
            "requirement": bulletin_module.DEFAULT_REQUIREMENT,
        },
    )
    draft: dict[str, Any] | None = None
    if request.method == "POST":
        # 草稿 → 预览 → 确认印发: "preview" shows exactly what would be issued (no number is taken); "confirm"
        # issues it, refusing if the facts changed since the preview.
        require(request.user, "workplan.issue_bulletin")
        if form.is_valid():
            data = form.cleaned_data
            title = data["title"].strip() or bulletin_module.default_title(plan)
            requirement = data["requirement"].strip() or bulletin_module.DEFAULT_REQUIREMENT
            if request.POST.get("step") == "confirm":
                try:
                    issued = actions.issue_bulletin(
                        plan,
                        by=request.user,
                        as_of=data["as_of"],
                        requirement=requirement,
                        title=title,
                        previewed=request.POST.get("previewed", ""),
                    )
                except Refused as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, f"已印发第 {issued.serial} 期通报。")
                    return redirect("workplan:bulletins", year=year)
            elif data["as_of"] > timezone.localdate():
                form.add_error("as_of", "统计截止日期不能晚于今天。")
            else:
                units = bulletin_module.collect_facts(plan, data["as_of"])
                if not units:
                    form.add_error(None, f"截至{data['as_of']:%Y年%m月%d日}没有需要通报的单位。")
                else:
                    draft = {
                        "title": title,
                        "as_of": data["as_of"],
                        "requirement": requirement,
                        "units": units,
                        "serial": (plan.bulletins.aggregate(m=Max("serial"))["m"] or 0) + 1,
                        "fingerprint": bulletin_module.fingerprint(
                            title=title, as_of=data["as_of"], requirement=requirement, units=units
                        ),
                    }
    preview = bulletin_module.collect_facts(plan, timezone.localdate()) if supervisor else []
    return render(
        request,
        "workplan/bulletins.html",
        {
            **nav(request, plan, "bulletins"),
            "issued": Bulletin.objects.filter(plan=plan)
            .select_related("issued_by")
            .prefetch_related("entries__agency"),
            "preview": preview,
            "draft": draft,
            "void_form": VoidBulletinForm(),
            "form": form,
            "supervisor": supervisor,
            "can_issue": can(request.user, "workplan.issue_bulletin"),
        },
    )


@login_required
@require_POST
def bulletin_void(request: HttpRequest, pk: int) -> HttpResponse:
    """作废 an issued 通报 (the 公开办), with a reason; audited."""
    bulletin = get_bulletin(request.user, pk)
    form = VoidBulletinForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写作废理由。")
    else:
        try:
            actions.void_bulletin(bulletin, by=request.user, reason=form.cleaned_data["reason"])
        except Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"第 {bulletin.serial} 期通报已作废。")
    return redirect("workplan:bulletins", year=bulletin.plan.year)


@login_required
@require_GET
def bulletin_download(request: HttpRequest, pk: int) -> FileResponse:
    bulletin = get_bulletin(request.user, pk)
    return serve_protected_file(
        bulletin.file, filename=f"{bulletin.plan.year}年第{bulletin.serial}期政务公开工作通报.docx"
    )


@login_required
def review(request: HttpRequest, year: int) -> HttpResponse:
    """回头看: last year's unfinished items on this year's list; units report, supervisors verify."""
    require(request.user, "workplan.view_plan")
    plan = get_plan(year)
    supervisor = can(request.user, "workplan.supervise")
    items = (
        ReviewItem.objects.visible_to(request.user).filter(plan=plan).select_related("agency", "source_task")
    )
    status = request.GET.get("status", "")
    if status in ReviewStatus.values:
        items = items.filter(status=status)
    earlier = [y for y in plan_years() if y < year]
    carry = CarryOverForm(request.POST or None)
    carry.fields["source_year"].choices = [(y, f"{y}年") for y in earlier]  # type: ignore[attr-defined]
    if request.method == "POST" and "carry" in request.POST:
        require(request.user, "workplan.supervise")
        if carry.is_valid():
            try:
                count = actions.carry_over(get_plan(carry.cleaned_data["source_year"]), plan, by=request.user)
                messages.success(
                    request, f"已列入回头看清单 {count} 项。" if count else "没有新的未完成事项需要列入。"
                )
            except Refused as exc:
                messages.error(request, str(exc))
            return redirect("workplan:review", year=year)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            f"{year}年回头看清单.xlsx",
            ["单位", "上年事项", "上年状态", "状态", "整改情况", "核查意见"],
            (
                (
                    i.agency.short_name,
                    i.label,
                    TaskStatus(i.source_status).label,
                    i.get_status_display(),
                    i.report_note,
                    i.verify_note,
                )
                for i in items
            ),
            title="回头看",
        )
    return render(
        request,
        "workplan/review.html",
        {
            **nav(request, plan, "review"),
            "items": [(i, REVIEW_FLOW.available_moves(i, request.user)) for i in items],
            "status": status,
            "statuses": ReviewStatus.choices,
            "carry": carry if supervisor and earlier else None,
            "supervisor": supervisor,
        },
    )


@login_required
@require_POST
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_review_item(request.user, pk)
    form = NoteForm(request.POST)
    try:
        if not form.is_valid():
            raise Refused("请填写整改落实情况。")
        actions.report_review(item, form.cleaned_data["note"], by=request.user)
        messages.success(request, "整改情况已报送，等待核查。")
    except Refused as exc:
        messages.error(request, str(exc))
    return redirect("workplan:review", year=item.plan.year)


@login_required
@require_POST
def review_verify(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_review_item(request.user, pk)
    accept = request.POST.get("decision") == "accept"
    try:
        actions.verify_review(item, by=request.user, accept=accept, note=request.POST.get("note", ""))
        messages.success(request, "已核查通过。" if accept else "已退回单位继续整改。")
    except Refused as exc:
        messages.error(request, str(exc))
    return redirect("workplan:review", year=item.plan.year)
