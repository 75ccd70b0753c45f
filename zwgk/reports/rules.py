"""Permissions of the annual report.

Drafting: the agency's 单位管理员 and 信息员. 审核 (approve and publish, return, reopen for correction): the
agency's 单位管理员 or the 公开办. The district government's own report is compiled by the 公开办 (Art 49: the
主管部门 publishes the government's report), so both drafting and review of it belong to the 公开办.
"""

from typing import Any

import rules

from zwgk.accounts.permissions import role_in
from zwgk.accounts.roles import Role
from zwgk.reports.deadlines import GOVERNMENT_KIND


@rules.predicate
def is_government_report(user: Any, obj: Any = None) -> bool:
    agency = obj if hasattr(obj, "kind") else getattr(obj, "agency", None)
    return agency is not None and agency.kind == GOVERNMENT_KIND


district_admin = role_in(Role.DISTRICT_ADMIN)

rules.add_perm("reports.view", role_in(Role.AGENCY_ADMIN, Role.DRAFTER, Role.DISTRICT_ADMIN, Role.SUPERVISOR))
rules.add_perm(
    "reports.draft",
    (role_in(Role.AGENCY_ADMIN, Role.DRAFTER) & ~is_government_report)
    | (is_government_report & district_admin),
)
rules.add_perm(
    "reports.review",
    (role_in(Role.AGENCY_ADMIN, Role.DISTRICT_ADMIN) & ~is_government_report)
    | (is_government_report & district_admin),
)
# The district overview (all agencies side by side) is a management view for the 公开办 and 督查员.
rules.add_perm("reports.overview", role_in(Role.DISTRICT_ADMIN, Role.SUPERVISOR))
# Generating every agency's draft at once.
rules.add_perm("reports.generate_all", district_admin)
