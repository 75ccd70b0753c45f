"""Permissions of the secrecy review (保密审查)."""

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role
from zwgk.secrecy.models import VIEW_ROLES

# Findings show the personal data found, so only the agency's review chain and the 公开办 see them.
rules.add_perm("secrecy.view_findings", role_in(*VIEW_ROLES))
# Resolving (mask / confirm public / false positive) is the 保密审查员's decision.
rules.add_perm("secrecy.resolve_finding", role_in(Role.SECRECY_REVIEWER))
rules.add_perm("secrecy.rescreen", role_in(Role.SECRECY_REVIEWER, Role.DRAFTER, Role.DISTRICT_ADMIN))
# Starting a missing screening is part of the review itself (the record is already in the reviewer's hands).
rules.add_perm("secrecy.start_screening", role_in(Role.SECRECY_REVIEWER))
rules.add_perm("secrecy.view_lexicon", role_in(*Role))
# The lexicon is district-wide: the 公开办 maintains it.
rules.add_perm("secrecy.manage_lexicon", role_in(Role.DISTRICT_ADMIN))
