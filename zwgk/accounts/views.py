"""Staff login/logout and the per-agency people & roles page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zwgk.accounts import actions, throttle
from zwgk.accounts.forms import GrantRoleForm, LoginForm, NewUserForm
from zwgk.accounts.models import PendingGrant, RoleAssignment
from zwgk.accounts.permissions import can, require
from zwgk.accounts.roles import Role
from zwgk.agencies.models import Agency
from zwgk.agencies.selection import current_agency
from zwgk.core.errors import Refused
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
                    try:
                        outcome = actions.grant_role(
                            user, agency, Role(grant_form.cleaned_data["role"]), by=request.user
                        )
                    except Refused as exc:
                        messages.error(request, exc.message)
                        return redirect("accounts:roles")
                    if isinstance(outcome, PendingGrant):
                        messages.info(
                            request,
                            "已提出授予申请："
                            + "；".join(outcome.reason_labels)
                            + "，须另一名管理员确认后生效。",
                        )
                    else:
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
                    except Refused as exc:
                        new_form.add_error(None, exc.message)
                    else:
                        messages.success(request, f"已创建账号 {data['username']}。")
                        return redirect("accounts:roles")
    pending = _pending_for(agency)
    for item in pending:
        item.decidable = actions.may_decide(item, request.user)  # type: ignore[attr-defined]
    return render(
        request,
        "accounts/roles.html",
        {
            "agency": agency,
            "assignments": assignments,
            "grant_form": grant_form,
            "new_form": new_form,
            "pending": pending,
            "can_reset": can(request.user, "accounts.reset_password"),
            "reset_hours": round(settings.PASSWORD_RESET_TIMEOUT / 3600),
        },
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


def _pending_for(agency: Agency) -> list[PendingGrant]:
    """Open grant requests this agency's administrators see: grants in it, and people of it granted elsewhere
    (filtered in Python: SQLite has no JSON containment lookup, and open requests are few)."""
    items = PendingGrant.objects.open().select_related("user", "agency", "requested_by")
    return [p for p in items if p.agency_id == agency.pk or agency.pk in p.home_agency_ids]


@login_required
@require_POST
def decide_grant(request: HttpRequest, pk: int) -> HttpResponse:
    pending = get_object_or_404(PendingGrant.objects.open(), pk=pk)
    require(request.user, "accounts.view_roles", pending)
    confirm = request.POST.get("decision") == "confirm"
    try:
        actions.decide_grant(pending, by=request.user, confirm=confirm)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已确认，角色生效。" if confirm else "已不同意该授予申请。")
    return redirect("accounts:roles")


@login_required
@require_POST
def reset_issue(request: HttpRequest) -> HttpResponse:
    require(request.user, "accounts.reset_password")
    user = get_user_model().objects.filter(username=request.POST.get("username", "").strip()).first()
    if user is None:
        messages.error(request, "没有这个用户名。")
        return redirect("accounts:roles")
    try:
        path = actions.issue_password_reset(user, by=request.user)
    except Refused as exc:
        messages.error(request, exc.message)
        return redirect("accounts:roles")
    link = request.build_absolute_uri(path)
    if user.email:
        send_mail(
            "政务公开平台：设置新密码",
            f"{user.display_name}：\n请在 {round(settings.PASSWORD_RESET_TIMEOUT / 3600)} 小时内打开以下链接设置新密码"
            f"（只能使用一次）：\n{link}\n",
            None,
            [user.email],
        )
        messages.success(request, f"已将一次性重置链接发送到 {user.username} 的邮箱。")
    else:
        messages.success(request, f"一次性重置链接（请当面或通过内部渠道交给 {user.username} 本人）：{link}")
    return redirect("accounts:roles")


@never_cache
def reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = actions.user_for_reset(uidb64, token)
    form = None
    if user is not None:
        form = SetPasswordForm(user, request.POST or None)
        form.fields["new_password1"].label = "新密码"
        form.fields["new_password2"].label = "再次输入新密码"
        if request.method == "POST" and form.is_valid():
            try:
                actions.set_password_by_link(user, token, form.cleaned_data["new_password1"])
            except Refused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "新密码已设置，请登录。")
                return redirect("accounts:login")
    return render(request, "accounts/reset_confirm.html", {"form": form, "reset_user": user})
