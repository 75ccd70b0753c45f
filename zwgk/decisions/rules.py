"""Permissions of 重大行政决策: the government's catalogue is kept by its 单位管理员 and the 公开办; a decision's
承办单位 records the progress of its stages."""

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

rules.add_perm(
    "decisions.view",
    role_in(Role.DRAFTER, Role.AGENCY_ADMIN, Role.SIGNER, Role.DISTRICT_ADMIN, Role.SUPERVISOR),
)
rules.add_perm("decisions.edit_catalogue", role_in(Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN))
rules.add_perm("decisions.record_stage", role_in(Role.DRAFTER, Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN))
