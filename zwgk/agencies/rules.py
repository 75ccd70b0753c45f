import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

# A unit's public contact block (公开指南 contents, Regulation Art 12) is kept by its own administrators.
rules.add_perm("agencies.edit_contact", role_in(Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN))
