"""Permissions of the applications app (依申请公开)."""

from typing import Any

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role

# Who may open an application of an agency (applicants' personal data stays masked unless view_personal).
VIEW_ROLES = (
    Role.APPLICATION_HANDLER,
    Role.OFFICE_HEAD,
    Role.LEGAL_ADVISER,
    Role.AGENCY_ADMIN,
    Role.DISTRICT_ADMIN,
    Role.SUPERVISOR,
)
rules.add_perm("applications.view", role_in(*VIEW_ROLES))


@rules.predicate
def is_assigned_handler(user: Any, app: Any = None) -> bool:
    """The application's own 承办人; while nobody is assigned, the agency's 承办人 (one of them takes it).

    Without an object (a list page) the role decides; rows are checked one by one."""
    handler_id = getattr(app, "handler_id", None)
    return handler_id is None or handler_id == getattr(user, "pk", None)


# Applicants' personal data in full (ID number, phone, address, identity proof, the complete letters): only the
# assigned 承办人 and the 工作机构负责人 of the handling agency — deliberately not the district-wide roles, the
# 法律顾问, the 单位管理员 or the agency's other 承办人 (need-to-know, issue 13).
rules.add_perm(
    "applications.view_personal",
    (role_in(Role.APPLICATION_HANDLER) & is_assigned_handler) | role_in(Role.OFFICE_HEAD),
)
# Registration of letters/faxes/e-mails/visits, confirmation of online submissions, and all handling steps.
rules.add_perm("applications.register", role_in(Role.APPLICATION_HANDLER))
rules.add_perm("applications.handle", role_in(Role.APPLICATION_HANDLER))
rules.add_perm("applications.assign", role_in(Role.APPLICATION_HANDLER, Role.OFFICE_HEAD))
# Art 33: an extension needs the consent of the 工作机构负责人.
rules.add_perm("applications.approve_extension", role_in(Role.OFFICE_HEAD))
# Work plan item 十三: legal advisers review replies before they go out.
rules.add_perm("applications.legal_review", role_in(Role.LEGAL_ADVISER))
rules.add_perm("applications.manage_reviews", role_in(Role.APPLICATION_HANDLER, Role.OFFICE_HEAD))
rules.add_perm("applications.edit_templates", role_in(Role.DISTRICT_ADMIN))
