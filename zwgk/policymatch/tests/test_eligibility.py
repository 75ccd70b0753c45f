"""Saving 申报条件: permissions, validation, audit, and only on public records."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.documents.tests.helpers import draft
from zwgk.policymatch.models import PolicyEligibility
from zwgk.policymatch.tests.helpers import published_policy, with_conditions

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(agency_a, drafter_a, reviewer_a, signer_a):
    return published_policy(agency_a, drafter_a, reviewer_a, signer_a, "关于支持小微企业发展的若干措施")


def test_drafter_saves_conditions_with_an_audit_event(policy, drafter_a):
    item = with_conditions(
        policy, drafter_a, opens_on="2025-06-01", closes_on="2025-07-31", channel="网上办事大厅"
    )
    assert item.record == policy and item.closes_on.isoformat() == "2025-07-31"
    event = AuditEvent.objects.filter(action="policymatch.eligibility_saved").get()
    assert event.summary == f"设置申报条件：{policy.title}"
    # Saving again replaces the conditions, still one row.
    with_conditions(
        policy, drafter_a, conditions={"field": "employees", "op": "<", "value": 50, "clause": "第一条"}
    )
    assert PolicyEligibility.objects.get().conditions["field"] == "employees"


def test_the_district_office_may_and_another_agency_may_not(policy, gkb, staff_b, signer_a):
    with_conditions(policy, gkb)
    for outsider in (staff_b, signer_a):  # another agency's staff; a signer is not among the editors
        with pytest.raises(PermissionDenied):
            with_conditions(policy, outsider)


def test_invalid_conditions_are_refused_naming_each_condition(policy, drafter_a):
    bad = {
        "all": [
            {"field": "size", "op": "==", "value": "小型", "clause": "一"},
            {"field": "colour", "op": "==", "value": 1},
        ]
    }
    with pytest.raises(Refused) as caught:
        with_conditions(policy, drafter_a, conditions=bad)
    assert caught.value.message == "申报条件有误，未保存。"
    assert any(p.startswith("条件.all[2]") and "未知字段“colour”" in p for p in caught.value.problems)
    with pytest.raises(Refused) as caught:
        with_conditions(policy, drafter_a, opens_on="2025-08-01", closes_on="2025-07-01")
    assert "申报截止日期不能早于开始日期" in caught.value.problems
    assert not PolicyEligibility.objects.exists()
    assert not AuditEvent.objects.filter(action="policymatch.eligibility_saved").exists()


def test_a_draft_cannot_carry_conditions(agency_a, drafter_a):
    record = draft(agency_a, drafter_a)
    with pytest.raises(Refused, match="只能为已公开发布的政策文件"):
        with_conditions(record, drafter_a)
