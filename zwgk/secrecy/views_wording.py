"""The 规范表述 list page (staff-maintained wrong → right expressions, checked in the 保密审查 screening)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from zwgk.accounts.permissions import can, require
from zwgk.core.exports import xlsx_response
from zwgk.secrecy import actions
from zwgk.secrecy.forms import WordingRuleForm
from zwgk.secrecy.models import WORDING_KINDS, WordingRule

HEADERS = ["错误表述", "规范表述", "类别", "说明", "例外用语", "启用", "更新时间"]


@login_required
def wording(request: HttpRequest) -> HttpResponse:
    require(request.user, "secrecy.view_lexicon")
    rules = WordingRule.objects.select_related("updated_by")
    kind = request.GET.get("kind", "")
    if kind in dict(WORDING_KINDS):
        rules = rules.filter(kind=kind)
    if request.GET.get("export") == "xlsx":
        rows = (
            [r.wrong, r.right, r.kind, r.note, r.exceptions, "是" if r.is_active else "否", r.updated_at]
            for r in rules
        )
        return xlsx_response("规范表述.xlsx", HEADERS, rows, title="规范表述")
    form = WordingRuleForm(initial={"is_active": True})
    if request.method == "POST":
        require(request.user, "secrecy.manage_lexicon")
        form = WordingRuleForm(request.POST)
        if form.is_valid():
            try:
                actions.add_wording(form.cleaned_data, by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, f"已添加“{form.cleaned_data['wrong']}”。")
                return redirect("secrecy:wording")
    return render(
        request,
        "secrecy/wording.html",
        {
            "rules": rules,
            "form": form,
            "kinds": WORDING_KINDS,
            "kind": kind,
            "can_manage": can(request.user, "secrecy.manage_lexicon"),
        },
    )


@login_required
def wording_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "secrecy.manage_lexicon")
    rule = get_object_or_404(WordingRule, pk=pk)
    form = WordingRuleForm(instance=rule)
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            actions.delete_wording(rule, by=request.user)
            messages.success(request, f"已删除“{rule.wrong}”。")
            return redirect("secrecy:wording")
        form = WordingRuleForm(request.POST, instance=WordingRule.objects.get(pk=pk))
        if form.is_valid():
            try:
                actions.update_wording(rule, form.cleaned_data, by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, "已保存。")
                return redirect("secrecy:wording")
    return render(request, "secrecy/wording_edit.html", {"form": form, "rule": rule})
