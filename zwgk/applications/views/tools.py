"""Staff tools: the deadline calculator, candidate records for a reply, reply templates."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.agencies.models import Agency
from zwgk.applications import actions, clock, letters, services
from zwgk.applications import forms as f
from zwgk.applications.models import (
    Application,
    LetterTemplate,
)
from zwgk.calendar import ScheduleMissing
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response

# --- staff: tools ------------------------------------------------------------------------------------


@login_required
def deadline(request: HttpRequest) -> HttpResponse:
    require(request.user, "applications.view")
    form = f.DeadlineForm(request.GET or None)
    result = error = None
    if form.is_bound and form.is_valid():
        try:
            result = clock.simple(
                form.cleaned_data["received"],
                form.cleaned_data["working_days"],
                services.calendar(provisional=True),
                services.clock_rules(),
            )
        except clock.ClockError as exc:
            error = str(exc)
        except Exception as exc:  # ScheduleMissing: shown, never a 500
            if not isinstance(exc, ScheduleMissing):
                raise
            error = str(exc).split(" / ")[0]
    return render(request, "applications/deadline.html", {"form": form, "result": result, "error": error})


@login_required
def candidates(request: HttpRequest) -> HttpResponse:
    require(request.user, "applications.view")
    since = timezone.localdate() - timedelta(days=365 * 2)
    qs = (
        Application.objects.visible_to(request.user)
        .filter(received_on__gte=since)
        .select_related("agency", "correction")
    )
    by_agency: dict[Agency, list[Application]] = {}
    for app in qs:
        by_agency.setdefault(app.agency, []).append(app)
    groups = []
    for agency, apps in sorted(by_agency.items(), key=lambda kv: kv[0].sort_order):
        found = services.art44_candidates(apps)
        if found:
            groups.append((agency, found))
    if request.GET.get("export") == "xlsx":
        rows = (
            [
                agency.short_name,
                c.description[:300],
                c.applicants,
                "、".join(a.number for a in c.applications),
            ]
            for agency, found in groups
            for c in found
        )
        return xlsx_response(
            f"建议主动公开-{timezone.localdate()}.xlsx",
            ["单位", "所申请的信息", "申请人数", "申请编号"],
            rows,
            title="第四十四条",
        )
    return render(request, "applications/candidates.html", {"groups": groups, "since": since})


@login_required
def templates(request: HttpRequest) -> HttpResponse:
    require(request.user, "applications.edit_templates")
    edited = dict(LetterTemplate.objects.values_list("key", "updated_at"))
    rows = [{"key": key, "label": label, "edited": edited.get(key)} for key, label in letters.template_keys()]
    return render(request, "applications/templates.html", {"rows": rows})


@login_required
def template_edit(request: HttpRequest, key: str) -> HttpResponse:
    require(request.user, "applications.edit_templates")
    labels = dict(letters.template_keys())
    if key not in labels:
        raise Http404
    title, body = letters.template_for(key)
    form = f.TemplateForm(initial={"title": title, "body": body})
    if request.method == "POST":
        if request.POST.get("reset") == "1":
            actions.reset_template(key, by=request.user)
            messages.success(request, "已恢复默认模板。")
            return redirect("applications:template_edit", key=key)
        form = f.TemplateForm(request.POST)
        if form.is_valid():
            try:
                actions.save_template(key, by=request.user, **form.cleaned_data)
            except Refused as exc:
                form.add_error("body", str(exc))
            else:
                messages.success(request, "模板已保存，此后生成的文书使用新模板；已发出的文书不变。")
                return redirect("applications:templates")
    return render(
        request,
        "applications/template_edit.html",
        {"form": form, "key": key, "label": labels[key], "placeholders": letters.PLACEHOLDERS},
    )
