"""Permissions of 数据公开. A dataset belongs to its record's agency; review and sign-off are the documents
permissions of that record (`documents.review`, `documents.sign`)."""

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

# Import a table into a new draft dataset, or replace a draft's rows: the agency's 信息员 (who drafts its records).
rules.add_perm("datasets.import", role_in(Role.DRAFTER))
# Open the agency's datasets in the workspace (masked rows, also after a 公示 has ended).
VIEW_ROLES = (
    Role.DRAFTER,
    Role.SECRECY_REVIEWER,
    Role.SIGNER,
    Role.AGENCY_ADMIN,
    Role.OFFICE_HEAD,
    Role.DISTRICT_ADMIN,
    Role.SUPERVISOR,
)
rules.add_perm("datasets.view", role_in(*VIEW_ROLES))
# The uploaded source file holds the personal data in full: only those who prepare and review the dataset.
rules.add_perm(
    "datasets.view_source", role_in(Role.DRAFTER, Role.SECRECY_REVIEWER, Role.SIGNER, Role.AGENCY_ADMIN)
)
