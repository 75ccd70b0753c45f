"""Permissions of 互动交流. A message belongs to the agency that currently handles it (agency_id)."""

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

# Who may open an agency's messages (writers' contact details stay masked unless view_personal).
VIEW_ROLES = (
    Role.MESSAGE_HANDLER,
    Role.OFFICE_HEAD,
    Role.AGENCY_ADMIN,
    Role.DISTRICT_ADMIN,
    Role.SUPERVISOR,
)
rules.add_perm("interaction.view", role_in(*VIEW_ROLES))
# The writer's phone and e-mail in full: the handling agency's 承办人 and its 负责人, who must be able to call back.
rules.add_perm("interaction.view_personal", role_in(Role.MESSAGE_HANDLER, Role.OFFICE_HEAD))
rules.add_perm("interaction.handle", role_in(Role.MESSAGE_HANDLER, Role.AGENCY_ADMIN))
# The 公开办 dispatches messages that reached the wrong agency.
rules.add_perm("interaction.transfer", role_in(Role.MESSAGE_HANDLER, Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN))
# Kinds that need it: the reply is signed off by the unit's 负责人 before it goes out.
rules.add_perm("interaction.signoff", role_in(Role.OFFICE_HEAD, Role.AGENCY_ADMIN))
rules.add_perm("interaction.configure", role_in(Role.DISTRICT_ADMIN))
# Work plan item 十五: every member of staff who answers the phone or the counter logs the consultation.
LOG_ROLES = (
    Role.MESSAGE_HANDLER,
    Role.APPLICATION_HANDLER,
    Role.DRAFTER,
    Role.OFFICE_HEAD,
    Role.AGENCY_ADMIN,
    Role.DISTRICT_ADMIN,
)
rules.add_perm("interaction.log", role_in(*LOG_ROLES))
rules.add_perm("interaction.view_log", role_in(*LOG_ROLES, Role.SUPERVISOR))
rules.add_perm(
    "interaction.figures", role_in(Role.AGENCY_ADMIN, Role.OFFICE_HEAD, Role.DISTRICT_ADMIN, Role.SUPERVISOR)
)
