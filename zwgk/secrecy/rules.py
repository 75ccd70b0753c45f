"""Permissions of the secrecy review (保密审查).

A 依申请公开 reply's findings are the applicant's personal data and the reply is the 承办人's: they are seen by who
may see the application's personal data (承办人, 工作机构负责人) and the agency's 保密审查员, and resolved by the
承办人 or the 保密审查员. Records' and interpretations' findings keep the review chain of the documents app.
"""

from typing import Any

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role
from zwgk.applications.models import Reply
from zwgk.secrecy.models import REPLY_VIEW_ROLES, VIEW_ROLES, Finding, Screening


@rules.predicate
def about_reply(user: Any, obj: Any = None) -> bool:
    """The object is a reply, or a screening or finding of a reply."""
    if isinstance(obj, Reply):
        return True
    if isinstance(obj, Finding):
        obj = obj.screening
    return isinstance(obj, Screening) and obj.reply_id is not None


@rules.predicate
def knows_owner_content(user: Any, obj: Any = None) -> bool:
    """Need-to-know (issue 13): findings quote the unmasked data, so a record's or interpretation's findings
    follow its own content rule (documents.view_content: the drafter, the unit's review chain and administrator)."""
    if obj is None:
        # A list of screenings (no object): only roles that can know some unpublished content — the unit's review
        # chain and administrator, and the 信息员 for their drafts (matrix notes 4 and 5). The 公开办 and the 督查员
        # see the findings of published records on the record's own page, not a list of every unit's drafts.
        return bool(rules.has_perm("documents.view_content", user))
    if isinstance(obj, Finding):
        obj = obj.screening
    owner = obj.owner if isinstance(obj, Screening) else obj
    if owner is None:
        return False
    return bool(rules.has_perm("documents.view_content", user, owner))


def _either(documents: Any, replies: Any) -> Any:
    return (~about_reply & documents) | (about_reply & replies)


# Findings show the personal data found, so only the agency's review chain and the 公开办 see them.
rules.add_perm(
    "secrecy.view_findings",
    _either(role_in(*VIEW_ROLES) & knows_owner_content, role_in(*REPLY_VIEW_ROLES)),
)
# Resolving (mask / confirm public / false positive) is the 保密审查员's decision (a reply's: or its 承办人's).
_REPLY_RESOLVERS = role_in(Role.APPLICATION_HANDLER, Role.SECRECY_REVIEWER)
rules.add_perm("secrecy.resolve_finding", _either(role_in(Role.SECRECY_REVIEWER), _REPLY_RESOLVERS))
rules.add_perm(
    "secrecy.rescreen",
    _either(role_in(Role.SECRECY_REVIEWER, Role.DRAFTER, Role.DISTRICT_ADMIN), _REPLY_RESOLVERS),
)
# Starting a missing screening is part of the review itself (the owner is already in the reviewer's hands).
rules.add_perm("secrecy.start_screening", _either(role_in(Role.SECRECY_REVIEWER), _REPLY_RESOLVERS))
rules.add_perm("secrecy.view_lexicon", role_in(*Role))
# The lexicon is district-wide: the 公开办 maintains it.
rules.add_perm("secrecy.manage_lexicon", role_in(Role.DISTRICT_ADMIN))
