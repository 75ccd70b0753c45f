"""Permissions of 政策问答. An FAQ belongs to its answering agency (agency_id)."""

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

rules.add_perm(
    "qa.view_faqs",
    role_in(Role.DRAFTER, Role.AGENCY_ADMIN, Role.SIGNER, Role.DISTRICT_ADMIN, Role.SUPERVISOR),
)
# 信息员 draft answers; publishing (and editing what is public) needs the unit's admin or 审签人, or the 公开办.
rules.add_perm("qa.edit_faq", role_in(Role.DRAFTER, Role.AGENCY_ADMIN, Role.SIGNER, Role.DISTRICT_ADMIN))
rules.add_perm("qa.publish_faq", role_in(Role.AGENCY_ADMIN, Role.SIGNER, Role.DISTRICT_ADMIN))
rules.add_perm("qa.view_stats", role_in(Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN, Role.SUPERVISOR))
