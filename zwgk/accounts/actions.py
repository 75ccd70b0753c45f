"""State changes of users and roles; each checks permission, changes rows and writes an audit event."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zwgk.accounts.models import GrantReason, PendingGrant, RoleAssignment
from zwgk.accounts.permissions import can, forget_roles, require
from zwgk.accounts.roles import DISTRICT_WIDE_ROLES, Role
from zwgk.agencies.models import Agency
from zwgk.audit.log import record
from zwgk.core.errors import Refused


def _require_grant(by: Any, agency: Agency, role: Role) -> None:
    require(by, "accounts.manage_roles", agency)
    if role in DISTRICT_WIDE_ROLES and not can(by, "accounts.grant_district_role"):
        raise PermissionDenied("区级角色（公开办管理员、督查员）只能由公开办管理员授予。")


def grant_reasons(user: Any, agency: Agency, role: Role, *, by: Any) -> tuple[list[str], list[int]]:
    """Why this grant needs a second administrator (GrantReason codes), and the person's home agencies when the
    grant crosses agencies. Empty: the grant takes effect at once."""
    reasons: list[str] = []
    held = {
        (agency_id, Role(r))
        for agency_id, r in RoleAssignment.objects.filter(user=user).values_list("agency_id", "role")
    }
    rivals = {Role.SIGNER: Role.SECRECY_REVIEWER, Role.SECRECY_REVIEWER: Role.SIGNER}
    # The 审签人 must not sign what they reviewed themselves: one person holding both in one agency is a conflict.
    if role in rivals and (agency.pk, rivals[role]) in held:
        reasons.append(GrantReason.CONFLICT)
    # A 单位管理员 naming the unit's 审签人 (who publishes) alone would make publication a one-person decision.
    if role == Role.SIGNER and not can(by, "accounts.grant_district_role"):
        reasons.append(GrantReason.ADMIN_GRANTS_SIGNER)
    homes = sorted({agency_id for agency_id, _ in held} - {agency.pk})
    if homes and not any(agency_id == agency.pk for agency_id, _ in held):
        reasons.append(GrantReason.CROSS_AGENCY)
    else:
        homes = []
    return reasons, homes


def grant_role(user: Any, agency: Agency, role: Role, *, by: Any) -> RoleAssignment | PendingGrant:
    """Grant `role` in `agency`, or open a PendingGrant when separation of duties asks for a second administrator
    (a conflicting combination, a 单位管理员 naming a 审签人, a person from another agency)."""
    _require_grant(by, agency, role)
    if getattr(by, "pk", None) == user.pk:
        raise Refused("不能给自己授予角色，请由本单位其他管理员或公开办授予。")
    if getattr(user, "is_superuser", False):
        raise Refused("系统管理员（超级用户）只用于参考数据管理，不能在工作台担任角色。")
    if RoleAssignment.objects.filter(user=user, agency=agency, role=role.value).exists():
        return RoleAssignment.objects.get(user=user, agency=agency, role=role.value)
    reasons, homes = grant_reasons(user, agency, role, by=by)
    if reasons:
        return _request_grant(user, agency, role, by=by, reasons=reasons, homes=homes)
    return _apply_grant(user, agency, role, by=by)


def _apply_grant(
    user: Any, agency: Agency, role: Role, *, by: Any, confirmed_by: Any = None
) -> RoleAssignment:
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, agency=agency, role=role.value, defaults={"granted_by": by}
        )
        if created:
            after = {"user": user.username, "agency": agency.code, "role": role.value}
            if confirmed_by is not None:
                after["confirmed_by"] = confirmed_by.username
            record(
                "role.granted",
                obj=assignment,
                agency=agency,
                actor=confirmed_by or by,
                summary=f"授予 {user.display_name} 在 {agency} 的角色：{role.label}",
                after=after,
            )
    forget_roles(user)
    return assignment


def _request_grant(
    user: Any, agency: Agency, role: Role, *, by: Any, reasons: list[str], homes: list[int]
) -> PendingGrant:
    with transaction.atomic():
        pending = PendingGrant.objects.open().filter(user=user, agency=agency, role=role.value).first()
        if pending is not None:
            return pending
        pending = PendingGrant.objects.create(
            user=user, agency=agency, role=role.value, reasons=reasons, home_agency_ids=homes, requested_by=by
        )
        record(
            "role.grant_requested",
            obj=pending,
            agency=agency,
            actor=by,
            summary=f"申请授予 {user.display_name} 在 {agency} 的角色：{role.label}（须另一名管理员确认）",
            after={"user": user.username, "role": role.value, "reasons": reasons, "homes": homes},
        )
    return pending


def may_decide(pending: PendingGrant, by: Any) -> bool:
    """A second administrator: not the requester, not the person, and an administrator of every side that must
    agree (the granting agency; for a cross-agency grant, one of the person's own agencies)."""
    pk = getattr(by, "pk", None)
    if pk is None or pk in (pending.requested_by_id, pending.user_id):
        return False
    own_side = [r for r in pending.reasons if r != GrantReason.CROSS_AGENCY]
    if own_side and not can(by, "accounts.manage_roles", pending.agency):
        return False
    if GrantReason.CROSS_AGENCY in pending.reasons:
        homes = Agency.objects.filter(pk__in=pending.home_agency_ids)
        return any(can(by, "accounts.manage_roles", home) for home in homes)
    return True


def decide_grant(pending: PendingGrant, *, by: Any, confirm: bool) -> RoleAssignment | None:
    """Confirm (the role takes effect) or reject a pending grant; always by a second administrator."""
    with transaction.atomic():
        pending = (
            PendingGrant.objects.select_for_update(of=("self",))
            .select_related("user", "agency")
            .get(pk=pending.pk)
        )
        if pending.decided_at is not None:
            raise Refused("该授予申请已处理。")
        if not may_decide(pending, by):
            raise PermissionDenied("须由申请人以外、有权管理相关单位角色的另一名管理员确认。")
        pending.decided_by = by
        pending.decided_at = timezone.now()
        pending.confirmed = confirm
        pending.save(update_fields=["decided_by", "decided_at", "confirmed"])
        role = Role(pending.role)
        if not confirm:
            record(
                "role.grant_rejected",
                obj=pending,
                agency=pending.agency,
                actor=by,
                summary=f"未同意授予 {pending.user.display_name} 在 {pending.agency} 的角色：{role.label}",
            )
            return None
        return _apply_grant(pending.user, pending.agency, role, by=pending.requested_by, confirmed_by=by)


def revoke_role(assignment: RoleAssignment, *, by: Any) -> None:
    role = Role(assignment.role)
    _require_grant(by, assignment.agency, role)
    with transaction.atomic():
        record(
            "role.revoked",
            obj=assignment,
            agency=assignment.agency,
            actor=by,
            summary=f"撤销 {assignment.user.display_name} 在 {assignment.agency} 的角色：{role.label}",
            before={"user": assignment.user.username, "agency": assignment.agency.code, "role": role.value},
        )
        assignment.delete()
    forget_roles(assignment.user)


def create_staff_user(
    username: str, password: str, *, full_name: str, agency: Agency, roles: list[Role], by: Any
) -> Any:
    """Create a staff account with its first roles in one step (password validators apply)."""
    for role in roles:
        _require_grant(by, agency, role)
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model(username=username, full_name=full_name)
        validate_password(password, user)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        record(
            "user.created",
            obj=user,
            agency=agency,
            actor=by,
            after={"username": username, "full_name": full_name},
        )
        for role in roles:
            grant_role(user, agency, role, by=by)
    return user


# --- password reset by a one-time link (issue 13: no password changes in the reference-data admin) ----------


def issue_password_reset(user: Any, *, by: Any) -> str:
    """A 公开办管理员 issues a one-time link for `user` to set a new password; returns the link's path.

    The token is Django's password-reset token: it expires after PASSWORD_RESET_TIMEOUT and stops working once
    the password changes (or the user logs in), so it can be used once. The administrator never learns the new
    password; the event is audited (the token is not).
    """
    require(by, "accounts.reset_password")
    if getattr(by, "pk", None) == user.pk:
        raise Refused("不能为自己签发重置链接，请在登录后修改密码或请另一名公开办管理员签发。")
    if user.is_superuser:
        raise Refused("系统管理员账号不在工作台管理。")
    if not user.is_active:
        raise Refused("该账号已停用，不能重置密码。")
    path = reset_path(user)
    record(
        "user.password_reset_issued",
        obj=user,
        actor=by,
        summary=f"为 {user.display_name}（{user.username}）签发一次性重置密码链接",
        after={"username": user.username, "expires_hours": round(settings.PASSWORD_RESET_TIMEOUT / 3600, 1)},
    )
    return path


def reset_path(user: Any) -> str:
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:reset_confirm", args=[uid, default_token_generator.make_token(user)])


def user_for_reset(uidb64: str, token: str) -> Any | None:
    """The user a reset link belongs to, or None when the link is unknown, expired or used."""
    from django.utils.http import urlsafe_base64_decode

    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=True, is_superuser=False).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


def set_password_by_link(user: Any, token: str, password: str) -> None:
    """The user sets a new password through their link (password validators apply; the link is spent)."""
    if not default_token_generator.check_token(user, token):
        raise Refused("重置链接已失效（已使用或已过期），请联系公开办重新签发。")
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record(
            "user.password_set_by_link",
            obj=user,
            actor=user,
            summary=f"{user.display_name}（{user.username}）通过一次性链接设置了新密码",
        )
