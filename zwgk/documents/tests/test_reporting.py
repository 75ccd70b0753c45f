"""Figures for the annual report and the work-plan indicators (zwgk.documents.reporting)."""

from datetime import date

import pytest
import time_machine

from zwgk.documents import actions, reporting
from zwgk.documents.tests.helpers import approve_interpretation, draft, interpretation, publish

pytestmark = pytest.mark.django_db


def test_normative_counts_issued_repealed_in_force(agency_a, drafter_a, reviewer_a, signer_a):
    with time_machine.travel("2023-03-01 10:00:00+08:00", tick=False):
        a = draft(agency_a, drafter_a, title="A", normative_kind="normative", written_on=date(2023, 2, 20))
        publish(a, drafter_a, reviewer_a, signer_a)
        r = draft(agency_a, drafter_a, title="R", normative_kind="regulation", written_on=date(2023, 2, 21))
        publish(r, drafter_a, reviewer_a, signer_a)
    with time_machine.travel("2024-05-01 10:00:00+08:00", tick=False):
        b = draft(agency_a, drafter_a, title="B", normative_kind="normative", written_on=date(2024, 4, 28))
        publish(b, drafter_a, reviewer_a, signer_a)
        actions.change_validity(a, by=signer_a, validity="repealed", changed_on=date(2024, 5, 1), related=b)
        pending = draft(
            agency_a, drafter_a, title="draft", normative_kind="normative", written_on=date(2024, 4, 1)
        )
        assert pending.pk
    assert reporting.normative_counts(agency_a.id, 2023) == {
        "规章": {"issued": 1, "repealed": 0, "in_force": 1},
        "行政规范性文件": {"issued": 1, "repealed": 0, "in_force": 1},
    }
    with time_machine.travel("2025-01-02 10:00:00+08:00", tick=False):
        assert reporting.normative_counts(agency_a.id, 2024)["行政规范性文件"] == {
            "issued": 1,
            "repealed": 1,
            "in_force": 1,
        }
        assert reporting.normative_counts(None, 2024)["行政规范性文件"]["in_force"] == 1


def test_publication_facts_and_ratios(agency_a, drafter_a, reviewer_a, signer_a):
    with time_machine.travel("2025-03-03 10:00:00+08:00", tick=False):
        policy = draft(agency_a, drafter_a, needs_interpretation=True, statutory_category="art20_11")
        approve_interpretation(interpretation(policy, drafter_a), drafter_a, reviewer_a, signer_a)
        publish(policy, drafter_a, reviewer_a, signer_a)
        late = draft(
            agency_a, drafter_a, title="迟发", written_on=date(2025, 1, 2), statutory_category="art20_07"
        )
        publish(late, drafter_a, reviewer_a, signer_a)
        withheld = draft(
            agency_a,
            drafter_a,
            title="不公开",
            openness="withheld",
            legal_ground="process_info",
            openness_reason="过程稿",
            statutory_category="",
        )
        publish(withheld, drafter_a, reviewer_a, signer_a)
        actions.withdraw(late, by=signer_a, reason="错误")
    with time_machine.travel("2026-03-04 10:00:00+08:00", tick=False):
        actions.open_due_reviews(date(2026, 3, 4))
        from zwgk.documents.models import PeriodicReview

        actions.decide_periodic_review(
            PeriodicReview.objects.get(),
            by=reviewer_a,
            outcome="convert",
            reason="可公开",
            statutory_category="art20_03",
        )
        withheld.refresh_from_db()
        actions.sign(withheld, by=signer_a, note="同意")
    facts = reporting.publication_facts(agency_a.id, 2025)
    assert facts["published"] == 2
    assert facts["by_category"]["art20_11"]["count"] == 1 and facts["by_category"]["art20_07"]["count"] == 1
    assert facts["by_theme"] == {"综合政务\\政务公开": 2}
    assert facts["interpretations_published"] == 1 and facts["interpretations_same_day"] == 1
    assert facts["nonpublic_filed"] == 1 and facts["nonpublic_by_ground"] == {"process_info": 1}
    assert facts["withdrawn"] == 1 and facts["late_publications"] == 1
    assert reporting.publication_facts(agency_a.id, 2026)["nonpublic_converted"] == 1
    share = reporting.proactive_share(agency_a.id, date(2025, 1, 1), date(2025, 12, 31))
    assert share == {"numerator": 2, "denominator": 3, "value": round(2 / 3, 4)}
    sync = reporting.interpretation_sync_share(agency_a.id, date(2025, 1, 1), date(2025, 12, 31))
    assert sync == {"numerator": 1, "denominator": 1, "value": 1.0}
    done = reporting.reviews_done(None, date(2026, 1, 1), date(2026, 12, 31))
    assert done == {"numerator": 1, "denominator": 1, "value": 1.0}
    assert reporting.reviews_done(agency_a.id, date(2024, 1, 1), date(2024, 12, 31))["value"] is None
