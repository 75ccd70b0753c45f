"""The role matrix, generated from the registered rules: for every permission and every role, may a person
holding only that role act on an object of their own agency, of another agency, or not at all.

`zwgk roles matrix --markdown` prints it; docs/subsystems/role-matrix.md is its output (a test keeps the file
current), and the persona tests check each cell through the real URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, ClassVar

import rules

from zwgk.accounts.permissions import _CACHE_ATTR
from zwgk.accounts.roles import DISTRICT_WIDE_ROLES, ROLE_LABELS, Role

ALL, OWN_ONLY, NONE = "全区", "本单位", "—"
# Conditions on the object beyond the agency, shown under the table (the probe object is "not public, in
# review, nobody assigned"; these say what changes the answer).
NOTES: dict[str, str] = {
    "documents.view_content": (
        "未公开文件的正文和附件原件：另有该文件的起草人（创建或提交者）；草稿和已撤回文件还有本单位信息员；"
        "文件公开后所有可查看该文件的工作人员都可查看。"
    ),
    "applications.view_personal": (
        "申请人身份证件号码、联系方式、身份证明和完整文书：已指定承办人的，只有该承办人和工作机构负责人；"
        "尚未指定的，本单位承办人均可查看（由其中一人接办）。"
    ),
    "accounts.manage_roles": (
        "授予角色时：不能授予自己；同一单位审签人与保密审查员兼任、单位管理员授予审签人须另一名管理员确认；"
        "跨单位授予须由其所在单位的管理员（或公开办）接受。超级用户不持有任何角色。"
    ),
    "secrecy.view_findings": "筛查发现引用未脱敏的内容：对文件的发现，按注中“未公开文件的正文和附件原件”的规则。",
    "documents.periodic_review": (
        "定期审查提议转为主动公开后，须经保密审查（保密审查员提议的，其提议即为保密审查）和提议人以外的审签人审签才发布。"
    ),
}


@dataclass
class ProbeUser:
    """A person holding exactly `role` in agency OWN, with the role cache pre-filled (no database row)."""

    role: Role
    own: int
    pk: int = 0
    is_authenticated: bool = True
    is_active: bool = True
    is_superuser: bool = False
    is_staff: bool = False

    def __post_init__(self) -> None:
        self.pk = -1 - list(Role).index(self.role)
        setattr(self, _CACHE_ATTR, {self.own: frozenset({self.role})})


@dataclass
class ProbeObject:
    """An object of one agency as the rules see it: not public, in review, nobody assigned, made by someone else
    (a documents record for the rules that ask whose content it is)."""

    agency_id: int
    _meta: ClassVar[Any] = SimpleNamespace(app_label="documents")
    status: str = "in_review"
    is_public: bool = False
    created_by_id: int | None = None
    submitted_by_id: int | None = None
    handler_id: int | None = None


def allowed(perm: str, role: Role, own: int, target: int | None) -> bool:
    obj: Any = None if target is None else ProbeObject(target)
    return bool(rules.has_perm(perm, ProbeUser(role, own), obj))


def cell(perm: str, role: Role, own: int, other: int) -> str:
    """全区 (any agency), 本单位 (own agency only) or —."""
    if allowed(perm, role, own, other):
        return ALL
    return OWN_ONLY if allowed(perm, role, own, own) else NONE


class _Rollback(Exception):
    pass


def permissions() -> list[str]:
    return sorted(rules.permissions.permissions)


def table() -> dict[str, dict[Role, str]]:
    """Evaluated against two throw-away agencies (some rules read the agency row); nothing is kept."""
    from django.db import transaction

    from zwgk.agencies.models import Agency

    result: dict[str, dict[Role, str]] = {}
    try:
        with transaction.atomic():
            own, other = (
                Agency.objects.create(
                    code=f"MATRIX{i}", name=f"矩阵单位{i}", short_name=f"矩阵单位{i}", sort_order=0
                )
                for i in (1, 2)
            )
            result = {
                perm: {role: cell(perm, role, own.pk, other.pk) for role in Role} for perm in permissions()
            }
            raise _Rollback
    except _Rollback:
        pass
    return result


def markdown() -> str:
    roles = list(Role)
    lines = [
        "# 角色权限矩阵 / Role matrix",
        "",
        "由 `zwgk roles matrix --markdown` 根据已注册的权限规则生成，请勿手工修改（测试会检查本文件是否最新）。",
        "Generated from the registered rules by `zwgk roles matrix --markdown`; do not edit by hand.",
        "",
        "“本单位”：只对本人所在单位的对象；“全区”：对所有单位的对象（区级角色，或不区分单位的权限）；"
        "“—”：没有该权限。超级用户（参考数据管理）不持有任何角色。",
        "",
        "| 权限 | " + " | ".join(ROLE_LABELS[r] for r in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    notes = []
    for perm, row in table().items():
        mark = ""
        if perm in NOTES:
            notes.append(NOTES[perm])
            mark = f" [{len(notes)}]"
        lines.append(f"| `{perm}`{mark} | " + " | ".join(row[r] for r in roles) + " |")
    lines += [
        "",
        "区级角色（"
        + "、".join(ROLE_LABELS[r] for r in sorted(DISTRICT_WIDE_ROLES))
        + "）对全区各单位有效。",
        "",
    ]
    lines += [f"{i}. {text}" for i, text in enumerate(notes, 1)]
    return "\n".join(lines) + "\n"
