"""Public agency directory; workspace agency switcher and contact-block editing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from zwgk.accounts.permissions import require
from zwgk.agencies import actions
from zwgk.agencies.forms import ContactForm
from zwgk.agencies.models import Agency, AgencyKind
from zwgk.agencies.selection import current_agency, select_agency


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.active().in_display_order()
    groups = [
        (label, [a for a in agencies if a.kind == kind])
        for kind, label in AgencyKind.choices
        if kind != AgencyKind.COORDINATION
    ]
    return render(
        request, "agencies/directory.html", {"groups": [(g, items) for g, items in groups if items]}
    )


@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.active(), code=code)
    return render(request, "agencies/detail.html", {"agency": agency})


@login_required
@require_POST
def switch(request: HttpRequest) -> HttpResponse:
    try:
        agency_id = int(request.POST.get("agency", ""))
    except ValueError:
        agency_id = 0
    if select_agency(request, agency_id) is None:
        messages.error(request, "无法切换到该单位：您在该单位没有角色。")
    target = request.POST.get("next") or "/workspace/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/workspace/"
    return HttpResponseRedirect(target)


@login_required
def edit_contact(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if agency is None:
        return redirect("core:workspace")
    require(request.user, "agencies.edit_contact", agency)
    if request.method == "POST":
        form = ContactForm(request.POST, instance=Agency.objects.get(pk=agency.pk))
        if form.is_valid():
            actions.update_contact(agency, form.cleaned_data, by=request.user)
            messages.success(request, "本单位公开联系方式已保存。")
            return redirect("agencies:edit_contact")
    else:
        form = ContactForm(instance=agency)
    return render(request, "agencies/edit_contact.html", {"form": form, "agency": agency})
