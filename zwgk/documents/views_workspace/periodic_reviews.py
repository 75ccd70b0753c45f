"""Periodic reviews of non-public records (定期审查)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zwgk.accounts.permissions import can, require
from zwgk.core.exports import xlsx_response
from zwgk.documents import access, actions
from zwgk.documents.forms import (
    PeriodicDecisionForm,
)
from zwgk.documents.models import (
    PeriodicReview,
    Record,
    Status,
)

from .common import EXPORT_LIMIT, _attempt, _local, _review_panel

# --- periodic reviews (定期审查) -------------------------------------------------------------------------


@login_required
def periodic_reviews(request: HttpRequest) -> HttpResponse:
    require(request.user, "documents.view")
    visible = Record.objects.visible_to(request.user)
    qs = PeriodicReview.objects.filter(record__in=visible).select_related("record__agency", "decided_by")
    open_items = qs.filter(decided_at__isnull=True).order_by("due_on")
    decided = qs.filter(decided_at__isnull=False).order_by("-decided_at")
    upcoming = (
        visible.filter(status=Status.FILED, next_review_on__isnull=False)
        .select_related("agency")
        .order_by("next_review_on")
    )
    if request.GET.get("export") == "xlsx":
        rows = (
            (
                p.record.title,
                p.record.agency.short_name,
                p.record.get_openness_display(),
                p.due_on,
                p.get_outcome_display() if p.outcome else "待审查",
                p.reason,
                p.decided_by or "",
                _local(p.decided_at),
            )
            for p in qs.order_by("-due_on")[:EXPORT_LIMIT]
        )
        return xlsx_response(
            "定期审查.xlsx",
            ["标题", "单位", "原公开属性", "应审查日期", "结论", "理由", "审查人", "审查时间"],
            rows,
            title="定期审查",
        )
    return render(
        request,
        "documents/workspace/periodic_reviews.html",
        {"open_items": open_items, "decided": decided[:100], "upcoming": upcoming[:100]},
    )


@login_required
def periodic_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.staff_periodic_review(request, pk)
    record = item.record
    form = PeriodicDecisionForm(
        request.POST or None, initial={"statutory_category": record.statutory_category}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            lambda: actions.decide_periodic_review(
                item,
                by=request.user,
                outcome=data["outcome"],
                reason=data["reason"],
                statutory_category=data["statutory_category"],
            ),
            "审查结论已保存。"
            if data["outcome"] == "keep"
            else "已提议转为主动公开：须经保密审查和审签后才在“政策文件”栏目发布。",
        ):
            return redirect("documents:ws_periodic_reviews")
    can_decide = item.decided_at is None and can(request.user, "documents.periodic_review", record)
    return render(
        request,
        "documents/workspace/periodic_review.html",
        {
            "item": item,
            "record": record,
            "form": form,
            "can_decide": can_decide,
            "show_content": can(request.user, "documents.view_content", record),
            "attachments": list(record.attachments.all()),
            **_review_panel(
                request, record, shown=can_decide, blocked_note="尚有未解决的保密审查问题，不能转为主动公开："
            ),
        },
    )
