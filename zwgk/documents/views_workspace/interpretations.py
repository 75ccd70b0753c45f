"""Workspace pages of policy interpretations (政策解读)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zwgk.accounts.permissions import require
from zwgk.agencies.selection import current_agency
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response
from zwgk.core.paging import paginate, querystring_without_page
from zwgk.documents import access, actions
from zwgk.documents.forms import (
    InterpretationEditForm,
)
from zwgk.documents.models import (
    Interpretation,
    Record,
)

from .common import (
    EXPORT_LIMIT,
    INTERPRETATION_DONE,
    _dispatch,
    _edit_draft,
    _local,
    _refusal,
    _reviewed_context,
    _workflow_steps,
)

# --- interpretations ------------------------------------------------------------------------------------


@login_required
def interpretations(request: HttpRequest) -> HttpResponse:
    require(request.user, "documents.view")
    qs = (
        Interpretation.objects.visible_to(request.user)
        .select_related("policy", "agency")
        .order_by("-updated_at")
    )
    waiting = Record.objects.visible_to(request.user).awaiting_interpretation().select_related("agency")
    if request.GET.get("export") == "xlsx":
        rows = (
            (
                i.title,
                i.get_form_display(),
                i.policy.title,
                i.agency.short_name,
                i.get_status_display(),
                _local(i.published_at),
            )
            for i in qs[:EXPORT_LIMIT]
        )
        return xlsx_response(
            "政策解读.xlsx",
            ["标题", "形式", "解读的文件", "解读机关", "状态", "发布时间"],
            rows,
            title="政策解读",
        )
    return render(
        request,
        "documents/workspace/interpretations.html",
        {
            "page": paginate(request, qs, per_page=30),
            "waiting": waiting,
            "query": querystring_without_page(request),
        },
    )


@login_required
def interpretation_new(request: HttpRequest, policy_pk: int) -> HttpResponse:
    policy = access.staff_record(request, policy_pk)
    agency = current_agency(request) or policy.agency
    form = InterpretationEditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = actions.create_interpretation(policy, data, by=request.user, agency=agency)
        except (Refused, PermissionDenied) as exc:
            _refusal(request, exc)
        else:
            messages.success(request, "解读草稿已保存。")
            return redirect("documents:ws_interpretation", item.pk)
    return render(
        request,
        "documents/workspace/interpretation_form.html",
        {"form": form, "policy": policy, "item": None},
    )


@login_required
def interpretation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.staff_interpretation(request, pk)
    require(request.user, "documents.draft", item)
    return _edit_draft(
        request,
        item,
        InterpretationEditForm(request.POST or None, instance=item),
        done="解读已保存。",
        back=reverse("documents:ws_interpretation", args=[item.pk]),
        template="documents/workspace/interpretation_form.html",
        policy=item.policy,
        item=item,
    )


@login_required
def interpretation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.staff_interpretation(request, pk)
    return render(
        request,
        "documents/workspace/interpretation_detail.html",
        {"item": item, **_reviewed_context(request, item)},
    )


@login_required
@require_POST
def interpretation_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = access.staff_interpretation(request, pk)
    steps = _workflow_steps(item, INTERPRETATION_DONE)
    steps["sign"] = lambda r: (
        actions.sign_interpretation(item, by=r.user, note=r.POST.get("note", "")),
        "解读审签完成。",
    )[1]
    return _dispatch(request, action, steps, reverse("documents:ws_interpretation", args=[item.pk]))
