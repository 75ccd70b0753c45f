"""Helpers shared by the catalogue's action modules: derived values, locking, moves, audit steps, sign-off."""

from __future__ import annotations

import calendar as _calendar
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import models
from django.utils import timezone

from zwgk.audit.log import record as audit
from zwgk.calendar import ScheduleMissing
from zwgk.core.errors import Refused
from zwgk.core.signals import announce_public_change
from zwgk.documents import docnumber, indexno, publicity, validators
from zwgk.documents.grounds import WITHHOLD_CODES
from zwgk.documents.models import (
    IndexCounter,
    Interpretation,
    Openness,
    Record,
    Reviewed,
    ReviewSignoff,
    Status,
    Theme,
)
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
    "disclosure_modes",  # 公开方式 and the 公示 period: zwgk.documents.publicity
    "publicity_days",
    "publicity_ends",
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
    publicity.normalise(record)  # 公开方式: checked, on_internet kept in sync


def _signoff(obj: Reviewed, stage: str, decision: str, note: str, by: Any) -> ReviewSignoff:
    owner = {"record": obj} if isinstance(obj, Record) else {"interpretation": obj}
    return ReviewSignoff.objects.create(**owner, stage=stage, decision=decision, note=note.strip(), by=by)


def _check_signer(obj: Reviewed, *, by: Any, note: str) -> None:
    if not note or not note.strip():
        raise Refused("请填写审签意见。")
    if obj.secrecy_reviewer_id() == getattr(by, "pk", None):
        raise Refused("审签须由保密审查员以外的审签人进行。")
