"""Workspace page of the issuers outside the district (list, add/edit, .xlsx export)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zwgk.accounts.permissions import require
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response
from zwgk.documents.issuers import save_issuer
from zwgk.documents.models import Issuer, IssuerLevel


class IssuerForm(forms.Form):
    name = forms.CharField(label="机关名称", max_length=100, help_text="如 全国人民代表大会常务委员会")
    short_name = forms.CharField(label="简称", max_length=50, required=False)
    aliases = forms.CharField(label="其他名称", max_length=300, required=False, help_text="多个用“、”分隔")
    level = forms.ChoiceField(label="层级", choices=IssuerLevel.choices)
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=100)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)


@login_required
def issuers(request: HttpRequest) -> HttpResponse:
    require(request.user, "documents.manage_issuers")
    edit = request.GET.get("edit") or ""
    editing = Issuer.objects.filter(pk=edit).first() if edit.isdigit() else None
    initial = (
        {
            f: getattr(editing, f)
            for f in ("name", "short_name", "aliases", "level", "sort_order", "is_active")
        }
        if editing
        else None
    )
    form = IssuerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_issuer(editing, by=request.user, **form.cleaned_data)
        except (Refused, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "message", None) or "没有权限。")
        else:
            messages.success(request, "区外发文机关已保存。")
            return redirect("documents:ws_issuers")
    items = list(Issuer.objects.order_by("sort_order", "id"))
    if request.GET.get("export") == "xlsx":
        rows = [
            (i.name, i.short_name, i.aliases, i.get_level_display(), "启用" if i.is_active else "停用")
            for i in items
        ]
        return xlsx_response(
            "区外发文机关.xlsx", ["机关名称", "简称", "其他名称", "层级", "状态"], rows, title="区外发文机关"
        )
    return render(
        request, "documents/workspace/issuers.html", {"items": items, "form": form, "editing": editing}
    )
