"""The staff roles (pure data, no Django import)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    DISTRICT_ADMIN = "district_admin"
    AGENCY_ADMIN = "agency_admin"
    DRAFTER = "drafter"
    SECRECY_REVIEWER = "secrecy_reviewer"
    SIGNER = "signer"
    APPLICATION_HANDLER = "application_handler"
    OFFICE_HEAD = "office_head"
    LEGAL_ADVISER = "legal_adviser"
    SUPERVISOR = "supervisor"
    MESSAGE_HANDLER = "message_handler"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.DISTRICT_ADMIN: "公开办管理员",
    Role.AGENCY_ADMIN: "单位管理员",
    Role.DRAFTER: "信息员",
    Role.SECRECY_REVIEWER: "保密审查员",
    Role.SIGNER: "审签人",
    Role.APPLICATION_HANDLER: "依申请承办人",
    # Art 33 of the Regulation: an extension needs the consent of the 工作机构负责人.
    Role.OFFICE_HEAD: "工作机构负责人",
    Role.LEGAL_ADVISER: "法律顾问",
    Role.SUPERVISOR: "督查员",
    # 互动交流: answers the messages (咨询、找错、投诉、建议、企业反映问题) addressed to the agency.
    Role.MESSAGE_HANDLER: "互动交流承办人",
}

# Roles that act on every agency of the district, wherever they are assigned.
DISTRICT_WIDE_ROLES: frozenset[Role] = frozenset({Role.DISTRICT_ADMIN, Role.SUPERVISOR})

ROLE_CHOICES: list[tuple[str, str]] = [(role.value, ROLE_LABELS[role]) for role in Role]
