"""Workspace page: which years have a holiday schedule, and uploading a new one."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zwgk.accounts.permissions import can, require
from zwgk.calendar import parse_holiday_cn
from zwgk.workdays.models import ScheduleYear
from zwgk.workdays.service import get_calendar, package_years, store_schedule

MAX_SCHEDULE_BYTES = 256 * 1024


class ScheduleUploadForm(forms.Form):
    file = forms.FileField(label="节假日安排文件（JSON，holiday-cn 格式）")
    note = forms.CharField(label="说明", max_length=200, required=False)


@login_required
def schedules(request: HttpRequest) -> HttpResponse:
    require(request.user, "workdays.view_schedules")
    form = ScheduleUploadForm()
    if request.method == "POST":
        require(request.user, "workdays.manage_schedules")
        form = ScheduleUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_SCHEDULE_BYTES:
                    raise ValueError("文件过大，节假日安排文件不应超过 256 KB")
                data = json.loads(upload.read().decode("utf-8"))
                year, days, papers = parse_holiday_cn(data)
            except UnicodeDecodeError:
                form.add_error("file", "文件不是 UTF-8 编码的文本")
            except json.JSONDecodeError as exc:
                form.add_error("file", f"不是有效的 JSON：第 {exc.lineno} 行 {exc.msg}")
            except ValueError as exc:
                form.add_error("file", str(exc))
            else:
                store_schedule(year, days, papers, by=request.user, note=form.cleaned_data["note"])
                messages.success(request, f"已录入 {year} 年节假日安排。")
                return redirect("workdays:schedules")
    calendar = get_calendar()
    staff_years = {s.year: s for s in ScheduleYear.objects.prefetch_related("days")}
    today = timezone.localdate()
    rows = []
    for year in sorted(set(calendar.covered_years()) | {today.year + 1}, reverse=True)[:8]:
        rows.append(
            {
                "year": year,
                "covered": calendar.covers(year),
                "package": year in package_years(),
                "staff": staff_years.get(year),
                "days": calendar.special_days(year) if calendar.covers(year) else [],
            }
        )
    return render(
        request,
        "workdays/schedules.html",
        {"rows": rows, "form": form, "can_manage": can(request.user, "workdays.manage_schedules")},
    )
