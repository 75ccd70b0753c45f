"""Permissions of the catalogue and publication workflow (checked only through accounts.permissions)."""

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

ALL_STAFF = role_in(*Role)

rules.add_perm("documents.view", ALL_STAFF)
# 信息员 draft records and interpretations, upload attachments and submit them for review.
rules.add_perm("documents.draft", role_in(Role.DRAFTER))
# 保密审查员: the secrecy review (Art 17) and the redactions the screening app performs.
rules.add_perm("documents.review", role_in(Role.SECRECY_REVIEWER))
# 审签人: sign-off, which publishes (or files a non-public record).
rules.add_perm("documents.sign", role_in(Role.SIGNER))
rules.add_perm("documents.withdraw", role_in(Role.SIGNER, Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN))
rules.add_perm("documents.change_validity", role_in(Role.SIGNER, Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN))
# Corrections to the metadata of a public record (typos in a title, a wrong theme) with a reason.
rules.add_perm("documents.correct", role_in(Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN))
# 定期审查 of non-public records (Art 18).
rules.add_perm("documents.periodic_review", role_in(Role.SECRECY_REVIEWER, Role.AGENCY_ADMIN))
rules.add_perm("documents.edit_guide", role_in(Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN))
rules.add_perm("documents.manage_themes", role_in(Role.DISTRICT_ADMIN))
rules.add_perm("documents.manage_issuers", role_in(Role.DISTRICT_ADMIN))
