"""The reviewer's to-do lists (the 工作台 inbox, the 待处理 screenings) show only records awaiting the review:
findings of a record returned to draft, withdrawn or kept non-public wait until it is in review again."""

from datetime import date

import pytest
import time_machine

from zwgk.documents import actions as document_actions
from zwgk.secrecy.models import Finding
from zwgk.secrecy.tests.helpers import ID_A, make_record, submit
from zwgk.testing import login

pytestmark = pytest.mark.django_db


def listed(client, record) -> tuple[bool, bool]:
    """(in the 工作台 inbox, in the 待处理 screening list)"""
    inbox = f"保密审查：《{record.title}》有" in client.get("/workspace/").content.decode()
    link = f"/workspace/secrecy/records/{record._meta.label_lower}/{record.pk}/"
    todo = link in client.get("/workspace/secrecy/").content.decode().split("<tbody>")[1]
    return inbox, todo


def test_findings_are_listed_only_while_the_record_is_in_review(
    agency_a, reviewer_a, django_capture_on_commit_callbacks
):
    record = make_record(agency_a, f"申请人张小明，身份证号码 {ID_A}。")
    with django_capture_on_commit_callbacks(execute=True):
        submit(record)
    client = login(reviewer_a)
    assert listed(client, record) == (True, True)

    document_actions.return_to_draft(record, by=reviewer_a, note="请补充材料。")
    assert listed(client, record) == (False, False)
    assert Finding.objects.open_blocking().exists()  # kept for when it comes back
    history = client.get("/workspace/secrecy/?state=all").content.decode()
    assert f"/workspace/secrecy/records/documents.record/{record.pk}/" in history

    with django_capture_on_commit_callbacks(execute=True):
        submit(record)
    assert listed(client, record) == (True, True)


def test_a_documents_record_returned_to_draft_leaves_the_lists(
    agency_a, drafter_a, reviewer_a, django_capture_on_commit_callbacks
):
    from zwgk.documents import actions
    from zwgk.documents.tests.helpers import draft

    capture = django_capture_on_commit_callbacks
    record = draft(agency_a, drafter_a, body=f"申请人张小明，身份证号码 {ID_A}。")
    with capture(execute=True):
        actions.submit(record, by=drafter_a)
    client = login(reviewer_a)
    assert listed(client, record) == (True, True)
    actions.return_to_draft(record, by=reviewer_a, note="请删去身份证号码。")
    assert listed(client, record) == (False, False)
    with capture(execute=True):
        actions.submit(record, by=drafter_a)
    assert listed(client, record) == (True, True)


def test_a_filed_record_is_listed_while_its_periodic_review_is_open(
    agency_a, drafter_a, reviewer_a, signer_a, django_capture_on_commit_callbacks
):
    from zwgk.documents import actions
    from zwgk.documents.models import PeriodicReview, Record
    from zwgk.documents.tests.helpers import withheld_draft

    capture = django_capture_on_commit_callbacks
    with time_machine.travel("2024-03-01 10:00:00+08:00", tick=False):
        record = withheld_draft(agency_a, drafter_a)
        with capture(execute=True):
            actions.submit(record, by=drafter_a)
        actions.approve_review(record, by=reviewer_a, note="已审查。")
        actions.sign(record, by=signer_a, note="同意。")
    # Filed before the screening knew this data: the periodic review screens it again.
    Record.objects.filter(pk=record.pk).update(body=f"会议议定：申请人张小明，身份证号码 {ID_A}。")
    with capture(execute=True):
        actions.open_due_reviews(date(2025, 3, 1))
    client = login(reviewer_a)
    assert listed(client, record) == (True, True)
    with time_machine.travel("2025-03-05 10:00:00+08:00", tick=False):
        actions.decide_periodic_review(
            PeriodicReview.objects.get(), by=reviewer_a, outcome="keep", reason="项目仍在论证，继续不予公开"
        )
    assert listed(client, record) == (False, False)
