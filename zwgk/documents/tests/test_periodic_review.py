"""定期审查: the sweeper queues every non-public record once per interval; keep or convert with a reason; a
converted record is published in the 政策文件 column with its history visible."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from zwgk.core.errors import Refused
from zwgk.documents import actions
from zwgk.documents.models import PeriodicReview, Record, Status
from zwgk.documents.tests.helpers import publish, withheld_draft
from zwgk.screening.tests.factories import id18
from zwgk.testing import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def withheld(agency_a, drafter_a, reviewer_a, signer_a):
    with time_machine.travel("2024-03-01 10:00:00+08:00", tick=False):
        record = withheld_draft(agency_a, drafter_a)
        publish(record, drafter_a, reviewer_a, signer_a)
    record.refresh_from_db()
    return record


def test_sweeper_opens_one_review_per_interval(withheld):
    assert withheld.next_review_on == date(2025, 3, 1)
    assert actions.open_due_reviews(date(2025, 2, 28)) == 0
    assert actions.open_due_reviews(date(2025, 3, 1)) == 1
    assert actions.open_due_reviews(date(2025, 3, 2)) == 0  # idempotent
    item = PeriodicReview.objects.get()
    assert item.due_on == date(2025, 3, 1) and item.decided_at is None


def test_keep_schedules_the_next_review(withheld, reviewer_a):
    actions.open_due_reviews(date(2025, 3, 1))
    item = PeriodicReview.objects.get()
    with time_machine.travel("2025-03-05 10:00:00+08:00", tick=False):
        with pytest.raises(Refused, match="理由"):
            actions.decide_periodic_review(item, by=reviewer_a, outcome="keep", reason="")
        actions.decide_periodic_review(
            item, by=reviewer_a, outcome="keep", reason="项目仍在论证，继续不予公开"
        )
    withheld.refresh_from_db()
    assert withheld.next_review_on == date(2026, 3, 5) and withheld.status == Status.FILED


def test_conversion_publishes_into_policies_with_history(client, withheld, reviewer_a, signer_a, staff_b):
    actions.open_due_reviews(date(2025, 3, 1))
    item = PeriodicReview.objects.get()
    with time_machine.travel("2025-03-05 10:00:00+08:00", tick=False):
        with pytest.raises(PermissionDenied):
            actions.decide_periodic_review(
                item, by=staff_b, outcome="convert", reason="x", statutory_category="art20_03"
            )
        with pytest.raises(Refused, match="类别"):
            actions.decide_periodic_review(item, by=reviewer_a, outcome="convert", reason="项目已批复")
        actions.decide_periodic_review(
            item,
            by=reviewer_a,
            outcome="convert",
            reason="项目已批复实施，情势变化可以公开",
            statutory_category="art20_03",
        )
        withheld.refresh_from_db()
        # The 保密审查员's proposal is the secrecy review; publication waits for the 审签.
        assert withheld.status == Status.AWAITING_SIGNOFF and not withheld.is_public
        assert client.get(f"/xxgk/records/{withheld.pk}/").status_code == 404
        actions.sign(withheld, by=signer_a, note="同意转为主动公开")
        withheld.refresh_from_db()
        assert withheld.is_public and withheld.kind == "policy" and withheld.openness == "proactive"
        page = client.get(f"/xxgk/records/{withheld.pk}/").content.decode()
        assert "经定期审查" in page and "不予公开" in page and "主动公开" in page
        listing = client.get("/xxgk/policies/?converted=1").content.decode()
        assert withheld.title in listing


def test_an_agency_admin_alone_cannot_publish_by_conversion(withheld, admin_a, reviewer_a, signer_a):
    """Issue 13: fgw_admin converted a 不予公开 record to 主动公开 alone through POST periodic-reviews/<pk>/."""
    actions.open_due_reviews(date(2025, 3, 1))
    item = PeriodicReview.objects.get()
    admin = login(admin_a)
    with time_machine.travel("2025-03-05 10:00:00+08:00", tick=False):
        response = admin.post(
            f"/workspace/documents/periodic-reviews/{item.pk}/",
            {"outcome": "convert", "reason": "情势变化可以公开", "statutory_category": "art20_03"},
            follow=True,
        )
        assert "须经保密审查和审签" in response.content.decode()
        withheld.refresh_from_db()
        assert withheld.status == Status.IN_REVIEW and withheld.openness == "withheld"
        assert not Record.objects.public().exists()
        # Nothing the administrator can press publishes it: the review and the sign-off are other people's.
        for action in ("approve", "sign"):
            admin.post(f"/workspace/documents/{withheld.pk}/do/{action}/", {"note": "同意"})
        withheld.refresh_from_db()
        assert withheld.status == Status.IN_REVIEW and not Record.objects.public().exists()
        actions.approve_review(withheld, by=reviewer_a, note="已审查，可以公开")
        actions.sign(withheld, by=signer_a, note="同意")
    withheld.refresh_from_db()
    assert withheld.is_public
    change = withheld.openness_changes.get()
    assert change.by == admin_a and change.review == item


def propose_conversion(record, *, by):
    """Open the due review of `record` and propose its conversion to 主动公开."""
    actions.open_due_reviews(date(2025, 3, 1))
    actions.decide_periodic_review(
        PeriodicReview.objects.get(),
        by=by,
        outcome="convert",
        reason="可以公开",
        statutory_category="art20_03",
    )
    record.refresh_from_db()


def test_the_proposer_cannot_sign_the_conversion(withheld, agency_a, reviewer_a):
    from zwgk.accounts.roles import Role
    from zwgk.testing import make_user

    both = make_user("both", [(agency_a, Role.SECRECY_REVIEWER), (agency_a, Role.SIGNER)])
    propose_conversion(withheld, by=both)
    with pytest.raises(Refused, match="审签"):
        actions.sign(withheld, by=both, note="同意")
    assert not Record.objects.public().exists()


def test_a_returned_conversion_is_filed_again_and_reviewed_anew(withheld, admin_a, reviewer_a):
    propose_conversion(withheld, by=admin_a)
    with time_machine.travel("2025-03-06 10:00:00+08:00", tick=False):
        actions.return_to_draft(withheld, by=reviewer_a, note="仍含过程性内容，不宜公开")
    withheld.refresh_from_db()
    assert withheld.status == Status.FILED and withheld.openness == "withheld"
    assert actions.open_due_reviews(date(2025, 3, 6)) == 1


def test_unresolved_screening_finding_refuses_conversion(withheld, reviewer_a):
    # The filed text names a person by ID number: opening the periodic review screens it (its conversion would
    # publish it), and the unresolved finding refuses the conversion with its reason.
    Record.objects.filter(pk=withheld.pk).update(body=f"参会人员身份证号码 {id18()}。")
    actions.open_due_reviews(date(2025, 3, 1))
    item = PeriodicReview.objects.get()
    with pytest.raises(Refused) as excinfo:
        actions.decide_periodic_review(
            item, by=reviewer_a, outcome="convert", reason="可以公开", statutory_category="art20_03"
        )
    assert len(excinfo.value.problems) == 1 and "正文有 1 处须处理的敏感信息" in excinfo.value.problems[0]
    assert not Record.objects.public().exists()


def test_review_page_and_periodic_task(withheld, reviewer_a):
    from zwgk.documents import tasks

    with time_machine.travel("2025-03-02 02:30:00+08:00", tick=False):
        tasks.open_periodic_reviews.call_local()
    item = PeriodicReview.objects.get()
    client = login(reviewer_a)
    assert (
        "区发改委2024年项目储备会议纪要"
        in client.get("/workspace/documents/periodic-reviews/").content.decode()
    )
    response = client.post(
        f"/workspace/documents/periodic-reviews/{item.pk}/",
        {"outcome": "keep", "reason": "继续保留"},
        follow=True,
    )
    assert "审查结论已保存" in response.content.decode()
    export = client.get("/workspace/documents/periodic-reviews/?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
