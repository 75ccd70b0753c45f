import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

rules.add_perm("workdays.view_schedules", role_in(*Role))
rules.add_perm("workdays.manage_schedules", role_in(Role.DISTRICT_ADMIN))
