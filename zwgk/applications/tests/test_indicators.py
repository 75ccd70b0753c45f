"""Work-plan indicators computed from applications (plan item 十三)."""

from datetime import date

import pytest
import time_machine

from zwgk.applications import actions, indicators
from zwgk.applications.models import Application, ReviewCase
from zwgk.applications.tests.factories import staff_application
from zwgk.workplan.indicators import get

pytestmark = pytest.mark.django_db


def _reply(app, handler, lawyer):
    actions.save_draft(app, by=handler, data={"outcome": "granted", "provision": "见附件"})
    actions.submit_for_legal_review(app, by=handler)
    actions.decide_legal_review(app, by=lawyer, approve=True)
    actions.send_reply(app, by=handler)


def test_answered_on_time_counts_replies_sent_by_their_due_date(agency_a, agency_b, handler_a, lawyer_a):
    with time_machine.travel("2025-03-03 10:00 +0800", tick=False):
        prompt = staff_application(agency_a, handler_a, day=date(2025, 3, 3), accept=True)
        late = staff_application(agency_a, handler_a, day=date(2025, 3, 3), accept=True, description="另一件")
    with time_machine.travel("2025-03-10 10:00 +0800", tick=False):
        _reply(prompt, handler_a, lawyer_a)
    with time_machine.travel("2025-05-06 10:00 +0800", tick=False):  # beyond 20 working days
        _reply(late, handler_a, lawyer_a)
    value = indicators.answered_on_time(2025, agency_a.pk)
    assert (value.numerator, value.denominator) == (1, 2)
    assert indicators.answered_on_time(2025, agency_b.pk).denominator == 0
    assert (
        indicators.answered_on_time(2025, None).denominator
        == Application.objects.filter(reply__sent_on__year=2025).count()
    )
    assert get("applications.answered_on_time") is not None


def test_reviews_corrected_counts_concluded_cases_of_the_year(agency_a):
    for result, concluded in [("纠正", date(2025, 6, 1)), ("维持", date(2025, 6, 1)), ("尚未审结", None)]:
        ReviewCase.objects.create(
            agency=agency_a,
            kind="review",
            result=result,
            filed_on=date(2025, 3, 1),
            concluded_on=concluded,
            organ="区政府",
        )
    value = indicators.reviews_corrected(2025, agency_a.pk)
    assert (value.numerator, value.denominator) == (1, 2)
