"""Permissions of the secrecy review (保密审查)."""

from typing import Any

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role
from zwgk.secrecy.models import VIEW_ROLES, Screening


def _reviewed_record(obj: Any) -> Any:
    """The record a finding, a screening or the record itself belongs to (None if it is gone)."""
    screening = getattr(obj, "screening", None) if not isinstance(obj, Screening) else obj
    if isinstance(screening, Screening):
        model = screening.record_type.model_class()
        return model._default_manager.filter(pk=screening.record_id).first() if model else None
    return obj


@rules.predicate
def knows_record_content(user: Any, obj: Any = None) -> bool:
    """Need-to-know (issue 13): findings quote the unmasked data, so they follow the record's own content rule
    when its app registers one (`<app_label>.view_content`, e.g. documents.view_content)."""
    if obj is None:
        return True
    record = _reviewed_record(obj)
    if record is None:
        return False
    perm = f"{record._meta.app_label}.view_content"
    return not rules.perm_exists(perm) or rules.has_perm(perm, user, record)


# Findings show the personal data found, so only the agency's review chain and the 公开办 see them.
rules.add_perm("secrecy.view_findings", role_in(*VIEW_ROLES) & knows_record_content)
# Resolving (mask / confirm public / false positive) is the 保密审查员's decision.
rules.add_perm("secrecy.resolve_finding", role_in(Role.SECRECY_REVIEWER))
rules.add_perm("secrecy.rescreen", role_in(Role.SECRECY_REVIEWER, Role.DRAFTER, Role.DISTRICT_ADMIN))
# Starting a missing screening is part of the review itself (the record is already in the reviewer's hands).
rules.add_perm("secrecy.start_screening", role_in(Role.SECRECY_REVIEWER))
rules.add_perm("secrecy.view_lexicon", role_in(*Role))
# The lexicon is district-wide: the 公开办 maintains it.
rules.add_perm("secrecy.manage_lexicon", role_in(Role.DISTRICT_ADMIN))
