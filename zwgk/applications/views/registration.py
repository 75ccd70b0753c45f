"""Registration of an application by staff (received at the counter, by post or fax)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zwgk.accounts.permissions import require
from zwgk.agencies.selection import current_agency
from zwgk.applications import actions
from zwgk.applications import forms as f
from zwgk.core.errors import Refused

# --- staff: registration -----------------------------------------------------------------------------


@login_required
def register(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if agency is None:
        raise PermissionDenied("请先选择单位")
    require(request.user, "applications.register", agency, "只有依申请承办人可以登记申请。")
    handlers = actions.handlers_of(agency.pk)
    form = f.StaffRegisterForm(handlers=handlers)
    if request.method == "POST":
        form = f.StaffRegisterForm(request.POST, request.FILES, handlers=handlers)
        if form.is_valid():
            data = form.cleaned_data
            try:
                app, code = actions.register_by_staff(
                    agency,
                    data,
                    by=request.user,
                    channel=data["channel"],
                    submitted_on=data["submitted_on"],
                    signed_on=data["signed_on"],
                    confirmed_on=data["confirmed_on"],
                    proof=data["identity_proof"],
                    handler=data["handler"],
                )
            except Refused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"已登记申请 {app.number}，收到申请之日 {app.received_on}。请将查询码 {code} 告知申请人"
                    "（只显示这一次），申请人可凭编号和查询码在网上查询进度、下载答复。",
                )
                return redirect("applications:detail", pk=app.pk)
    return render(request, "applications/register.html", {"form": form, "agency": agency})
