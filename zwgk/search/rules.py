"""Permissions of the search app: the 公开办 curates synonyms and best bets; supervisors may read statistics."""

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

# Synonyms and best bets change what every visitor sees for a query: district-wide curation by the 公开办.
rules.add_perm("search.manage", role_in(Role.DISTRICT_ADMIN))
rules.add_perm("search.view_stats", role_in(Role.DISTRICT_ADMIN, Role.SUPERVISOR))
