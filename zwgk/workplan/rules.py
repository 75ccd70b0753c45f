"""Permissions of the 工作要点 ledger.

A unit's 单位管理员 and 信息员 edit only their own unit's tasks (the per-unit roles are never district-wide);
公开办管理员 and 督查员 read and supervise every unit.
"""

from __future__ import annotations

from typing import Any

import rules
from django.conf import settings

from zwgk.accounts.permissions import role_in, roles_by_agency
from zwgk.accounts.roles import Role
from zwgk.agencies.models import Agency


@rules.predicate
def is_assessment_office_admin(user: Any, obj: Any = None) -> bool:
    """单位管理员 of the assessment office (区委组织部（区绩效办）in Dongli, item 十七; setting below)."""

    own = [agency_id for agency_id, roles in roles_by_agency(user).items() if Role.AGENCY_ADMIN in roles]
    if not own:
        return False
    wanted = set(settings.WORKPLAN_ASSESSMENT_OFFICE)
    return any(wanted & set(agency.names()) for agency in Agency.objects.filter(pk__in=own))


ANY_ROLE = role_in(*Role)
UNIT_EDITORS = role_in(Role.AGENCY_ADMIN, Role.DRAFTER)
SUPERVISORS = role_in(Role.DISTRICT_ADMIN, Role.SUPERVISOR)

rules.add_perm("workplan.view_plan", ANY_ROLE)
rules.add_perm("workplan.import_plan", role_in(Role.DISTRICT_ADMIN))
rules.add_perm("workplan.manage_indicators", role_in(Role.DISTRICT_ADMIN))
rules.add_perm(
    "workplan.use_ledger", role_in(Role.AGENCY_ADMIN, Role.DRAFTER, Role.DISTRICT_ADMIN, Role.SUPERVISOR)
)
# Tasks, reports, evidence: readable by anyone with a role in the unit, and by the district-wide roles.
rules.add_perm("workplan.view_task", ANY_ROLE)
rules.add_perm("workplan.edit_task", UNIT_EDITORS)
# Moving a time limit after it passed, or reopening a finished task, is for the supervisors.
rules.add_perm("workplan.extend_task", SUPERVISORS)
rules.add_perm("workplan.supervise", SUPERVISORS)
# 逾期 is set only by the daily sweep (by=None passes TASK_FLOW's permission check); no user may set it.
rules.add_perm("workplan.mark_overdue", rules.always_deny)
rules.add_perm("workplan.acknowledge_reminder", UNIT_EDITORS)
rules.add_perm("workplan.rectify_finding", UNIT_EDITORS)
rules.add_perm("workplan.report_review", UNIT_EDITORS)
# 通报 are issued by the district government office (item 十九), i.e. the 公开办.
rules.add_perm("workplan.issue_bulletin", role_in(Role.DISTRICT_ADMIN))
rules.add_perm("workplan.view_scores", SUPERVISORS)
rules.add_perm(
    "workplan.view_unit_score", role_in(Role.AGENCY_ADMIN, Role.DRAFTER, Role.DISTRICT_ADMIN, Role.SUPERVISOR)
)
rules.add_perm("workplan.manage_scores", role_in(Role.DISTRICT_ADMIN))
rules.add_perm("workplan.enter_weight", role_in(Role.DISTRICT_ADMIN) | is_assessment_office_admin)
rules.add_perm(
    "workplan.view_team", role_in(Role.AGENCY_ADMIN, Role.DRAFTER, Role.DISTRICT_ADMIN, Role.SUPERVISOR)
)
rules.add_perm("workplan.manage_team", role_in(Role.AGENCY_ADMIN))
rules.add_perm("workplan.file_liaison", role_in(Role.DISTRICT_ADMIN))
rules.add_perm("workplan.view_trainings", ANY_ROLE)
rules.add_perm("workplan.manage_training", role_in(Role.AGENCY_ADMIN, Role.DRAFTER, Role.DISTRICT_ADMIN))
