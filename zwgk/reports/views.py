"""Workspace pages of the annual report: status board, one report, its forms, the district overview."""

from __future__ import annotations

import difflib
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zwgk.accounts.permissions import agency_scope, can, require
from zwgk.agencies.models import Agency
from zwgk.core.actionviews import refusal_text, run_action
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response
from zwgk.core.files import serve_generated_file
from zwgk.reports import actions
from zwgk.reports.board import (
    BOARD_HEADERS,
    OVERVIEW_COLUMNS,
    OVERVIEW_HEADERS,
    board_export_rows,
    board_rows,
    outcome_chart,
    overview_cells,
    overview_export_rows,
    overview_totals,
    status_chart,
)
from zwgk.reports.deadlines import reporting_year
from zwgk.reports.document import ReportDocument, document_from_content, render_docx, render_pdf
from zwgk.reports.format import (
    EXTERNAL_ROWS,
    NARRATIVE_LABELS,
    NARRATIVE_SECTIONS,
    NORMATIVE_ROWS,
    OUTCOME_KEYS,
    REVIEW_KIND_LABELS,
    REVIEW_KINDS,
    TABLE3_ROW_LABELS,
    TOTAL,
    TOTAL_COLUMN,
)
from zwgk.reports.forms import ManualTableForm, PublishForm, ReasonForm, Table2Form, TextsForm, field_name
from zwgk.reports.models import (
    REPORT_FLOW,
    VIEW_ROLES,
    AnnualReport,
    NarrativeOrigin,
    NarrativeVersion,
    ReportStatus,
)
from zwgk.reports.narrative import find_placeholders
from zwgk.reports.service import ORIGIN_LABELS, reporting_agencies
from zwgk.reports.sources import SOURCES, get_source

FIRST_YEAR = actions.FIRST_FORMAT_YEAR


def get_report(request: HttpRequest, pk: int, perm: str = "reports.view") -> AnnualReport:
    """The one access helper: fetch the report with its agency, 404 if absent, 403 without `perm`."""
    report = AnnualReport.objects.select_related("agency").filter(pk=pk).first()
    if report is None:
        raise Http404("没有这份年度报告")
    require(request.user, perm, report)
    return report


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return reporting_year(today)
    return year if FIRST_YEAR <= year <= today.year else reporting_year(today)


def _years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def draft_document(report: AnnualReport) -> ReportDocument:
    figures = report.figures or {}
    return ReportDocument(
        agency_name=report.agency.name,
        year=report.year,
        sections=actions.current_texts(report),
        table2=figures.get("table2", {}),
        table3=figures.get("table3", {}),
        table4=figures.get("table4", {}),
        draft=True,
    )


def workspace_document(report: AnnualReport) -> ReportDocument:
    """A published report as published (latest edition); anything else as the current draft."""
    edition = report.latest_edition() if report.status == ReportStatus.PUBLISHED else None
    if edition is not None:
        return document_from_content(edition.content, dated=edition.published_on())
    return draft_document(report)


# --- status board ---------------------------------------------------------------------------------------------


@login_required
def board(request: HttpRequest) -> HttpResponse:
    require(request.user, "reports.view")
    year = _year(request)
    today = timezone.localdate()
    scope = agency_scope(request.user, VIEW_ROLES)
    agencies = reporting_agencies()
    if scope is not None:
        agencies = agencies.filter(pk__in=scope)
    rows = board_rows(agencies, year, today)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            f"{year}年度政府信息公开工作年度报告进度.xlsx",
            BOARD_HEADERS,
            board_export_rows(rows, year),
            title="年报进度",
        )
    for row in rows:
        row.can_start = row.report is None and can(request.user, "reports.draft", row.agency)
    sources = [(spec, get_source(name) is not None) for name, spec in SOURCES.items()]
    return render(
        request,
        "reports/board.html",
        {
            "rows": rows,
            "year": year,
            "years": _years(),
            "today": today,
            "sources": sources,
            "can_generate_all": can(request.user, "reports.generate_all"),
            "can_overview": can(request.user, "reports.overview"),
        },
    )


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    agency_text, year_text = request.POST.get("agency", ""), request.POST.get("year", "")
    agency = Agency.objects.filter(pk=int(agency_text)).first() if agency_text.isdigit() else None
    year = int(year_text) if year_text.isdigit() else 0
    if agency is None:
        raise Http404("没有这个单位")
    if not can(request.user, "reports.draft", agency):
        raise PermissionDenied("您不能为该单位编制年度报告。")
    try:
        report, created = actions.start_report(agency, year, by=request.user)
    except Refused as exc:
        messages.error(request, refusal_text(exc))
        return redirect("reports:board")
    if created:
        messages.success(request, f"已按平台数据生成{report.title}草稿。")
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def generate_all(request: HttpRequest) -> HttpResponse:
    require(request.user, "reports.generate_all")
    back = "reports:overview" if request.POST.get("back") == "overview" else "reports:board"
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, "年度不正确。")
        return redirect(back)
    try:
        counts = actions.generate_drafts(year, by=request.user)
    except Refused as exc:
        messages.error(request, refusal_text(exc))
        return redirect(back)
    messages.success(
        request,
        f"{year}年度：新生成草稿 {counts['created']} 份，更新草稿 {counts['regenerated']} 份，"
        f"数据无变化 {counts['unchanged']} 份，审核中或已发布未改动 {counts['skipped']} 份。",
    )
    return redirect(reverse(back) + f"?year={year}")


# --- one report -------------------------------------------------------------------------------------------


def _provenance(report: AnnualReport) -> dict[str, Any]:
    prov = (report.figures or {}).get("provenance", {})
    table2 = [
        {"row": row, "label": ORIGIN_LABELS.get(p.get("origin", ""), ""), **p}
        for row, p in prov.get("table2", {}).items()
    ]
    out: dict[str, Any] = {"table2": table2}
    for name in ("table3", "table4"):
        p = prov.get(name, {})
        out[name] = {"label": ORIGIN_LABELS.get(p.get("origin", ""), ""), **p}
    return out


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report(request, pk)
    versions = actions.current_versions(report)
    document = workspace_document(report)
    can_draft = can(request.user, "reports.draft", report)
    can_review = can(request.user, "reports.review", report)
    moves = REPORT_FLOW.available_moves(report, request.user)
    texts = []
    for section in NARRATIVE_SECTIONS:
        version = versions[section]
        texts.append(
            {
                "section": section,
                "label": NARRATIVE_LABELS[section],
                "version": version,
                "placeholders": len(find_placeholders(version.text)) if version else 0,
                # Edited by staff before the figures last changed: the numbers quoted may be out of date.
                "stale": bool(
                    version
                    and version.origin != NarrativeOrigin.FACTS
                    and report.generated_at
                    and version.created_at < report.generated_at
                ),
            }
        )
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "parts": document.parts(missing_text="—"),
            "texts": texts,
            "checks": report.figures.get("checks", []),
            "warnings": report.figures.get("warnings", []),
            "provenance": _provenance(report),
            "blockers": actions.publication_blockers(report),
            "editions": list(report.editions.order_by("-number")),
            "can_draft": can_draft and report.status == ReportStatus.DRAFT,
            "can_review": can_review,
            # the buttons of REPORT_FLOW's moves (返回 and 撤回更正 are both a move to 草稿, from different states)
            "can_submit": ReportStatus.REVIEW in moves,
            "can_publish": ReportStatus.PUBLISHED in moves,
            "can_return": report.status == ReportStatus.REVIEW and ReportStatus.DRAFT in moves,
            "can_reopen": report.status == ReportStatus.PUBLISHED and ReportStatus.DRAFT in moves,
            "manual_allowed": {
                "table3": get_source("applications") is None,
                "table4": get_source("review_cases") is None,
            },
            "reason_form": ReasonForm(),
            "publish_form": PublishForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
def draft_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = get_report(request, pk)
    document = workspace_document(report)
    name = f"{report.agency.short_name}{report.year}年政府信息公开工作年度报告" + (
        "（草稿）" if document.draft else ""
    )
    if fmt == "docx":
        return serve_generated_file(render_docx(document), filename=name + ".docx")
    if fmt == "pdf":
        return serve_generated_file(render_pdf(document), filename=name + ".pdf")
    raise Http404("没有这种格式")


@login_required
def table2_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report(request, pk, "reports.draft")
    # Like tables 3 and 4: staff enter the normative counts only while the platform has no inventory for them.
    platform_rows = set(NORMATIVE_ROWS) if get_source("normative") is not None else set()
    editable = tuple(r for r in (*NORMATIVE_ROWS, *EXTERNAL_ROWS) if r not in platform_rows)
    if request.method == "POST":
        form = Table2Form(request.POST, editable_rows=editable)
        if form.is_valid():
            try:
                actions.save_table2(report, form.entries(), by=request.user)
            except Refused as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(request, "表二填报内容已保存，统计表已重新生成。")
                return redirect("reports:detail", pk=report.pk)
    else:
        form = Table2Form(initial=Table2Form.initial_from(report.staff_table2), editable_rows=editable)
    return render(
        request,
        "reports/table2_form.html",
        {
            "report": report,
            "form": form,
            "platform_rows": sorted(platform_rows),
            "table2": report.figures.get("table2", {}),
        },
    )


def _manual_rows(form: ManualTableForm) -> list[dict[str, Any]]:
    rows = []
    for row in form.row_keys:
        label = TABLE3_ROW_LABELS[row] if form.which == "table3" else REVIEW_KIND_LABELS[row]
        rows.append(
            {
                "label": label,
                "total_row": row == TOTAL,
                "outcome": row in OUTCOME_KEYS,
                "fields": [form[field_name(row, c)] for c in form.columns],
            }
        )
    return rows


@login_required
def manual_table(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    if which not in ("table3", "table4"):
        raise Http404("没有这张表")
    report = get_report(request, pk, "reports.draft")
    source = "applications" if which == "table3" else "review_cases"
    if get_source(source) is not None:
        messages.info(request, f"{'表三' if which == 'table3' else '表四'}已由平台自动统计，无需填报。")
        return redirect("reports:detail", pk=report.pk)
    if request.method == "POST":
        form = ManualTableForm(request.POST, which=which)
        if form.is_valid():
            try:
                actions.save_manual_table(
                    report, which, form.table(), form.cleaned_data["note"], by=request.user
                )
            except Refused as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(request, "已保存工作人员填报的数据，并重新进行了勾稽校验。")
                return redirect("reports:detail", pk=report.pk)
    else:
        form = ManualTableForm(
            initial=ManualTableForm.initial_from(
                getattr(report, f"manual_{which}"), getattr(report, f"manual_{which}_note")
            ),
            which=which,
        )
    return render(
        request,
        "reports/manual_form.html",
        {
            "report": report,
            "form": form,
            "which": which,
            "name": "表三（收到和处理政府信息公开申请情况）"
            if which == "table3"
            else "表四（行政复议、行政诉讼情况）",
            "columns": form.columns,
            "rows": _manual_rows(form),
            "source_label": SOURCES[source].label,
            "total_column": TOTAL_COLUMN,
        },
    )


@login_required
def texts_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report(request, pk, "reports.draft")
    versions = actions.current_versions(report)
    if request.method == "POST":
        form = TextsForm(request.POST)
        if form.is_valid():
            try:
                changed = actions.save_texts(report, form.texts(), form.based_on(), by=request.user)
            except Refused as exc:
                form.add_error(None, refusal_text(exc))
            else:
                if changed:
                    messages.success(
                        request,
                        "已保存：" + "、".join(NARRATIVE_LABELS[s] for s in changed) + "（历史版本均保留）。",
                    )
                else:
                    messages.info(request, "内容没有变化。")
                return redirect("reports:detail", pk=report.pk)
    else:
        initial: dict[str, Any] = {}
        for section, version in versions.items():
            initial[section] = version.text if version else ""
            initial[f"based_{section}"] = version.number if version else None
        form = TextsForm(initial=initial)
    return render(request, "reports/texts_form.html", {"report": report, "form": form, "versions": versions})


@login_required
def section_history(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    report = get_report(request, pk)
    if section not in NARRATIVE_SECTIONS:
        raise Http404("没有这一部分")
    if request.method == "POST":
        require(request.user, "reports.draft", report)
        try:
            if "redraft" in request.POST:
                done = actions.redraft_section(report, section, by=request.user)
                messages.success(
                    request,
                    "已按平台数据重新起草（原有版本均保留）。"
                    if done
                    else "按平台数据起草的内容与当前内容相同。",
                )
            else:
                wanted = request.POST.get("version", "")
                version = NarrativeVersion.objects.filter(
                    report=report, section=section, pk=int(wanted) if wanted.isdigit() else 0
                ).first()
                if version is None:
                    raise Http404("没有这个版本")
                done = actions.restore_version(report, version, by=request.user)
                messages.success(
                    request, f"已恢复第{version.number}版的内容。" if done else "该版本与当前内容相同。"
                )
        except Refused as exc:
            messages.error(request, refusal_text(exc))
        return redirect("reports:section_history", pk=report.pk, section=section)
    versions = list(
        report.narrative_versions.filter(section=section).select_related("created_by").order_by("-number")
    )
    current = versions[0] if versions else None
    shown = current
    number = request.GET.get("v")
    if number:
        shown = next((v for v in versions if str(v.number) == number), current)
    diff: list[tuple[str, str]] = []
    if shown is not None and current is not None and shown.pk != current.pk:
        for line in difflib.ndiff(shown.text.splitlines(), current.text.splitlines()):
            if line.startswith("? "):
                continue
            diff.append(({"- ": "removed", "+ ": "added"}.get(line[:2], "same"), line[2:]))
    return render(
        request,
        "reports/history.html",
        {
            "report": report,
            "section": section,
            "label": NARRATIVE_LABELS[section],
            "versions": versions,
            "current": current,
            "shown": shown,
            "diff": diff,
            "can_draft": can(request.user, "reports.draft", report) and report.status == ReportStatus.DRAFT,
        },
    )


TRANSITION_PERMISSIONS = {
    "regenerate": "reports.draft",
    "submit": "reports.draft",
    "return": "reports.review",
    "publish": "reports.review",
    "reopen": "reports.review",
}


def _reason(request: HttpRequest) -> str:
    reason_form = ReasonForm(request.POST)
    if not reason_form.is_valid():
        raise Refused("请填写意见。")
    return str(reason_form.cleaned_data["reason"])


def _regenerate(request: HttpRequest, report: AnnualReport) -> str:
    changed = actions.regenerate(report, by=request.user)
    return "已按平台最新数据重新生成统计表。" if changed else "平台数据没有变化，统计表无需更新。"


def _submit(request: HttpRequest, report: AnnualReport) -> str:
    actions.submit(report, by=request.user)
    return "已提交审核。统计数据已按提交时的平台记录固定。"


def _return(request: HttpRequest, report: AnnualReport) -> str:
    actions.return_for_revision(report, _reason(request), by=request.user)
    return "已退回修改。"


def _reopen(request: HttpRequest, report: AnnualReport) -> str:
    actions.reopen(report, _reason(request), by=request.user)
    return "已撤回为草稿进行更正；更正版发布前，公众仍可看到原已发布版本。"


def _publish(request: HttpRequest, report: AnnualReport) -> str:
    publish_form = PublishForm(request.POST)
    note = publish_form.cleaned_data["correction_note"] if publish_form.is_valid() else ""
    edition = actions.publish(report, by=request.user, correction_note=note)
    return f"已发布（第{edition.number}版），公众可在“政府信息公开工作年度报告”栏目查看。"


TRANSITION_STEPS = {
    "regenerate": _regenerate,
    "submit": _submit,
    "return": _return,
    "reopen": _reopen,
    "publish": _publish,
}


@login_required
@require_POST
def transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in TRANSITION_PERMISSIONS:
        raise Http404("没有这个操作")
    report = get_report(request, pk, TRANSITION_PERMISSIONS[action])
    steps = {name: partial(step, report=report) for name, step in TRANSITION_STEPS.items()}
    return run_action(request, steps, redirect_to=reverse("reports:detail", args=[report.pk]), name=action)


# --- district overview ---------------------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require(request.user, "reports.overview")
    year = _year(request)
    today = timezone.localdate()
    rows = board_rows(reporting_agencies(), year, today)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            f"{year}年度全区政府信息公开申请办理情况.xlsx",
            OVERVIEW_HEADERS,
            overview_export_rows(rows),
            title="全区年报概览",
        )
    table_rows = [
        {"row": r, "cells": overview_cells(r), "review": [r.table4_total(k) for k in REVIEW_KINDS]}
        for r in rows
    ]
    ready = [r for r in rows if r.table3_ready]
    return render(
        request,
        "reports/overview.html",
        {
            "year": year,
            "years": _years(),
            "rows": table_rows,
            "columns": [label for _, label in OVERVIEW_COLUMNS],
            "review_labels": [REVIEW_KIND_LABELS[k] for k in REVIEW_KINDS],
            "totals": overview_totals(ready),
            "ready_count": len(ready),
            "passing": sum(1 for r in rows if r.report is not None and not r.failing),
            "outcome_chart": outcome_chart(rows),
            "status_chart": status_chart(rows),
            "can_generate_all": can(request.user, "reports.generate_all"),
            "today": today,
        },
    )
