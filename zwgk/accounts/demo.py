"""Demo logins: one person per role, in the units the demo scenarios use (idempotent)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from zwgk.accounts.models import RoleAssignment
from zwgk.accounts.roles import ROLE_LABELS, Role
from zwgk.core.registry import DemoContext

DEMO_PASSWORD = "Dongli#2022demo"

# username, full name, unit short name, roles
DEMO_USERS: list[tuple[str, str, str, list[Role]]] = [
    ("gkb", "王公开", "区政府办", [Role.DISTRICT_ADMIN, Role.AGENCY_ADMIN]),
    ("ducha", "赵督查", "区政府办", [Role.SUPERVISOR]),
    ("fgw_admin", "钱管理", "区发改委", [Role.AGENCY_ADMIN]),
    ("fgw_xxy", "孙信息", "区发改委", [Role.DRAFTER]),
    ("fgw_bmsc", "李保密", "区发改委", [Role.SECRECY_REVIEWER]),
    ("fgw_sq", "周审签", "区发改委", [Role.SIGNER]),
    ("zfb_xxy", "吴信息", "区政府办", [Role.DRAFTER]),
    ("zfb_bmsc", "郑保密", "区政府办", [Role.SECRECY_REVIEWER]),
    ("zfb_sq", "冯审签", "区政府办", [Role.SIGNER]),
    ("zfb_cbr", "陈承办", "区政府办", [Role.APPLICATION_HANDLER]),
    ("zfb_fzr", "褚负责", "区政府办", [Role.OFFICE_HEAD]),
    ("falv", "卫律师", "区政府办", [Role.LEGAL_ADVISER]),
    ("rsj_xxy", "蒋信息", "区人社局", [Role.DRAFTER, Role.APPLICATION_HANDLER]),
    ("zgz_xxy", "沈信息", "张贵庄街道", [Role.DRAFTER, Role.AGENCY_ADMIN]),
    # applications (依申请公开): the office head of 区人社局 and a 承办人 at 区发改委
    ("rsj_fzr", "韩负责", "区人社局", [Role.OFFICE_HEAD]),
    ("fgw_cbr", "杨承办", "区发改委", [Role.APPLICATION_HANDLER]),
]


def ensure_users(
    ctx: DemoContext, agencies: dict[str, Any], specs: list[tuple[str, str, str, list[Role]]]
) -> dict[str, Any]:
    """Demo users (username, name, unit, roles) with the demo password, created once; their logins printed."""
    user_model = get_user_model()
    users = {}
    for username, full_name, unit, roles in specs:
        user, created = user_model.objects.get_or_create(username=username, defaults={"full_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        for role in roles:
            RoleAssignment.objects.get_or_create(user=user, agency=agencies[unit], role=role.value)
        labels = "、".join(ROLE_LABELS[r] for r in roles)
        ctx.logins.append((username, DEMO_PASSWORD, f"{unit} {labels}"))
        users[username] = user
    return users


@transaction.atomic
def load(ctx: DemoContext) -> None:
    agencies = ctx.data["agencies"]
    user_model = get_user_model()
    ensure_users(ctx, agencies, DEMO_USERS)
    ctx.data["users"] = {u: user_model.objects.get(username=u) for u, *_ in DEMO_USERS}
    # Superuser for the reference-data admin (/django-admin/) only; it holds no workspace role.
    admin, created = user_model.objects.get_or_create(
        username="admin", defaults={"full_name": "系统管理员", "is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    ctx.logins.append(("admin", DEMO_PASSWORD, "参考数据管理后台 /django-admin/"))
