"""State changes of users and roles; each checks permission, changes rows and writes an audit event."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction

from zwgk.accounts.models import RoleAssignment
from zwgk.accounts.permissions import can, forget_roles, require
from zwgk.accounts.roles import DISTRICT_WIDE_ROLES, Role
from zwgk.agencies.models import Agency
from zwgk.audit.log import record


def _require_grant(by: Any, agency: Agency, role: Role) -> None:
    require(by, "accounts.manage_roles", agency)
    if role in DISTRICT_WIDE_ROLES and not can(by, "accounts.grant_district_role"):
        raise PermissionDenied("区级角色（公开办管理员、督查员）只能由公开办管理员授予。")


def grant_role(user: Any, agency: Agency, role: Role, *, by: Any) -> RoleAssignment:
    _require_grant(by, agency, role)
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, agency=agency, role=role.value, defaults={"granted_by": by}
        )
        if created:
            record(
                "role.granted",
                obj=assignment,
                agency=agency,
                actor=by,
                summary=f"授予 {user.display_name} 在 {agency} 的角色：{role.label}",
                after={"user": user.username, "agency": agency.code, "role": role.value},
            )
    forget_roles(user)
    return assignment


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
