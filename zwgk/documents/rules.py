"""Permissions of the catalogue and publication workflow (checked only through accounts.permissions)."""

from typing import Any

import rules

from zwgk.accounts.permissions import has_role, role_in
from zwgk.accounts.roles import Role

ALL_STAFF = role_in(*Role)
# Need-to-know (issue 13): the original body and attachments of a record or interpretation that is not public
# are read by the people who handle it — its drafter, the unit's 保密审查员 and 审签人, the unit's administrator —
# and while it is a draft by the unit's 信息员 (who may edit it). Everyone else sees its metadata only.
CONTENT_ROLES = (Role.SECRECY_REVIEWER, Role.SIGNER, Role.AGENCY_ADMIN)
EDITABLE_STATUSES = ("draft", "withdrawn")


@rules.predicate
def knows_content(user: Any, obj: Any = None) -> bool:
    if obj is None:
        return has_role(user, (*CONTENT_ROLES, Role.DRAFTER))
    owner = getattr(obj, "owner", obj)  # an Attachment answers for its record or interpretation
    if owner.is_public:
        return True
    if getattr(user, "pk", None) in (owner.created_by_id, owner.submitted_by_id):
        return True
    roles = (*CONTENT_ROLES, Role.DRAFTER) if owner.status in EDITABLE_STATUSES else CONTENT_ROLES
    return has_role(user, roles, owner)


rules.add_perm("documents.view", ALL_STAFF)
rules.add_perm("documents.view_content", ALL_STAFF & knows_content)
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
# 公开方式: the 信息员 or the unit's administrator records where and to whom a record was shown outside the
# website (特定范围公开, 公示栏, 公开查阅点), with a photo (zwgk.documents.publicity.log_display).
rules.add_perm("documents.log_display", role_in(Role.DRAFTER, Role.AGENCY_ADMIN))
rules.add_perm("documents.edit_guide", role_in(Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN))
rules.add_perm("documents.manage_themes", role_in(Role.DISTRICT_ADMIN))
rules.add_perm("documents.manage_issuers", role_in(Role.DISTRICT_ADMIN))
