"""The review workflow shared by records and interpretations: submit, approve, sign, return, reopen,
withdraw; validity changes and metadata corrections of published records."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.audit.log import record as audit
from zwgk.core.errors import IllegalTransition, Refused
from zwgk.documents import publicity
from zwgk.documents.models import (
    Interpretation,
    Openness,
    Record,
    ReviewDecision,
    Reviewed,
    ReviewStage,
    Status,
    Validity,
    ValidityChange,
)
from zwgk.documents.pubdates import publication_date_problem
from zwgk.secrecy import service as secrecy

from .common import (
    CORRECTABLE_FIELDS,
    R,
    _announce,
    _announce_record,
    _audit_step,
    _changed,
    _check_signer,
    _lock,
    _move,
    _signoff,
    _snapshot,
    _validate_fields,
    _words,
    allocate_index_no,
    next_review_date,
    normalise_doc_number,
    record_problems,
)
from .interpretations import interpretation_problems
from .periodic import _complete_conversion, pending_conversion

# --- records: the workflow ------------------------------------------------------------------------------


def problems_of(obj: Reviewed) -> list[str]:
    """What a draft lacks before it can go to review (shown as a list to the drafter)."""
    return record_problems(obj) if isinstance(obj, Record) else interpretation_problems(obj)  # type: ignore[arg-type]


@transaction.atomic
def submit(obj: R, *, by: Any) -> R:
    """草稿 → 待保密审查: the draft must be complete; its text and attachments are screened at once (Art 17)."""
    obj = _lock(obj)
    _move(obj, Status.IN_REVIEW, by)
    problems = problems_of(obj)
    if problems:
        raise Refused(_words(obj).incomplete, problems)
    obj.status = Status.IN_REVIEW
    obj.submitted_by = by
    obj.save(update_fields=["status", "submitted_by", "updated_at"])
    _audit_step(obj, "submitted", by)
    secrecy.request_screening(obj)  # type: ignore[arg-type]
    return obj


def _check_secrecy_approval(obj: Reviewed, *, by: Any, note: str) -> None:
    """What every 保密审查 approval needs (Art 17), for records and interpretations alike: a written opinion, a
    reviewer other than the submitter, and no screening blocker left."""
    if not note or not note.strip():
        raise Refused("请填写保密审查意见（审查了哪些内容、结论是什么）。")
    if obj.submitted_by_id and obj.submitted_by_id == getattr(by, "pk", None):
        raise Refused("保密审查须由提交人以外的保密审查员进行。")
    blockers = secrecy.approval_blockers(obj)  # type: ignore[arg-type]
    if blockers:
        raise Refused("保密审查尚有未解决的问题，不能通过：", blockers)


@transaction.atomic
def approve_review(obj: R, *, by: Any, note: str) -> R:
    """The 保密审查 sign-off (Art 17): a note is required; refused while a screening blocker gives reasons."""
    obj = _lock(obj)
    _move(obj, Status.AWAITING_SIGNOFF, by)
    _check_secrecy_approval(obj, by=by, note=note)
    _signoff(obj, ReviewStage.SECRECY, ReviewDecision.APPROVED, note, by)
    obj.status = Status.AWAITING_SIGNOFF
    obj.save(update_fields=["status", "updated_at"])
    _audit_step(obj, "review_approved", by, after={"note": note.strip()})
    return obj


@transaction.atomic
def return_to_draft(obj: R, *, by: Any, note: str) -> R:
    """待保密审查 or 待审签 → 草稿, with the changes needed (a reviewer's or signer's decision); a returned
    定期审查 conversion goes back to 已定稿（不公开）instead."""
    obj = _lock(obj)
    stage = ReviewStage.SECRECY if obj.status == Status.IN_REVIEW else ReviewStage.SIGNOFF
    if obj.status == Status.WITHDRAWN:  # withdrawn → draft is `reopen`, not a return
        raise IllegalTransition(obj.status, Status.DRAFT, labels=type(obj).FLOW.labels)
    # A returned 定期审查 conversion is not a draft: the record stays non-public and is filed again.
    conversion = pending_conversion(obj) if isinstance(obj, Record) else None
    target = Status.FILED if conversion else Status.DRAFT
    _move(obj, target, by)
    if not note or not note.strip():
        raise Refused("退回时请写明需要修改的内容。")
    _signoff(obj, stage, ReviewDecision.RETURNED, note, by)
    obj.status = target
    fields = ["status", "updated_at"]
    if isinstance(obj, Record) and conversion is not None:
        obj.next_review_on = timezone.localdate()  # the sweeper reopens the review for a new decision
        fields.append("next_review_on")
    obj.save(update_fields=fields)
    _audit_step(obj, "returned", by, stage=ReviewStage(stage).label, after={"note": note.strip()})
    return obj


@transaction.atomic
def withdraw(obj: R, *, by: Any, reason: str) -> R:
    """已发布 → 已撤回: the public site no longer shows it."""
    obj = _lock(obj)
    _move(obj, Status.WITHDRAWN, by)
    if not reason or not reason.strip():
        raise Refused("撤回须写明理由。")
    obj.status = Status.WITHDRAWN
    obj.withdrawn_at = timezone.now()
    obj.withdrawn_reason = reason.strip()
    obj.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "updated_at"])
    _audit_step(obj, "withdrawn", by, after={"reason": reason.strip()})
    _announce(obj)
    return obj


@transaction.atomic
def reopen(obj: R, *, by: Any) -> R:
    """A withdrawn record or interpretation becomes a draft again (to be corrected and reviewed once more)."""
    obj = _lock(obj)
    if obj.status != Status.WITHDRAWN:
        raise IllegalTransition(obj.status, Status.DRAFT, labels=type(obj).FLOW.labels)
    _move(obj, Status.DRAFT, by)
    obj.status = Status.DRAFT
    obj.published_at = None
    fields = ["status", "published_at", "updated_at"]
    if isinstance(obj, Record):
        obj.went_live_at = None
        fields.append("went_live_at")
    obj.save(update_fields=fields)
    _audit_step(obj, "reopened", by)
    return obj


@transaction.atomic
def sign(record: Record, *, by: Any, note: str, publish_at: datetime | None = None) -> Record:
    """审签 of a record: publishes a 主动公开 record (now or at `publish_at`), files a non-public one.

    A 需解读 policy is published only together with its signed-off interpretations, in this transaction
    (同步发布, work plan item 十). Interpretations are signed by `sign_interpretation`.
    """
    record = _lock(record)
    conversion = pending_conversion(record)
    target = Status.PUBLISHED if record.openness == Openness.PROACTIVE or conversion else Status.FILED
    _move(record, target, by)
    _check_signer(record, by=by, note=note)
    if conversion is not None and conversion.decided_by_id == getattr(by, "pk", None):
        raise Refused("提议转为主动公开的人不能审签该转换，须由其他审签人审签。")
    now = timezone.now()
    if publish_at is not None and target == Status.FILED:
        raise Refused("不公开的信息不设发布时间。")
    if publish_at is not None and publish_at < now - timedelta(minutes=1):
        raise Refused("定时发布的时间不能早于现在。")
    when = max(publish_at or now, now)
    ready = list(Interpretation.objects.select_for_update().filter(policy=record, status=Status.APPROVED))
    if target == Status.PUBLISHED and record.needs_interpretation and not ready:
        raise Refused(
            "该政策文件标注为“需解读”，须与经审签的政策解读同步发布。请先完成解读的保密审查和审签。"
        )
    if target == Status.PUBLISHED:
        # 伪造发稿日期 (CHK2019 single veto): the 发布日期 is never earlier than the record's creation or 成文日期.
        owners: list[Record | Interpretation] = [record, *ready]
        for owner in owners:
            problem = publication_date_problem(owner, when)
            if problem:
                raise Refused(problem)
    _signoff(record, ReviewStage.SIGNOFF, ReviewDecision.APPROVED, note, by)
    allocate_index_no(record, when)
    if conversion is not None:
        _complete_conversion(record, conversion, by=by, now=now)
    record.status = target
    if target == Status.PUBLISHED:
        record.published_at = when
        publicity.fix_period(record, when)  # a 公示 starts on the day it goes live
        record.went_live_at = now if when <= now else None
        due = record.publish_due
        record.published_late = bool(due and timezone.localtime(when).date() > due)
    else:
        record.filed_at = now
        record.next_review_on = next_review_date(timezone.localdate())
    record.save()
    for item in ready:
        item.status = Status.PUBLISHED
        item.published_at = when
        item.save(update_fields=["status", "published_at", "updated_at"])
        audit(
            "documents.interpretation_published",
            obj=item,
            actor=by,
            summary=f"与政策文件同步发布解读：{item.title}",
            after={"published_at": when.isoformat(), "policy": record.pk},
        )
    if target == Status.PUBLISHED:
        action = "documents.published" if when <= now else "documents.scheduled"
        summary = (
            "审签发布" if when <= now else f"审签，定时于 {timezone.localtime(when):%Y-%m-%d %H:%M} 发布"
        )
    else:
        action, summary = "documents.filed", f"审签定稿（{record.get_openness_display()}，不公开）"
    audit(
        action,
        obj=record,
        actor=by,
        summary=f"{summary}：{record.title}",
        after={
            "index_no": record.index_no,
            "published_at": record.published_at.isoformat() if record.published_at else None,
            "published_late": record.published_late,
            "note": note.strip(),
            "interpretations": [i.pk for i in ready],
        },
    )
    if target == Status.PUBLISHED:
        _announce_record(record)
    return record


ALLOWED_VALIDITY_MOVES = {
    Validity.CURRENT: {Validity.AMENDED, Validity.REPEALED, Validity.EXPIRED},
    Validity.AMENDED: {Validity.AMENDED, Validity.REPEALED, Validity.EXPIRED},
}


@transaction.atomic
def change_validity(
    record: Record,
    *,
    by: Any,
    validity: str,
    changed_on: date,
    related: Record | None = None,
    note: str = "",
    system: bool = False,
) -> Record:
    """已发布 → 已修改 / 已废止 / 已失效, with the replacing or amending document and the date."""
    record = _lock(record)
    if not system:
        require(by, "documents.change_validity", record)
    if record.status not in (Status.PUBLISHED, Status.FILED):
        raise Refused("只有已发布或已定稿的文件可以变更有效性。")
    allowed = ALLOWED_VALIDITY_MOVES.get(Validity(record.validity), set())
    if validity not in allowed:
        raise Refused(f"有效性不能从“{record.get_validity_display()}”改为“{Validity(validity).label}”。")
    if related is not None and related.pk == record.pk:
        raise Refused("文件不能被自身替代或修改。")
    if validity == Validity.AMENDED and related is None:
        raise Refused("标注“已修改”时请选择修改它的文件。")
    if changed_on < record.written_on:
        raise Refused("变更日期不能早于成文日期。")
    before = {"validity": record.validity, "changed_on": str(record.validity_changed_on or "")}
    ValidityChange.objects.create(
        record=record,
        changed_on=changed_on,
        from_validity=record.validity,
        to_validity=validity,
        related=related,
        note=note.strip(),
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    record.validity = validity
    record.validity_changed_on = changed_on
    record.validity_note = note.strip()[:300]
    if validity == Validity.AMENDED:
        record.amended_by = related
        record.amended_on = changed_on
    else:
        record.replaced_by = related
        record.repealed_on = changed_on
    record.save()
    audit(
        "documents.validity_changed",
        obj=record,
        actor=by,
        summary=f"有效性改为{Validity(validity).label}：{record.title}",
        before=before,
        after={
            "validity": validity,
            "changed_on": changed_on.isoformat(),
            "related": related.pk if related else None,
        },
    )
    _announce_record(record)
    return record


@transaction.atomic
def correct_metadata(record: Record, data: dict[str, Any], *, by: Any, reason: str) -> Record:
    """Correct the metadata of a published or filed record (never its body or openness), with a reason."""
    record = _lock(record)
    require(by, "documents.correct", record)
    if record.status not in (Status.PUBLISHED, Status.FILED):
        raise Refused("草稿和审查中的文件请直接修改草稿。")
    if not reason.strip():
        raise Refused("请写明更正理由。")
    before = _snapshot(record, CORRECTABLE_FIELDS)
    for name in CORRECTABLE_FIELDS:
        if name in data:
            setattr(record, name, data[name])
    record.doc_number = normalise_doc_number(record.doc_number)
    if (
        record.published_at
        and record.written_on
        and timezone.localtime(record.published_at).date() < record.written_on
    ):
        raise Refused("成文日期不能晚于发布日期（倒填日期属于“伪造发稿日期”）。")
    _validate_fields(record, clear_grounds=False)
    record.save()
    old, new = _changed(before, _snapshot(record, CORRECTABLE_FIELDS))
    audit(
        "documents.metadata_corrected",
        obj=record,
        actor=by,
        summary=f"更正元数据（{reason.strip()[:100]}）：{record.title}",
        before=old,
        after=new,
    )
    if record.status == Status.PUBLISHED:
        _announce_record(record)
    return record
