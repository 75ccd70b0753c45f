"""Workspace view of the audit log (工作痕迹), with filters and .xlsx export."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.agencies.models import Agency
from zwgk.audit.labels import event_label
from zwgk.audit.models import AuditEvent
from zwgk.core.exports import xlsx_response
from zwgk.core.paging import paginate, querystring_without_page


class AuditFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    agency = forms.ModelChoiceField(
        label="单位", queryset=Agency.objects.none(), required=False, empty_label="全部"
    )
    action = forms.CharField(label="操作", required=False, max_length=80)
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "audit.view_events")
    events = AuditEvent.objects.visible_to(request.user).select_related("agency")
    form = AuditFilterForm(request.GET or None)
    form.fields["agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
        pk__in=events.values("agency_id")
    ).in_display_order()
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            events = events.filter(
                Q(object_repr__icontains=data["q"])
                | Q(summary__icontains=data["q"])
                | Q(actor_name__icontains=data["q"])
            )
        if data["agency"]:
            events = events.filter(agency=data["agency"])
        if data["action"]:
            events = events.filter(action__startswith=data["action"])
        tz = timezone.get_current_timezone()
        if data["start"]:
            events = events.filter(created_at__gte=datetime.combine(data["start"], time.min, tzinfo=tz))
        if data["end"]:
            events = events.filter(created_at__lte=datetime.combine(data["end"], time.max, tzinfo=tz))
    if request.GET.get("export") == "xlsx":
        rows = (
            (
                e.id,
                e.created_at,
                e.actor_name or "系统",
                str(e.agency or ""),
                event_label(e.action),
                e.action,
                e.object_repr,
                e.summary,
                e.ip,
            )
            for e in events[:50000]
        )
        return xlsx_response(
            "工作痕迹.xlsx",
            ["编号", "时间", "操作人", "单位", "操作", "操作代码", "对象", "说明", "IP 地址"],
            rows,
            title="工作痕迹",
        )
    page = paginate(request, events, per_page=50, keyset="id")
    return render(
        request, "audit/list.html", {"page": page, "form": form, "query": querystring_without_page(request)}
    )
