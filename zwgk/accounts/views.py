"""Staff login/logout and the per-agency people & roles page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zwgk.accounts import actions, throttle
from zwgk.accounts.forms import GrantRoleForm, LoginForm, NewUserForm
from zwgk.accounts.models import RoleAssignment
from zwgk.accounts.permissions import require
from zwgk.accounts.roles import Role
from zwgk.agencies.models import Agency
from zwgk.agencies.selection import current_agency
from zwgk.core.exports import xlsx_response
from zwgk.core.middleware import client_ip


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        """Throttled per username+address and per address, with exponential backoff (zwgk.accounts.throttle)."""
        username = str(request.POST.get("username", ""))[:150]
        address = client_ip(request) or ""
        wait, which = throttle.wait_seconds(username, address)
        if wait:
            minutes, seconds = divmod(wait, 60)
            wait_text = f"{minutes} 分 {seconds} 秒" if minutes else f"{seconds} 秒"
            locked = render(
                request,
                "accounts/locked_out.html",
                {"wait_text": wait_text, "by_address": which == "address"},
                status=429,
            )
            locked["Retry-After"] = str(wait)
            return locked
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            throttle.succeeded(username, address)
        else:
            throttle.failed(username, address)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Django's LoginView puts the request's host name in `site_name`; the header shows the district's name.
        context["site_name"] = settings.SITE_NAME
        return context


def _agency_for_roles(request: HttpRequest) -> Agency:
    agency = current_agency(request)
    if agency is None:
        raise PermissionDenied("您尚未被分配到任何单位。")
    require(request.user, "accounts.view_roles", agency)
    return agency


@login_required
def roles(request: HttpRequest) -> HttpResponse:
    agency = _agency_for_roles(request)
    assignments = RoleAssignment.objects.filter(agency=agency).select_related("user", "granted_by")
    if request.GET.get("export") == "xlsx":
        rows = [
            (a.user.username, a.user.display_name, a.role_label, a.granted_at, str(a.granted_by or ""))
            for a in assignments
        ]
        return xlsx_response(
            f"{agency.short_name}-人员与角色.xlsx",
            ["用户名", "姓名", "角色", "授予时间", "授予人"],
            rows,
            title="人员与角色",
        )
    grant_form = GrantRoleForm(prefix="grant")
    new_form = NewUserForm(prefix="new")
    if request.method == "POST":
        if "grant-username" in request.POST:
            grant_form = GrantRoleForm(request.POST, prefix="grant")
            if grant_form.is_valid():
                user = get_user_model().objects.filter(username=grant_form.cleaned_data["username"]).first()
                if user is None:
                    grant_form.add_error("username", "没有这个用户名。")
                else:
                    actions.grant_role(user, agency, Role(grant_form.cleaned_data["role"]), by=request.user)
                    messages.success(request, "已授予角色。")
                    return redirect("accounts:roles")
        else:
            new_form = NewUserForm(request.POST, prefix="new")
            if new_form.is_valid():
                data = new_form.cleaned_data
                if get_user_model().objects.filter(username=data["username"]).exists():
                    new_form.add_error("username", "该用户名已被使用。")
                else:
                    try:
                        actions.create_staff_user(
                            data["username"],
                            data["password"],
                            full_name=data["full_name"],
                            agency=agency,
                            roles=[Role(data["role"])],
                            by=request.user,
                        )
                    except ValidationError as exc:
                        new_form.add_error("password", exc)
                    else:
                        messages.success(request, f"已创建账号 {data['username']}。")
                        return redirect("accounts:roles")
    return render(
        request,
        "accounts/roles.html",
        {"agency": agency, "assignments": assignments, "grant_form": grant_form, "new_form": new_form},
    )


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _agency_for_roles(request)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user", "agency"), pk=pk, agency=agency
    )
    actions.revoke_role(assignment, by=request.user)
    messages.success(request, "已撤销角色。")
    return redirect("accounts:roles")
