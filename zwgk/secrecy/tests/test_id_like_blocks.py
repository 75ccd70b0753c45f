"""An ID-like number with a wrong check digit blocks approval until the reviewer masks it, confirms it may be
public or marks it a false positive (issue 23): before, it was only a warning and the page could be approved."""

import pytest

from zwgk.core.errors import Refused
from zwgk.documents import actions as document_actions
from zwgk.screening.tests.factories import bad_check, id18
from zwgk.secrecy import actions
from zwgk.secrecy.models import Finding, Resolution
from zwgk.secrecy.service import approval_blockers
from zwgk.secrecy.tests.helpers import make_record, submit

pytestmark = pytest.mark.django_db

MISTYPED = bad_check(id18(seq="357"))


@pytest.fixture
def in_review(agency_a):
    return submit(make_record(agency_a, f"经核实，该户登记证件号码为{MISTYPED}。"))


def test_a_wrong_check_digit_id_blocks_approval(in_review, reviewer_a):
    finding = Finding.objects.get(category="id_like")
    assert finding.text == MISTYPED and finding.severity == "block"
    with pytest.raises(Refused):
        document_actions.approve_review(in_review, by=reviewer_a, note="已审查")


@pytest.mark.parametrize("resolution", [Resolution.CONFIRMED, Resolution.FALSE_POSITIVE])
def test_the_reviewer_can_resolve_it_and_approve(in_review, reviewer_a, resolution):
    finding = Finding.objects.get(category="id_like")
    actions.resolve_finding(finding, resolution, by=reviewer_a, reason="系统内部登记编号，不是身份证号码")
    assert approval_blockers(in_review) == []
    document_actions.approve_review(in_review, by=reviewer_a, note="已审查")
