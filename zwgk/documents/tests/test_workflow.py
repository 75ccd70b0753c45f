"""The publication workflow: every move checks the role, writes an audit event, and refuses illegal moves."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import IllegalTransition, Refused
from zwgk.documents import actions
from zwgk.documents.models import Record, ReviewSignoff, Status
from zwgk.documents.tests.helpers import draft, publish, record_data, to_signoff

pytestmark = pytest.mark.django_db

NOW = "2025-03-10 10:00:00+08:00"


@time_machine.travel(NOW, tick=False)
def test_full_path_publishes_with_index_number_and_audit_trail(agency_a, drafter_a, reviewer_a, signer_a):
    record = draft(agency_a, drafter_a)
    assert record.status == Status.DRAFT and record.index_no is None
    publish(record, drafter_a, reviewer_a, signer_a)
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    assert record.index_no == f"{agency_a.code}/2025-00001"
    assert record.is_public and Record.objects.public().filter(pk=record.pk).exists()
    actions_logged = list(
        AuditEvent.objects.for_object(record).order_by("id").values_list("action", flat=True)
    )
    assert actions_logged == [
        "documents.record_created",
        "documents.submitted",
        "documents.review_approved",
        "documents.published",
    ]
    stages = list(ReviewSignoff.objects.filter(record=record).values_list("stage", "decision"))
    assert stages == [("secrecy", "approved"), ("signoff", "approved")]


@time_machine.travel(NOW, tick=False)
def test_each_move_needs_its_role(agency_a, drafter_a, reviewer_a, signer_a, staff_b, gkb):
    record = draft(agency_a, drafter_a)
    for outsider in (staff_b, reviewer_a, signer_a):
        with pytest.raises(PermissionDenied):
            actions.submit(record, by=outsider)
    actions.submit(record, by=drafter_a)
    for outsider in (drafter_a, signer_a, staff_b, gkb):
        with pytest.raises(PermissionDenied):
            actions.approve_review(record, by=outsider, note="看过了")
    actions.approve_review(record, by=reviewer_a, note="已审查")
    for outsider in (drafter_a, reviewer_a, staff_b, gkb):
        with pytest.raises(PermissionDenied):
            actions.sign(record, by=outsider, note="同意")
    actions.sign(record, by=signer_a, note="同意")
    with pytest.raises(PermissionDenied):
        actions.withdraw(record, by=drafter_a, reason="错误")
    actions.withdraw(record, by=gkb, reason="内容有误，撤回更正")
    record.refresh_from_db()
    assert record.status == Status.WITHDRAWN and not Record.objects.public().filter(pk=record.pk).exists()


@time_machine.travel(NOW, tick=False)
def test_illegal_moves_are_refused_by_the_table(agency_a, drafter_a, reviewer_a, signer_a):
    record = draft(agency_a, drafter_a)
    with pytest.raises(IllegalTransition):
        actions.sign(record, by=signer_a, note="同意")
    with pytest.raises(IllegalTransition):
        actions.approve_review(record, by=reviewer_a, note="x")
    with pytest.raises(IllegalTransition):
        actions.withdraw(record, by=signer_a, reason="x")
    assert Record.FLOW.permission_for("draft", "in_review") == "documents.draft"
    with pytest.raises(IllegalTransition) as excinfo:
        Record.FLOW.permission_for("published", "draft")
    assert "已发布" in excinfo.value.message


@time_machine.travel(NOW, tick=False)
def test_review_needs_a_note_and_a_second_person(agency_a, drafter_a, reviewer_a):
    record = draft(agency_a, drafter_a)
    actions.submit(record, by=drafter_a)
    with pytest.raises(Refused, match="审查意见"):
        actions.approve_review(record, by=reviewer_a, note="  ")
    both = type(drafter_a).objects.create(username="both")
    from zwgk.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=both, agency=agency_a, role="drafter")
    RoleAssignment.objects.create(user=both, agency=agency_a, role="secrecy_reviewer")
    own = draft(agency_a, both, title="自己起草的文件")
    actions.submit(own, by=both)
    with pytest.raises(Refused, match="提交人以外"):
        actions.approve_review(own, by=both, note="自审")


@time_machine.travel(NOW, tick=False)
def test_return_sends_back_to_draft_with_the_reason(agency_a, drafter_a, reviewer_a, signer_a):
    record = draft(agency_a, drafter_a)
    actions.submit(record, by=drafter_a)
    actions.return_to_draft(record, by=reviewer_a, note="附件二含个人手机号，请删除")
    record.refresh_from_db()
    assert record.status == Status.DRAFT
    assert record.signoffs.get().note == "附件二含个人手机号，请删除"
    to_signoff(record, drafter_a, reviewer_a)
    actions.return_to_draft(record, by=signer_a, note="文号有误")
    record.refresh_from_db()
    assert record.status == Status.DRAFT


@time_machine.travel(NOW, tick=False)
def test_incomplete_record_cannot_be_submitted(agency_a, drafter_a):
    record = actions.create_record(agency_a, record_data(summary="", statutory_category=""), by=drafter_a)
    with pytest.raises(Refused) as excinfo:
        actions.submit(record, by=drafter_a)
    assert any("内容概述" in p for p in excinfo.value.problems)
    assert any("法定主动公开内容类别" in p for p in excinfo.value.problems)


@time_machine.travel(NOW, tick=False)
def test_nonpublic_record_needs_a_legal_ground_from_art_14_15_16(agency_a, drafter_a, reviewer_a, signer_a):
    with pytest.raises(Refused):
        draft(agency_a, drafter_a, openness="withheld", legal_ground="", openness_reason="")
    with pytest.raises(Refused, match="十四、十五、十六"):
        draft(
            agency_a,
            drafter_a,
            openness="withheld",
            legal_ground="outside_proactive_scope",
            openness_reason="x",
        )
    record = draft(
        agency_a,
        drafter_a,
        openness="withheld",
        legal_ground="process_info",
        openness_reason="会议讨论记录，属过程性信息",
        statutory_category="",
    )
    publish(record, drafter_a, reviewer_a, signer_a)
    record.refresh_from_db()
    assert record.status == Status.FILED
    assert record.index_no and not record.is_public
    assert record.next_review_on == date(2026, 3, 10)
    assert "第十六条第二款" in record.legal_ground_label


@time_machine.travel(NOW, tick=False)
def test_database_refuses_a_withheld_record_without_ground(agency_a):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Record.objects.create(
            agency=agency_a, title="x", written_on=date(2025, 1, 1), openness="withheld", legal_ground=""
        )


@time_machine.travel(NOW, tick=False)
def test_scheduled_publication_goes_live_at_its_time(
    agency_a, drafter_a, reviewer_a, signer_a, django_capture_on_commit_callbacks
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from zwgk.core.signals import public_content_changed

    record = draft(agency_a, drafter_a)
    later = datetime(2025, 3, 12, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    publish(record, drafter_a, reviewer_a, signer_a, publish_at=later)
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED and record.is_scheduled
    assert not Record.objects.public().filter(pk=record.pk).exists()
    heard = []
    public_content_changed.connect(
        lambda sender, **kw: heard.append(kw["instance_id"]), weak=False, dispatch_uid="t1"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert actions.go_live_due() == 0
            with time_machine.travel("2025-03-12 09:00:01+08:00", tick=False):
                assert Record.objects.public().filter(pk=record.pk).exists()
                assert actions.go_live_due() == 1
                assert actions.go_live_due() == 0  # idempotent
    finally:
        public_content_changed.disconnect(dispatch_uid="t1")
    assert heard == [record.pk]
    assert AuditEvent.objects.filter(action="documents.went_live", object_id=str(record.pk)).count() == 1


@time_machine.travel(NOW, tick=False)
def test_withdrawn_record_can_be_reopened_and_keeps_its_index_number(
    agency_a, drafter_a, reviewer_a, signer_a
):
    record = draft(agency_a, drafter_a)
    publish(record, drafter_a, reviewer_a, signer_a)
    record.refresh_from_db()
    number = record.index_no
    with pytest.raises(Refused):
        actions.withdraw(record, by=signer_a, reason="")
    actions.withdraw(record, by=signer_a, reason="附件版本错误")
    actions.reopen(record, by=drafter_a)
    publish(record, drafter_a, reviewer_a, signer_a)
    record.refresh_from_db()
    assert record.index_no == number and record.status == Status.PUBLISHED


@time_machine.travel(NOW, tick=False)
def test_announces_after_commit_for_every_public_change(
    agency_a, drafter_a, reviewer_a, signer_a, gkb, django_capture_on_commit_callbacks
):
    from zwgk.core.signals import public_content_changed

    heard = []
    public_content_changed.connect(
        lambda sender, **kw: heard.append((sender.__name__, kw["kind"])), weak=False, dispatch_uid="t2"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            record = draft(agency_a, drafter_a)
            to_signoff(record, drafter_a, reviewer_a)
        assert heard == []
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            actions.sign(record, by=signer_a, note="同意")
            assert heard == []  # not before commit
        assert heard == [("Record", "record")] and callbacks
        with django_capture_on_commit_callbacks(execute=True):
            actions.correct_metadata(record, {"title": "更正后的标题"}, by=gkb, reason="标题错字")
            actions.change_validity(
                record, by=signer_a, validity="repealed", changed_on=date(2025, 3, 10), note=""
            )
            actions.withdraw(record, by=signer_a, reason="撤回")
        assert heard == [("Record", "record")] * 4
    finally:
        public_content_changed.disconnect(dispatch_uid="t2")
