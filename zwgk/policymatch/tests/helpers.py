"""Factories for 政策找人 tests: published policies with 申报条件, through the real action functions."""

from __future__ import annotations

from typing import Any

from zwgk.documents.tests.helpers import draft, publish
from zwgk.policymatch.actions import save_eligibility
from zwgk.policymatch.models import PolicyEligibility

SMALL_FIRMS = {
    "all": [
        {"field": "size", "op": "in", "value": ["小型", "微型"], "clause": "第二条第一款"},
        {"field": "tax_credit", "op": "!=", "value": "D", "clause": "第三条"},
    ]
}
USCC = "91120110MA05JK3L77"  # a valid GB 32100 code
GRADUATES = {"field": "graduate", "op": "==", "value": True, "clause": "第一条"}


def published_policy(agency: Any, drafter: Any, reviewer: Any, signer: Any, title: str) -> Any:
    return publish(draft(agency, drafter, title=title, doc_number=""), drafter, reviewer, signer)


def with_conditions(record: Any, by: Any, conditions: Any = None, **data: Any) -> PolicyEligibility:
    values = {"profile_kind": "enterprise", "conditions": conditions or SMALL_FIRMS, "delivery": "apply"}
    values.update(data)
    return save_eligibility(record, values, by=by)
