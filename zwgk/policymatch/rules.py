"""Permissions of 政策找人 (checked only through accounts.permissions)."""

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

# 申报条件 are part of publishing the policy: the agency's 信息员 and 单位管理员, and the 公开办 district-wide.
rules.add_perm("policymatch.edit", role_in(Role.DRAFTER, Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN))
