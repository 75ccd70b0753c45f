"""Permissions of 征求意见. A consultation belongs to the agency that drafts the document (agency_id)."""

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

rules.add_perm(
    "participation.view",
    role_in(Role.DRAFTER, Role.AGENCY_ADMIN, Role.SIGNER, Role.DISTRICT_ADMIN, Role.SUPERVISOR),
)
rules.add_perm("participation.edit", role_in(Role.DRAFTER, Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN))
# Publishing a draft for comment, withdrawing it and publishing the feedback report: the unit's admin or 审签人.
rules.add_perm("participation.publish", role_in(Role.AGENCY_ADMIN, Role.SIGNER, Role.DISTRICT_ADMIN))
rules.add_perm("participation.moderate", role_in(Role.DRAFTER, Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN))
