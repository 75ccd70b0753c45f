"""Permissions of 网站健康检查. The 公开办 runs the checks and fills the annual 报表; a 督查员 reads everything; a
单位管理员 sees his agency's link tasks and the self-check."""

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

rules.add_perm("sitehealth.view", role_in(Role.DISTRICT_ADMIN, Role.SUPERVISOR, Role.AGENCY_ADMIN))
rules.add_perm("sitehealth.run", role_in(Role.DISTRICT_ADMIN))
rules.add_perm("sitehealth.report", role_in(Role.DISTRICT_ADMIN))
