"""Permissions of columns. A column belongs to its site's agency (`permission_agency_ids`); a portal column to no
agency, so only the district-wide 公开办 acts on it."""

from typing import Any

import rules

from zwgk.accounts.permissions import has_role, role_in
from zwgk.accounts.roles import Role

STAFF_ROLES = tuple(Role)

# Each agency edits its own columns (names, introductions, content rules, hand-picked items, sub-columns).
rules.add_perm("columns.edit", role_in(Role.AGENCY_ADMIN, Role.DRAFTER, Role.DISTRICT_ADMIN))
# The structure of every site — first-level columns, 专题, deleting a column — is the 公开办's.
rules.add_perm("columns.structure", role_in(Role.DISTRICT_ADMIN))
# The column list and its freshness flags, for the staff of the site's agency and the district.
rules.add_perm("columns.view", role_in(*STAFF_ROLES))


@rules.predicate
def supervises(user: Any, agency: Any = None) -> bool:
    """The user works in the 主管部门 of this 公共企事业单位 (any staff role there)."""
    supervisor = getattr(agency, "supervisor", None)
    return supervisor is not None and has_role(user, STAFF_ROLES, supervisor)


# The 主管部门 sees a public institution's ledger of published items and stale columns (work plan item 六).
rules.add_perm(
    "columns.view_ledger", supervises | role_in(Role.DISTRICT_ADMIN, Role.SUPERVISOR, Role.AGENCY_ADMIN)
)
