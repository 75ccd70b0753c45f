"""The facts the annual-report app reads (reporting.py contract)."""

from dataclasses import FrozenInstanceError
from datetime import date
from decimal import Decimal

import pytest
import time_machine

from zwgk.applications import actions, reporting
from zwgk.applications.models import ReviewCase
from zwgk.applications.outcomes import APPLICANT_COLUMNS, OUTCOMES
from zwgk.applications.tests.factories import staff_application

pytestmark = pytest.mark.django_db

KEYS = [
    "granted",
    "partial",
    "withheld.state_secret",
    "withheld.law_prohibited",
    "withheld.three_safety",
    "withheld.third_party",
    "withheld.internal_affairs",
    "withheld.process_info",
    "withheld.enforcement_file",
    "withheld.query_matter",
    "unavailable.not_held",
    "unavailable.needs_creation",
    "unavailable.unclear_after_correction",
    "not_processed.petition",
    "not_processed.repeat",
    "not_processed.publication",
    "not_processed.mass_repeat",
    "not_processed.confirm_or_reissue",
    "other.no_correction",
    "other.no_payment",
    "other.other",
]


def test_outcome_keys_and_labels_are_the_annual_report_rows():
    assert [o.key for o in OUTCOMES] == KEYS
    labels = [o.label for o in OUTCOMES]
    assert labels[1] == "部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert labels[4] == '危及"三安全一稳定"'
    assert labels[18] == "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert labels[20] == "其他"
    assert APPLICANT_COLUMNS == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")


def test_facts_count_transfers_at_both_agencies(agency_a, agency_b, handler_a, handler_b, lawyer_a):
    with time_machine.travel("2025-12-30 10:00 +0800", tick=False):
        kept = staff_application(
            agency_a,
            handler_a,
            day=date(2025, 12, 29),
            accept=True,
            applicant_type="商业企业",
            applicant_name="某公司",
            id_type="credit_code",
            id_number="91120110MA05K8XX4L",
        )
        moved = staff_application(agency_a, handler_a, day=date(2025, 12, 29), description="别的")
        actions.transfer(moved, agency_b, by=handler_a, reason="不属于本机关")
        withdrawn = staff_application(agency_a, handler_a, day=date(2025, 12, 30), description="撤回的")
        actions.withdraw(withdrawn, by=handler_a)
    with time_machine.travel("2026-01-06 10:00 +0800", tick=False):
        actions.save_draft(kept, by=handler_a, data={"outcome": "granted", "provision": "见附件"})
        actions.submit_for_legal_review(kept, by=handler_a)
        actions.decide_legal_review(kept, by=lawyer_a, approve=True)
        actions.send_reply(kept, by=handler_a)
    facts_a = reporting.application_facts(agency_a.pk)
    assert facts_a == [
        reporting.ApplicationFact("商业企业", date(2025, 12, 29), date(2026, 1, 6), "granted"),
        reporting.ApplicationFact("自然人", date(2025, 12, 30), date(2025, 12, 30), "other.other"),
        # the sender received it on 12-29 and ended its part on the transfer day (Art 36(5))
        reporting.ApplicationFact("自然人", date(2025, 12, 29), date(2025, 12, 30), "unavailable.not_held"),
    ]
    assert reporting.application_facts(agency_b.pk) == [
        reporting.ApplicationFact("自然人", date(2025, 12, 30), None, None)
    ]
    with pytest.raises(FrozenInstanceError):
        facts_a[0].outcome = "x"  # type: ignore[misc]


def test_review_case_facts_and_fees(agency_a, handler_a):
    ReviewCase.objects.create(
        agency=agency_a,
        kind="review",
        result="维持",
        filed_on=date(2025, 3, 1),
        concluded_on=date(2025, 5, 1),
        organ="区政府",
    )
    ReviewCase.objects.create(
        agency=agency_a,
        kind="litigation_after_review",
        result="尚未审结",
        filed_on=date(2025, 9, 1),
        organ="区法院",
    )
    assert reporting.review_case_facts(agency_a.pk) == [
        reporting.ReviewCaseFact("review", "维持", date(2025, 3, 1), date(2025, 5, 1)),
        reporting.ReviewCaseFact("litigation_after_review", "尚未审结", date(2025, 9, 1), None),
    ]
    with time_machine.travel("2025-12-22 10:00 +0800", tick=False):
        app = staff_application(agency_a, handler_a, day=date(2025, 12, 22), accept=True)
        fee = actions.issue_fee_notice(
            app, by=handler_a, method="pages", quantity=40, payment_method="缴款码"
        )
    with time_machine.travel("2026-01-05 10:00 +0800", tick=False):
        actions.record_payment(fee, by=handler_a)
    assert reporting.fees_collected(agency_a.pk, 2025) == Decimal(0)
    assert reporting.fees_collected(agency_a.pk, 2026) == Decimal(100)
