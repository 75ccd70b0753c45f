"""The catalogue with the apps that plug into it (documents/hooks.py): the secrecy review's screening
blocks approval of a record with personal data; the annual report and the work plan read its figures."""

import pytest
import time_machine

from zwgk.core.errors import Refused
from zwgk.documents import actions
from zwgk.documents.tests.helpers import approve_interpretation, docx_bytes, draft, interpretation, publish
from zwgk.reports.sources import get_source
from zwgk.workplan import indicators
from zwgk.workplan.evidence import sources

pytestmark = pytest.mark.django_db


@time_machine.travel("2025-04-01 10:00:00+08:00", tick=False)
def test_secrecy_screening_blocks_a_record_with_personal_data(
    agency_a, drafter_a, reviewer_a, django_capture_on_commit_callbacks
):
    clean = draft(
        agency_a, drafter_a, title="关于做好春季防火工作的通知", body="各单位：请做好春季防火工作。"
    )
    risky = draft(agency_a, drafter_a, title="补贴名单", body="各单位：名单见附件。")
    actions.add_attachment(
        risky, docx_bytes("张建国 120110196203140018 13920001234"), "名单.docx", by=drafter_a
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit(clean, by=drafter_a)
        actions.submit(risky, by=drafter_a)
    actions.approve_review(clean, by=reviewer_a, note="已审查，不涉密。")
    with pytest.raises(Refused) as excinfo:
        actions.approve_review(risky, by=reviewer_a, note="已审查。")
    assert any("名单.docx" in reason for reason in excinfo.value.problems)


def test_annual_report_sources_are_registered(agency_a, drafter_a, reviewer_a, signer_a):
    with time_machine.travel("2025-03-03 10:00:00+08:00", tick=False):
        publish(draft(agency_a, drafter_a, normative_kind="normative"), drafter_a, reviewer_a, signer_a)
    with time_machine.travel("2026-01-05 10:00:00+08:00", tick=False):
        assert get_source("normative")(agency_a.pk, 2025)["行政规范性文件"]["issued"] == 1
        facts = get_source("publication_facts")(agency_a.pk, 2025)
    assert facts["published_total"] == 1 and facts["policy_documents"] == 1
    assert facts["published_by_category"] == {
        "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息": 1
    }


def test_work_plan_indicators_are_registered(agency_a, drafter_a, reviewer_a, signer_a):
    with time_machine.travel("2025-03-03 10:00:00+08:00", tick=False):
        publish(draft(agency_a, drafter_a), drafter_a, reviewer_a, signer_a)
        withheld = draft(
            agency_a, drafter_a, openness="withheld", legal_ground="process_info", openness_reason="x"
        )
        publish(withheld, drafter_a, reviewer_a, signer_a)
    value = indicators.get("documents.proactive_share").fn(2025, agency_a.pk)
    assert (value.numerator, value.denominator) == (1, 2)
    assert indicators.get("documents.reviews_done").fn(2026, None).denominator == 0
    assert indicators.get("documents.interpretation_sync").fn(2025, agency_a.pk).denominator == 0


def test_published_records_and_interpretations_are_offered_as_ledger_evidence(
    agency_a, agency_b, drafter_a, reviewer_a, signer_a
):
    offered = {source.kind: source for source in sources()}
    people = (drafter_a, reviewer_a, signer_a)
    with time_machine.travel("2025-05-06 10:00:00+08:00", tick=False):
        policy = draft(agency_a, drafter_a, title="东丽区促进就业若干措施", needs_interpretation=True)
        approve_interpretation(interpretation(policy, drafter_a, title="图解：促进就业若干措施"), *people)
        publish(policy, *people)
        draft(agency_a, drafter_a, title="尚在起草的文件")
    documents = offered["document"].choices(agency_a.pk, 2025)
    assert [label for _, label in documents] == ["东丽区促进就业若干措施（东丽政办发〔2025〕3号）"]
    assert documents[0][0] == f"/xxgk/records/{policy.pk}/"
    assert [label for _, label in offered["interpretation"].choices(agency_a.pk, 2025)] == [
        "图解：促进就业若干措施"
    ]
    assert offered["document"].choices(agency_a.pk, 2024) == []  # another year
    assert offered["document"].choices(agency_b.pk, 2025) == []  # another unit
