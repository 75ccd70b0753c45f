"""Every state change of the catalogue: permission check, change, audit event, follow-up after commit.

Views, commands, periodic tasks and other apps (screening) call these functions; nothing else mutates
Record, Interpretation, Attachment, PeriodicReview or GuideRevision rows.
"""

from __future__ import annotations

import calendar as _calendar
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from zwgk.accounts.permissions import has_role, require
from zwgk.accounts.roles import Role
from zwgk.audit.log import record as audit
from zwgk.calendar import ScheduleMissing
from zwgk.core.errors import IllegalTransition, Refused
from zwgk.core.signals import announce_public_change
from zwgk.documents import docnumber, indexno, validators
from zwgk.documents.caching import bump
from zwgk.documents.files import FileJournal, PreparedFile, delete_files, prepare
from zwgk.documents.grounds import WITHHOLD_CODES
from zwgk.documents.models import (
    Attachment,
    GuideRevision,
    IndexCounter,
    Interpretation,
    InterpretationForm,
    Openness,
    OpennessChange,
    PeriodicReview,
    Record,
    ReviewDecision,
    Reviewed,
    ReviewOutcome,
    ReviewSignoff,
    ReviewStage,
    Status,
    Theme,
    Validity,
    ValidityChange,
)
from zwgk.secrecy import service as secrecy
from zwgk.workdays.service import get_calendar

# Art 26: publish within 20 working days of the information being formed or changed.
PUBLISH_WORKING_DAYS = 20

R = TypeVar("R", bound=Reviewed)


# Fields a drafter edits; the same list is written to the audit log on each change.
RECORD_FIELDS = [
    "title",
    "doc_number",
    "written_on",
    "formed_on",
    "theme",
    "genre",
    "kind",
    "summary",
    "body",
    "openness",
    "legal_ground",
    "openness_reason",
    "statutory_category",
    "needs_interpretation",
    "normative_kind",
    "normative_reg_no",
    "effective_on",
    "expires_on",
]
# Metadata an agency administrator may correct on a published record (never the body or openness).
CORRECTABLE_FIELDS = ["title", "doc_number", "written_on", "theme", "genre", "summary", "statutory_category"]
INTERPRETATION_FIELDS = ["title", "form", "body", "video_url", "qa"]


def _snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, getattr(field, "attname", name))
        if name in ("body", "qa") and value:
            # The body (an interpretation's 问答 too) may contain personal data that the review is about to
            # remove: the append-only audit log keeps its fingerprint, not the text.
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
            value = f"sha256:{hashlib.sha256(text.encode()).hexdigest()[:16]} ({len(text)} 字)"
        data[name] = value.isoformat() if isinstance(value, date | datetime) else value
    return data


def _changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _move(obj: Reviewed, target: str, by: Any) -> None:
    """The move must be in the object's transition table (`FLOW`) and permitted to `by`."""
    type(obj).FLOW.check(obj, target, by)


def _announce_record(record: Record) -> None:
    announce_public_change(Record, record.pk, "record")
    # An interpretation is public only while its policy is: its visibility changes with the policy's.
    for pk in record.interpretations.filter(status=Status.PUBLISHED).values_list("pk", flat=True):
        announce_public_change(Interpretation, pk, "interpretation")


def _lock(obj: R) -> R:
    """Re-read the record or interpretation under a row lock so that concurrent moves serialise."""
    return type(obj).objects.select_for_update().get(pk=obj.pk)  # type: ignore[attr-defined]


def _announce(obj: Reviewed) -> None:
    if isinstance(obj, Record):
        _announce_record(obj)
    else:
        announce_public_change(Interpretation, obj.pk, "interpretation")


@dataclass(frozen=True)
class _Words:
    """How one reviewed type names its steps: audit events and the summaries users read in the history."""

    events: Mapping[str, str]
    summaries: Mapping[str, str]
    not_draft: str
    incomplete: str


_RECORD_WORDS = _Words(
    events={
        "edited": "documents.record_edited",
        "submitted": "documents.submitted",
        "review_approved": "documents.review_approved",
        "returned": "documents.returned",
        "withdrawn": "documents.withdrawn",
        "reopened": "documents.reopened",
    },
    summaries={
        "edited": "修改草稿：",
        "submitted": "提交保密审查：",
        "review_approved": "保密审查通过：",
        "returned": "{stage}退回：",
        "withdrawn": "撤回：",
        "reopened": "撤回后重新编辑：",
    },
    not_draft="只有草稿可以修改；已提交的文件请先由审查人退回。",
    incomplete="还有内容需要补充，暂不能提交保密审查。",
)
_INTERPRETATION_WORDS = _Words(
    events={step: f"documents.interpretation_{step}" for step in _RECORD_WORDS.events},
    summaries={
        "edited": "修改解读：",
        "submitted": "解读提交保密审查：",
        "review_approved": "解读保密审查通过：",
        "returned": "解读{stage}退回：",
        "withdrawn": "撤回解读：",
        "reopened": "解读重新编辑：",
    },
    not_draft="只有草稿状态的解读可以修改。",
    incomplete="解读内容还需补充，暂不能提交保密审查。",
)


def _words(obj: Reviewed) -> _Words:
    return _RECORD_WORDS if isinstance(obj, Record) else _INTERPRETATION_WORDS


def _audit_step(obj: Reviewed, step: str, by: Any, *, stage: str = "", **details: Any) -> None:
    words = _words(obj)
    summary = words.summaries[step].format(stage=stage) + obj.title  # type: ignore[attr-defined]
    audit(words.events[step], obj=obj, actor=by, summary=summary, **details)


# --- derived values -------------------------------------------------------------------------------------


def normalise_doc_number(text: str) -> str:
    """'' for no number; the standard form otherwise (raises docnumber.DocNumberError)."""
    return docnumber.normalise(text) if text and text.strip() else ""


def compute_publish_due(record: Record) -> None:
    """Art 26 time limit of a 主动公开 record; a clear note instead of a date when the calendar lacks a year."""

    base = record.formed_on or record.written_on
    if record.openness != Openness.PROACTIVE or base is None:
        record.publish_due = None
        record.publish_due_note = ""
        return
    try:
        due, _ = get_calendar().add_working_days(base, PUBLISH_WORKING_DAYS)
    except ScheduleMissing as exc:
        record.publish_due = None
        record.publish_due_note = (
            f"{exc.year} 年节假日安排尚未录入，无法计算公开时限（第二十六条：20 个工作日）。"
            "请公开办管理员在“节假日安排”中录入后自动补算。"
        )
    else:
        record.publish_due = due
        record.publish_due_note = ""


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def next_review_date(from_day: date) -> date:
    return add_months(from_day, settings.DOCUMENTS_REVIEW_INTERVAL_MONTHS)


def allocate_index_no(record: Record, when: datetime | date) -> None:
    """Give `record` the next 索引号 of its agency and year: gap-free because the counter row is locked and
    updated in the caller's transaction (a rollback gives the number back)."""
    if record.index_no:
        return
    day = timezone.localtime(when).date() if isinstance(when, datetime) else when
    agency = record.agency
    IndexCounter.objects.bulk_create(
        [IndexCounter(agency=agency, year=day.year, last=0)], ignore_conflicts=True
    )
    counter = IndexCounter.objects.select_for_update().get(agency=agency, year=day.year)
    counter.last += 1
    counter.save(update_fields=["last"])
    record.index_year = day.year
    record.index_serial = counter.last
    record.index_no = indexno.render(
        settings.DOCUMENTS_INDEX_NO_PATTERN,
        unit_code=agency.code,
        year=day.year,
        month=day.month,
        serial=counter.last,
    )


def register_index_no(record: Record, index_no: str, year: int) -> None:
    """Keep a legacy 索引号 (import) and move the counter past it so that new numbers continue after it."""
    serial = indexno.serial_of(
        settings.DOCUMENTS_INDEX_NO_PATTERN, index_no, unit_code=record.agency.code, year=year
    )
    record.index_no = index_no
    record.index_year = year if serial is not None else None
    record.index_serial = serial
    if serial is not None:
        IndexCounter.objects.bulk_create(
            [IndexCounter(agency=record.agency, year=year, last=0)], ignore_conflicts=True
        )
        IndexCounter.objects.filter(agency=record.agency, year=year, last__lt=serial).update(last=serial)


def record_problems(record: Record) -> list[str]:
    """What a record lacks before it can go to review (shown as a list to the drafter)."""
    problems: list[str] = []
    if not record.title.strip():
        problems.append("请填写标题。")
    if record.written_on is None:
        problems.append("请填写成文日期。")
    if record.theme_id is None:
        problems.append("请选择主题分类。")
    if not record.summary.strip():
        problems.append("请填写内容概述（《条例》第十二条：公开目录应包括内容概述）。")
    if not record.body.strip() and not record.attachments.exists():
        problems.append("请填写正文或上传附件。")
    if record.openness == Openness.PROACTIVE and not record.statutory_category:
        problems.append("主动公开的信息须选择所属的法定主动公开内容类别（第二十条、第二十一条）。")
    if record.openness != Openness.PROACTIVE:
        if not record.legal_ground:
            problems.append("依申请公开或不予公开的信息须选择《条例》第十四、十五、十六条中的法定依据。")
        elif record.openness == Openness.WITHHELD and record.legal_ground not in WITHHOLD_CODES:
            problems.append("不予公开只能依据《条例》第十四、十五、十六条。")
        if not record.openness_reason.strip():
            problems.append("请说明不公开的理由。")
        if record.needs_interpretation:
            problems.append("不公开的信息不需要政策解读，请取消“需解读”。")
    if record.normative_kind and record.openness != Openness.PROACTIVE:
        problems.append("规章和行政规范性文件应当主动公开。")
    if record.doc_number:
        try:
            docnumber.parse(record.doc_number)
        except docnumber.DocNumberError as exc:
            problems.append(exc.message)
    return problems


# Fields whose values come from a closed list or must parse: checked like the form checks them (item 8).
CHECKED_FIELDS = [
    "openness",
    "legal_ground",
    "statutory_category",
    "kind",
    "genre",
    "normative_kind",
    "written_on",
    "formed_on",
    "effective_on",
    "expires_on",
]


def _check_values(record: Record) -> None:
    """Refuse unknown codes, bad enums and unparsable dates before anything is saved (never a 500 later)."""
    from django.core.exceptions import ValidationError

    # The form's own checks first (their messages name the rule), then each field's parse/choice check.
    values = {name: getattr(record, name) for name in [*CHECKED_FIELDS, "openness_reason"]}
    problems = validators.record_problems(values, today=timezone.localdate())
    reported = {name for name, _ in problems}
    for name in CHECKED_FIELDS:
        field = cast("models.Field[Any, Any]", record._meta.get_field(name))
        raw = getattr(record, name)
        if name in reported or (raw in (None, "") and (field.blank or name == "written_on")):
            continue  # completeness is record_problems' concern (shown before submission)
        try:
            setattr(record, name, field.clean(raw, record))
        except ValidationError:
            problems.append((name, f"“{field.verbose_name}”的取值“{raw}”无效。"))
    if not problems:  # dates typed as text are parsed now: check their order once more
        values = {name: getattr(record, name) for name in [*CHECKED_FIELDS, "openness_reason"]}
        problems = validators.record_problems(values, today=timezone.localdate())
    validators.refuse_problems(problems)


def _validate_fields(record: Record, *, clear_grounds: bool = True) -> None:
    _check_values(record)
    if record.openness == Openness.PROACTIVE and clear_grounds:
        record.legal_ground = ""
        record.openness_reason = ""
    if record.theme_id:
        theme = Theme.objects.filter(pk=record.theme_id).first()
        if theme is None or not theme.is_active:
            raise Refused("所选主题分类已停用，请重新选择。")


# --- records: drafting ----------------------------------------------------------------------------------


@transaction.atomic
def create_record(
    agency: Any,
    data: dict[str, Any],
    *,
    by: Any,
    co_agencies: Iterable[Any] = (),
    source_key: str | None = None,
) -> Record:
    record = Record(agency=agency, created_by=by, status=Status.DRAFT, source_key=source_key)
    require(by, "documents.draft", record)
    for name in RECORD_FIELDS:
        if name in data:
            setattr(record, name, data[name])
    record.doc_number = normalise_doc_number(record.doc_number)
    _validate_fields(record)
    compute_publish_due(record)
    record.save()
    record.co_agencies.set([a for a in co_agencies if a.pk != agency.pk])
    audit(
        "documents.record_created",
        obj=record,
        actor=by,
        summary=f"起草：{record.title}",
        after=_snapshot(record, RECORD_FIELDS),
    )
    return record


def _apply_record_edit(record: Record, data: dict[str, Any], co_agencies: Iterable[Any] | None) -> None:
    record.doc_number = normalise_doc_number(record.doc_number)
    _validate_fields(record)
    compute_publish_due(record)
    record.save()
    if co_agencies is not None:
        record.co_agencies.set([a for a in co_agencies if a.pk != record.agency_id])


@transaction.atomic
def update_draft(obj: R, data: dict[str, Any], *, by: Any, co_agencies: Iterable[Any] | None = None) -> R:
    """Edit a draft record (RECORD_FIELDS, co-issuers) or interpretation (INTERPRETATION_FIELDS)."""
    obj = _lock(obj)
    require(by, "documents.draft", obj)
    if obj.status != Status.DRAFT:
        raise Refused(_words(obj).not_draft)
    fields = RECORD_FIELDS if isinstance(obj, Record) else INTERPRETATION_FIELDS
    before = _snapshot(obj, fields)
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    if isinstance(obj, Record):
        _apply_record_edit(obj, data, co_agencies)
    else:
        obj.save()
    old, new = _changed(before, _snapshot(obj, fields))
    _audit_step(obj, "edited", by, before=old, after=new)
    return obj


def add_attachment(
    owner: Record | Interpretation,
    data: bytes,
    filename: str,
    *,
    by: Any,
    title: str = "",
    prepared: PreparedFile | None = None,
) -> Attachment:
    """Attach a file to a draft record or interpretation (raises files.AttachmentRejected on a bad file).

    The slow part — extraction and metadata stripping — runs before the transaction (on SQLite every
    transaction holds the database's one write lock); the checks are made once before it, cheaply, and again
    under the row lock in the short transaction that records the file.
    """
    _check_attachable(owner, by=by)
    prepared = prepared or prepare(data, filename)
    return _record_attachment(owner, prepared, by=by, title=title)


def _check_attachable(owner: Record | Interpretation, *, by: Any) -> None:
    require(by, "documents.draft", owner)
    if owner.status != Status.DRAFT:
        raise Refused("只能在草稿状态下添加附件。")


@transaction.atomic
def _record_attachment(
    owner: Record | Interpretation, prepared: PreparedFile, *, by: Any, title: str
) -> Attachment:
    owner = _lock(owner)
    _check_attachable(owner, by=by)
    return _store_attachment(owner, prepared, by=by, title=title)


def _store_attachment(
    owner: Record | Interpretation, prepared: PreparedFile, *, by: Any, title: str = ""
) -> Attachment:
    with FileJournal() as journal:
        attachment = Attachment(
            record=owner if isinstance(owner, Record) else None,
            interpretation=owner if isinstance(owner, Interpretation) else None,
            title=(title or prepared.filename.rsplit(".", 1)[0])[:200],
            original_name=prepared.filename,
            kind=prepared.kind,
            size=len(prepared.data),
            sha256=prepared.sha256,
            public_sha256=prepared.public_sha256,
            extracted_text=prepared.text,
            pages=prepared.pages,
            warnings=prepared.warnings,
            uploaded_by=by if getattr(by, "is_authenticated", False) else None,
            sort_order=owner.attachments.count(),
        )
        attachment.file.name = journal.save(prepared.filename, prepared.data)
        attachment.public_file.name = journal.save(prepared.filename, prepared.public_data)
        attachment.save()
        audit(
            "documents.attachment_added",
            obj=attachment,
            agency=owner.agency_id,
            actor=by,
            summary=f"上传附件：{prepared.filename}（{len(prepared.data)} 字节）",
            after={"sha256": prepared.sha256, "public_sha256": prepared.public_sha256, "kind": prepared.kind},
        )
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by: Any) -> None:
    owner = _lock(attachment.owner)  # its status now, not as it was when the attachment was read
    require(by, "documents.draft", owner)
    if owner.status != Status.DRAFT:
        raise Refused("只能在草稿状态下删除附件。")
    names = (attachment.file.name, attachment.public_file.name)
    audit(
        "documents.attachment_removed",
        obj=attachment,
        agency=owner.agency_id,
        actor=by,
        summary=f"删除附件：{attachment.original_name}",
        before={"sha256": attachment.sha256},
    )
    attachment.delete()
    transaction.on_commit(lambda: delete_files(*names))


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


def _signoff(obj: Reviewed, stage: str, decision: str, note: str, by: Any) -> ReviewSignoff:
    owner = {"record": obj} if isinstance(obj, Record) else {"interpretation": obj}
    return ReviewSignoff.objects.create(**owner, stage=stage, decision=decision, note=note.strip(), by=by)


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
    _signoff(record, ReviewStage.SIGNOFF, ReviewDecision.APPROVED, note, by)
    allocate_index_no(record, when)
    if conversion is not None:
        _complete_conversion(record, conversion, by=by, now=now)
    record.status = target
    if target == Status.PUBLISHED:
        record.published_at = when
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


def _check_signer(obj: Reviewed, *, by: Any, note: str) -> None:
    if not note or not note.strip():
        raise Refused("请填写审签意见。")
    if obj.secrecy_reviewer_id() == getattr(by, "pk", None):
        raise Refused("审签须由保密审查员以外的审签人进行。")


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


# --- redaction during the secrecy review (called by the screening app) ----------------------------------


def _check_redaction(owner: Record | Interpretation, *, by: Any, reason: str, what: str) -> None:
    """Redactions are the 保密审查员's, of the owner's agency, while the owner is in 待保密审查, with a reason."""
    require(by, "documents.review", owner)
    if owner.status != Status.IN_REVIEW:
        raise Refused(f"只能在保密审查环节{what}。")
    if not reason or not reason.strip():
        raise Refused("请写明处理理由。")


def _redact_text(
    owner: Record | Interpretation, values: dict[str, Any], *, by: Any, reason: str, action: str, what: str
) -> None:
    """Write the redacted text fields (the caller checked `_check_redaction`), audit them as fingerprints (never
    the text) and screen again on commit."""
    fields = list(values)
    before = _snapshot(owner, fields)
    for name, value in values.items():
        setattr(owner, name, value)
    owner.save(update_fields=[*fields, "updated_at"])
    audit(
        action,
        obj=owner,
        actor=by,
        summary=f"保密审查处理{what}（{reason.strip()[:200]}）：{owner.title}",
        before=before,
        after=_snapshot(owner, fields),
    )
    # After commit: the secrecy app marks the masked findings first, then the new text is screened.
    secrecy.screen_after_commit(owner)


@transaction.atomic
def replace_body(record: Record, new_body: str, *, by: Any, reason: str) -> Record:
    record = _lock(record)
    _check_redaction(record, by=by, reason=reason, what="处理正文")
    _redact_text(
        record, {"body": new_body}, by=by, reason=reason, action="documents.body_redacted", what="正文"
    )
    return record


@transaction.atomic
def replace_interpretation_text(
    item: Interpretation, new_text: str, *, by: Any, reason: str
) -> Interpretation:
    """Write back an interpretation's redacted `review_text` (解读内容 and 问答)."""
    item = _lock(item)
    _check_redaction(item, by=by, reason=reason, what="处理解读内容")
    parts = item.split_review_text(new_text)
    if parts is None:
        raise Refused("解读内容与筛查结果不一致，请重新筛查后再处理。")
    body, qa = parts
    _redact_text(
        item,
        {"body": body, "qa": qa},
        by=by,
        reason=reason,
        action="documents.interpretation_redacted",
        what="解读内容",
    )
    return item


def replace_attachment(
    attachment: Attachment,
    data: bytes,
    filename: str,
    *,
    by: Any,
    reason: str,
    prepared: PreparedFile | None = None,
) -> Attachment:
    """Replace an attachment by a redacted copy while its record or interpretation is in review; the text is
    extracted again — before the transaction, like add_attachment."""
    current = Attachment.objects.get(pk=attachment.pk)  # the caller's copy may predate the review
    _check_redaction(current.owner, by=by, reason=reason, what="替换附件")
    return _record_replacement(attachment, prepared or prepare(data, filename), by=by, reason=reason)


@transaction.atomic
def _record_replacement(
    attachment: Attachment, prepared: PreparedFile, *, by: Any, reason: str
) -> Attachment:
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    owner = attachment.owner
    _check_redaction(owner, by=by, reason=reason, what="替换附件")
    old_names = (attachment.file.name, attachment.public_file.name)
    before = {"sha256": attachment.sha256, "name": attachment.original_name}
    with FileJournal() as journal:
        attachment.file.name = journal.save(prepared.filename, prepared.data)
        attachment.public_file.name = journal.save(prepared.filename, prepared.public_data)
        attachment.original_name = prepared.filename
        attachment.kind = prepared.kind
        attachment.size = len(prepared.data)
        attachment.sha256 = prepared.sha256
        attachment.public_sha256 = prepared.public_sha256
        attachment.extracted_text = prepared.text
        attachment.pages = prepared.pages
        attachment.warnings = prepared.warnings
        attachment.save()
        audit(
            "documents.attachment_redacted",
            obj=attachment,
            agency=owner.agency_id,
            actor=by,
            summary=f"保密审查替换附件（{reason.strip()[:200]}）：{prepared.filename}",
            before=before,
            after={"sha256": prepared.sha256, "name": prepared.filename},
        )
    transaction.on_commit(lambda: delete_files(*old_names))
    # After commit: the secrecy app marks the masked findings first, then the new text is screened.
    secrecy.screen_after_commit(owner)
    return attachment


# --- interpretations ------------------------------------------------------------------------------------


def parse_qa(text: str) -> list[dict[str, str]]:
    """问答 typed as lines starting with 问：/答： into [{"q": ..., "a": ...}]."""
    items: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    key = ""
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line[:2] in ("问：", "问:") or (line[:1] == "问" and line[1:2] in ("：", ":")):
            current = {"q": line[2:].strip(), "a": ""}
            items.append(current)
            key = "q"
        elif line[:2] in ("答：", "答:"):
            if current is None:
                current = {"q": "", "a": ""}
                items.append(current)
            current["a"] = line[2:].strip()
            key = "a"
        elif current is not None and key:
            current[key] = (current[key] + "\n" + line).strip()
    return items


def interpretation_problems(item: Interpretation) -> list[str]:
    problems = []
    if not item.title.strip():
        problems.append("请填写解读标题。")
    if item.form == InterpretationForm.TEXT and not item.body.strip():
        problems.append("文字解读须填写解读内容。")
    if item.form == InterpretationForm.GRAPHIC and not item.attachments.filter(kind="image").exists():
        problems.append("图解须上传至少一张 .jpg 或 .png 图片。")
    if item.form == InterpretationForm.VIDEO and not item.video_url:
        problems.append("视频解读须填写视频地址。")
    if item.form == InterpretationForm.QA and not any(q.get("q") and q.get("a") for q in item.qa or []):
        problems.append("问答须至少包含一组“问：……/答：……”。")
    if item.policy.openness != Openness.PROACTIVE:
        problems.append("不公开的信息不发布政策解读。")
    return problems


@transaction.atomic
def create_interpretation(
    policy: Record, data: dict[str, Any], *, by: Any, agency: Any = None, source_key: str | None = None
) -> Interpretation:
    item = Interpretation(
        policy=policy,
        agency=agency or policy.agency,
        created_by=by,
        status=Status.DRAFT,
        source_key=source_key,
    )
    require(by, "documents.draft", item)
    if policy.status == Status.WITHDRAWN:
        raise Refused("已撤回的文件不能添加解读。")
    if policy.openness != Openness.PROACTIVE:
        raise Refused("不公开的信息不发布政策解读。")
    for name in INTERPRETATION_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    item.save()
    audit(
        "documents.interpretation_created",
        obj=item,
        actor=by,
        summary=f"起草解读：{item.title}（解读《{policy.title}》）",
        after=_snapshot(item, INTERPRETATION_FIELDS[:3]),
    )
    return item


@transaction.atomic
def sign_interpretation(item: Interpretation, *, by: Any, note: str) -> Interpretation:
    """Sign off an interpretation: published at once if its policy is public, otherwise it waits (已审定) and
    goes live with the policy's sign-off."""
    item = _lock(item)
    policy = item.policy
    publish_now = policy.status == Status.PUBLISHED
    target = Status.PUBLISHED if publish_now else Status.APPROVED
    _move(item, target, by)
    _check_signer(item, by=by, note=note)
    if policy.status == Status.WITHDRAWN:
        raise Refused("所解读的文件已撤回，不能发布解读。")
    _signoff(item, ReviewStage.SIGNOFF, ReviewDecision.APPROVED, note, by)
    item.status = target
    if publish_now:
        # A policy scheduled for later: the interpretation goes live with it.
        item.published_at = max(timezone.now(), policy.published_at or timezone.now())
    item.save()
    audit(
        "documents.interpretation_published" if publish_now else "documents.interpretation_approved",
        obj=item,
        actor=by,
        summary=("审签发布解读：" if publish_now else "解读审签通过，待与政策文件同步发布：") + item.title,
        after={"note": note.strip()},
    )
    if publish_now:
        announce_public_change(Interpretation, item.pk, "interpretation")
    return item


# --- periodic review of non-public records (定期审查, Art 18) --------------------------------------------


def open_due_reviews(today: date) -> int:
    """Put every non-public record whose review date has come into the review queue (idempotent sweeper)."""
    opened = 0
    due = Record.objects.filter(status=Status.FILED, next_review_on__lte=today).values_list(
        "pk", "next_review_on"
    )
    for pk, due_on in due:
        if due_on is None:
            continue
        with transaction.atomic():
            # Claim the row: only one sweeper run opens the review.
            if (
                Record.objects.filter(pk=pk, next_review_on=due_on, status=Status.FILED).update(
                    next_review_on=None
                )
                != 1
            ):
                continue
            if PeriodicReview.objects.filter(record_id=pk, decided_at__isnull=True).exists():
                continue
            item = PeriodicReview.objects.create(record_id=pk, due_on=due_on)
            audit(
                "documents.periodic_review_opened",
                obj=item,
                agency=Record.objects.filter(pk=pk).values_list("agency_id", flat=True).first(),
                actor=None,
                summary=f"列入定期审查：{item.record.title}",
            )
            # Its conversion would publish it: screen it now, like a record entering review.
            secrecy.request_screening(item.record)
            opened += 1
    return opened


@transaction.atomic
def decide_periodic_review(
    item: PeriodicReview,
    *,
    by: Any,
    outcome: str,
    reason: str,
    statutory_category: str = "",
) -> PeriodicReview:
    """Keep the record's openness (next review in one interval) or convert it to 主动公开 and publish it in
    the 政策文件 column, with the change visible in its history."""
    item = PeriodicReview.objects.select_for_update().select_related("record").get(pk=item.pk)
    record = _lock(item.record)
    require(by, "documents.periodic_review", record)
    if item.decided_at is not None:
        raise Refused("该定期审查已作出结论。")
    if outcome not in (ReviewOutcome.KEEP, ReviewOutcome.CONVERT):
        raise Refused("请选择审查结论。")
    if not reason or not reason.strip():
        raise Refused("请写明审查理由。")
    now = timezone.now()
    item.outcome = outcome
    item.reason = reason.strip()
    item.decided_by = by
    item.decided_at = now
    if outcome == ReviewOutcome.KEEP:
        item.save()
        record.next_review_on = next_review_date(timezone.localdate())
        record.save(update_fields=["next_review_on", "updated_at"])
        audit(
            "documents.periodic_review_kept",
            obj=record,
            actor=by,
            summary=f"定期审查维持{record.get_openness_display()}：{record.title}",
            after={"reason": reason.strip(), "next_review_on": record.next_review_on.isoformat()},
        )
        return item
    # A conversion is a publication (issue 13): it is only a proposal here. The record goes back into the review
    # path — to the 保密审查 when a 单位管理员 proposes, straight to 审签 when the 保密审查员 proposes (the
    # proposal, with the screening blockers cleared, is that review) — and it is published by a 审签人 other
    # than the proposer (`sign` → `_complete_conversion`).
    proposer_reviews = has_role(by, [Role.SECRECY_REVIEWER], record)
    target = Status.AWAITING_SIGNOFF if proposer_reviews else Status.IN_REVIEW
    _move(record, target, by)
    category = validators.statutory_category(statutory_category or record.statutory_category, required=True)
    if proposer_reviews:
        blockers = secrecy.approval_blockers(record)
        if blockers:
            raise Refused("该文件尚有未解决的保密审查问题，不能转为主动公开：", blockers)
    item.save()
    record.statutory_category = category
    record.status = target
    record.submitted_by = by
    record.next_review_on = None
    record.save(
        update_fields=["statutory_category", "status", "submitted_by", "next_review_on", "updated_at"]
    )
    if proposer_reviews:
        _signoff(
            record,
            ReviewStage.SECRECY,
            ReviewDecision.APPROVED,
            f"定期审查提议转为主动公开：{reason.strip()}",
            by,
        )
    audit(
        "documents.conversion_proposed",
        obj=record,
        actor=by,
        summary=f"定期审查提议转为主动公开，转{Status(target).label}：{record.title}",
        after={"reason": reason.strip(), "statutory_category": category, "status": target},
    )
    if not proposer_reviews:
        secrecy.request_screening(record)  # entering 待保密审查, like `submit` (Art 17)
    return item


def pending_conversion(record: Record) -> PeriodicReview | None:
    """The 定期审查 whose proposal to convert `record` to 主动公开 is in the review path, or None."""
    if (
        record.status not in (Status.IN_REVIEW, Status.AWAITING_SIGNOFF)
        or record.openness == Openness.PROACTIVE
    ):
        return None
    return (
        record.periodic_reviews.filter(outcome=ReviewOutcome.CONVERT, opennesschange__isnull=True)
        .order_by("-decided_at")
        .first()
    )


def _complete_conversion(record: Record, item: PeriodicReview, *, by: Any, now: datetime) -> None:
    """At sign-off: the proposal becomes the openness change, the record is published in 政策文件."""
    OpennessChange.objects.create(
        record=record,
        from_openness=record.openness,
        to_openness=Openness.PROACTIVE,
        reason=item.reason,
        review=item,
        by=item.decided_by,
    )
    before = {"openness": record.openness, "legal_ground": record.legal_ground}
    record.openness = Openness.PROACTIVE
    # legal_ground and openness_reason stay as the record of why it was withheld until this review (the
    # annual report counts the year's non-public decisions by ground).
    # Work plan item 八: converted documents are published together in the 政策文件 column.
    record.kind = "policy"
    record.converted_at = now
    audit(
        "documents.converted",
        obj=record,
        actor=by,
        summary=f"定期审查转为主动公开，审签发布：{record.title}",
        before=before,
        after={"openness": Openness.PROACTIVE, "reason": item.reason, "proposed_by": item.decided_by_id},
    )


# --- sweepers (periodic tasks call these) ---------------------------------------------------------------


def go_live_due(now: datetime | None = None) -> int:
    """Announce scheduled publications whose time has come (they are already public by `public()`)."""
    now = now or timezone.now()
    count = 0
    for pk in Record.objects.filter(
        status=Status.PUBLISHED, went_live_at__isnull=True, published_at__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            if Record.objects.filter(pk=pk, went_live_at__isnull=True).update(went_live_at=now) != 1:
                continue
            record = Record.objects.get(pk=pk)
            audit("documents.went_live", obj=record, actor=None, summary=f"定时发布生效：{record.title}")
            _announce_record(record)
            count += 1
    return count


def flag_overdue(today: date) -> int:
    """Mark (once) each 主动公开 record past its Art 26 time limit and not yet published."""
    count = 0
    for pk in (
        Record.objects.overdue(today).filter(overdue_flagged_at__isnull=True).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            if (
                Record.objects.filter(pk=pk, overdue_flagged_at__isnull=True).update(
                    overdue_flagged_at=timezone.now()
                )
                != 1
            ):
                continue
            record = Record.objects.get(pk=pk)
            audit(
                "documents.publish_overdue",
                obj=record,
                actor=None,
                summary=f"超过公开时限（{record.publish_due:%Y-%m-%d}）仍未发布：{record.title}",
            )
            count += 1
    return count


def fill_missing_dues() -> int:
    """Compute the time limits that were missing because a year's holiday schedule was not entered yet."""
    count = 0
    for record in Record.objects.unpublished().filter(openness=Openness.PROACTIVE, publish_due__isnull=True):
        compute_publish_due(record)
        if record.publish_due:
            Record.objects.filter(pk=record.pk, publish_due__isnull=True).update(
                publish_due=record.publish_due, publish_due_note=""
            )
            count += 1
    return count


def expire_due(today: date) -> int:
    """Records whose validity period (有效期至) has ended become 已失效."""
    count = 0
    for record in Record.objects.filter(
        status=Status.PUBLISHED, validity__in=[Validity.CURRENT, Validity.AMENDED], expires_on__lt=today
    ):
        change_validity(
            record,
            by=None,
            validity=Validity.EXPIRED,
            changed_on=record.expires_on or today,
            note="有效期届满自动失效",
            system=True,
        )
        count += 1
    return count


# --- guides and themes ----------------------------------------------------------------------------------


@transaction.atomic
def publish_guide(agency: Any, *, body: str, revised_on: date, note: str, by: Any) -> GuideRevision:
    """A new revision of the agency's 公开指南 (Art 12; work plan item 十六: revise and mark 修订时间)."""
    require(by, "documents.edit_guide", agency)
    if not body.strip():
        raise Refused("指南正文不能为空。")
    last = GuideRevision.objects.select_for_update().filter(agency=agency).order_by("-version").first()
    if last and revised_on < last.revised_on:
        raise Refused("修订时间不能早于上一版的修订时间。")
    revision = GuideRevision.objects.create(
        agency=agency,
        version=(last.version + 1) if last else 1,
        body=body.strip(),
        revised_on=revised_on,
        note=note.strip(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit(
        "documents.guide_revised",
        obj=revision,
        agency=agency,
        actor=by,
        summary=f"修订公开指南（第 {revision.version} 版，{revised_on:%Y-%m-%d}）",
        after={"note": note.strip()},
    )

    transaction.on_commit(bump)
    return revision


@transaction.atomic
def save_theme(
    theme: Theme | None, *, name: str, parent: Theme | None, sort_order: int, is_active: bool, by: Any
) -> Theme:
    require(by, "documents.manage_themes")
    if parent is not None and parent.parent_id is not None:
        raise Refused("主题分类只有两级：上级只能选择一级分类。")
    if theme is not None and parent is not None and theme.children.exists():
        raise Refused("该分类下还有二级分类，不能再设为二级分类。")
    if theme is not None and parent is not None and parent.pk == theme.pk:
        raise Refused("分类不能以自身为上级。")
    if not name.strip():
        raise Refused("请填写分类名称。")
    duplicate = Theme.objects.filter(parent=parent, name=name.strip())
    if theme is not None:
        duplicate = duplicate.exclude(pk=theme.pk)
    if duplicate.exists():
        raise Refused("同一上级下已有同名分类。")
    before = {"name": theme.name, "parent": theme.parent_id, "is_active": theme.is_active} if theme else None
    theme = theme or Theme()
    theme.name = name.strip()
    theme.parent = parent
    theme.sort_order = sort_order
    theme.is_active = is_active
    theme.save()
    audit(
        "documents.theme_saved",
        obj=theme,
        actor=by,
        summary=f"主题分类：{theme.path}",
        before=before,
        after={"name": theme.name, "parent": theme.parent_id, "is_active": theme.is_active},
    )

    transaction.on_commit(bump)
    return theme
