"""Permissions of the 基层政务公开标准目录. An AgencyItem belongs to its agency."""

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

# The 公开办 imports the standard catalogues (work plan items 九 and 十五).
rules.add_perm("catalogues.manage", role_in(Role.DISTRICT_ADMIN))
# Each street and department keeps its own 事项目录: adopts 事项 and names the column where each is published.
rules.add_perm("catalogues.adopt", role_in(Role.AGENCY_ADMIN, Role.DRAFTER, Role.DISTRICT_ADMIN))
rules.add_perm("catalogues.view", role_in(*Role))
# The coverage page of every unit is the 公开办's (and the 督查员's).
rules.add_perm("catalogues.coverage", role_in(Role.DISTRICT_ADMIN, Role.SUPERVISOR))
