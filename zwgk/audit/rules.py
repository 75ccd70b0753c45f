import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

rules.add_perm("audit.view_events", role_in(Role.DISTRICT_ADMIN, Role.SUPERVISOR, Role.AGENCY_ADMIN))
