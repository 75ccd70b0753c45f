"""Permissions of the accounts app."""

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

rules.add_perm("accounts.view_roles", role_in(Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN))
rules.add_perm("accounts.manage_roles", role_in(Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN))
# District-wide roles (公开办管理员, 督查员) are granted only by the 公开办.
rules.add_perm("accounts.grant_district_role", role_in(Role.DISTRICT_ADMIN))
# Any staff member with at least one role may use the workspace.
rules.add_perm("accounts.use_workspace", role_in(*Role))
# Password resets (a one-time link the user follows) are issued by the 公开办 only, in the workspace, audited.
rules.add_perm("accounts.reset_password", role_in(Role.DISTRICT_ADMIN))
