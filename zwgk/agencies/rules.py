import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

# A unit's public contact block (公开指南 contents, Regulation Art 12) is kept by its own administrators.
rules.add_perm("agencies.edit_contact", role_in(Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN))
# The 主管部门 of a 公共企事业单位 is named by the 公开办 (issue 18, work plan item 六).
rules.add_perm("agencies.set_supervisor", role_in(Role.DISTRICT_ADMIN))
