"""State changes of the secrecy review: resolving findings (mask / confirm public / false positive / reopen),
starting a missing screening, re-screening, and editing the lexicon. Each checks the permission, changes rows,
writes an audit event.

Masking goes through the owner's app's audited redaction actions (documents: `replace_body`,
`replace_interpretation_text`, `replace_attachment`; applications: `replace_reply_text`, `replace_reply_file`), so
the masked text is what gets published or sent. Refusals are `zwgk.core.errors.Refused`. Audit events name
findings by their masked form, never by the personal data itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.applications import actions as application_actions
from zwgk.applications.models import Reply
from zwgk.audit.log import record
from zwgk.core.errors import Refused
from zwgk.documents import actions as document_actions
from zwgk.documents.files import PreparedFile, prepare
from zwgk.documents.models import Interpretation
from zwgk.screening import Finding as LibFinding
from zwgk.screening import LexiconEntry, LexiconError, apply_masks, default_lexicon
from zwgk.screening.lexicon import validate_entry
from zwgk.screening.redact import RedactionError, redact_document
from zwgk.screening.wording import WordingEntry, WordingError, parse_exceptions, validate_wording
from zwgk.secrecy import service
from zwgk.secrecy.models import (
    RESOLUTION_TRANSITIONS,
    Finding,
    LexiconTerm,
    Owner,
    Resolution,
    Screening,
    ScreeningStatus,
    SubjectKind,
    WordingRule,
)
from zwgk.secrecy.subjects import Subject, subject_of


def _subject(screening: Screening) -> Subject:
    subject = subject_of(screening)
    if subject is None:
        raise Refused("该正文或附件已不存在，请刷新页面。")
    return subject


def _transition(finding: Finding, target: str) -> None:
    if target not in RESOLUTION_TRANSITIONS[finding.resolution]:
        raise Refused(
            f"这一发现当前为“{finding.get_resolution_display()}”，不能改为“{Resolution(target).label}”。"
        )


def resolve_finding(finding: Finding, resolution: str, *, by: Any, reason: str = "") -> Finding:
    """Confirm a finding may be public (reason required), mark it a false positive, or reopen it.
    Masking goes through `mask_findings`."""
    if resolution == Resolution.MASKED:
        mask_findings([finding], by=by, reason=reason)
        finding.refresh_from_db()
        return finding
    require(by, "secrecy.resolve_finding", finding)
    reason = (reason or "").strip()
    if finding.is_wording and resolution != Resolution.OPEN and not reason:
        # 规范表述: keeping the text as written is a decision on a 单项否决 item (严重表述错误); it is explained.
        raise Refused("保留原文时必须说明理由（如：引用历史文件原文、专有名称、该处用法正确）。")
    if resolution == Resolution.CONFIRMED and not reason:
        raise Refused("确认可以公开时必须说明理由（如：已解密、本人同意公开、属于依法应当公开的信息）。")
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        if not locked.is_current:
            raise Refused("这一发现已被新的筛查结果取代，请刷新页面。")
        _transition(locked, resolution)
        before = {"resolution": locked.resolution, "reason": locked.resolution_reason}
        locked.resolution = resolution
        locked.resolution_reason = reason if resolution != Resolution.OPEN else ""
        locked.resolved_by = by if resolution != Resolution.OPEN else None
        locked.resolved_at = timezone.now() if resolution != Resolution.OPEN else None
        locked.save(update_fields=["resolution", "resolution_reason", "resolved_by", "resolved_at"])
        verb = {
            Resolution.CONFIRMED: "确认可以公开",
            Resolution.FALSE_POSITIVE: "标记为误报",
            Resolution.OPEN: "重新打开",
        }[Resolution(resolution)]
        record(
            f"secrecy.finding_{'reopened' if resolution == Resolution.OPEN else resolution}",
            obj=locked,
            actor=by,
            summary=f"{verb}：《{locked.screening.label}》{locked.category_label} {locked.display_text}"
            + (f"；理由：{reason}" if reason else ""),
            before=before,
            after={"resolution": locked.resolution, "reason": locked.resolution_reason},
        )
    return locked


def mask_findings(findings: Sequence[Finding], *, by: Any, reason: str = "") -> int:
    """Mask findings of one subject in the text that will be published, through the documents app's redaction
    action. An aggregation finding masks every maskable finding inside its table. Returns findings masked."""
    if not findings:
        return 0
    screening_ids = {f.screening_id for f in findings}
    if len(screening_ids) != 1:
        raise Refused("一次只能对同一正文或同一附件进行脱敏。")
    for finding in findings:
        require(by, "secrecy.resolve_finding", finding)
    screening_id = screening_ids.pop()
    picked = [f.pk for f in findings]
    # The slow part — redacting a file and preparing the redacted copy — runs before the transaction (on
    # SQLite it would hold the one write lock); the transaction re-checks that nothing changed meanwhile.
    screening = Screening.objects.get(pk=screening_id)
    _check_maskable(screening, picked)
    ahead = None
    if screening.kind != SubjectKind.BODY:
        ahead = _redacted_file(_subject(screening), _expand(screening, picked))
    with transaction.atomic():
        screening = Screening.objects.select_for_update().get(pk=screening_id)
        chosen = _check_maskable(screening, picked)
        subject = _subject(screening)
        if service.source_fingerprint(subject) != screening.source_sha256:
            raise Refused("正文或附件在筛查后有改动，系统正在重新筛查，请稍后再处理。")
        wording = all(f.is_wording for f in chosen)
        note = reason.strip() or ("规范表述更正" if wording else "保密审查脱敏")
        summary = "、".join(f"{f.category_label} {f.display_text}" for f in chosen[:10])
        if screening.kind == SubjectKind.BODY:
            _mask_text(subject.owner, chosen, by=by, reason=note)
        else:
            assert ahead is not None
            _mask_file(subject, ahead, by=by, reason=note)
        now = timezone.now()
        corrections = "、".join(f"“{f.text}”→“{f.masked}”" for f in chosen[:10])
        for finding in chosen:
            finding.resolution = Resolution.MASKED
            finding.resolution_reason = note
            finding.resolved_by = by
            finding.resolved_at = now
            # Once masked, the personal data is not kept here either: the history shows the masked form only.
            # (A corrected 规范表述 is no personal data: its wrong form stays, so the history reads wrong → right.)
            if not finding.is_wording:
                finding.text = finding.masked or ""
            finding.context_before = finding.context_after = ""
            finding.save(
                update_fields=[
                    "resolution",
                    "resolution_reason",
                    "resolved_by",
                    "resolved_at",
                    "text",
                    "context_before",
                    "context_after",
                ]
            )
        # An aggregation finding is resolved by masking the identifiers of its table.
        Finding.objects.filter(
            screening=screening, category="aggregation", resolution=Resolution.OPEN, is_current=True
        ).filter(pk__in=[f.pk for f in findings]).update(
            resolution=Resolution.MASKED, resolution_reason=note, resolved_by=by, resolved_at=now
        )
        record(
            "secrecy.finding_masked",
            obj=screening,
            actor=by,
            agency=screening.agency_id,
            summary=(
                f"更正《{screening.label}》不规范表述 {len(chosen)} 处：{corrections}"
                if wording
                else f"脱敏《{screening.label}》{len(chosen)} 处：{summary}"
            )[:500],
            after={"findings": [f.pk for f in chosen], "reason": note},
        )
    return len(chosen)


def _expand(screening: Screening, ids: Iterable[int]) -> list[Finding]:
    selected = list(
        Finding.objects.select_for_update().filter(
            screening=screening, pk__in=list(ids), is_current=True, resolution=Resolution.OPEN
        )
    )
    chosen = {f.pk: f for f in selected if f.masked is not None}
    for aggregate in (f for f in selected if f.category == "aggregation"):
        for inner in Finding.objects.filter(
            screening=screening,
            is_current=True,
            resolution=Resolution.OPEN,
            start__gte=aggregate.start,
            end__lte=aggregate.end,
            masked__isnull=False,
        ):
            chosen.setdefault(inner.pk, inner)
    return sorted(chosen.values(), key=lambda f: f.start)


def _mask_text(owner: Owner, chosen: list[Finding], *, by: Any, reason: str) -> None:
    lib = [
        LibFinding(f.category, f.start, f.end, f.text, f.severity, f.reason, f.masked)
        for f in chosen
        if f.masked is not None
    ]
    try:
        new_text = apply_masks(service.owner_text(owner), lib)
    except ValueError:
        raise Refused("正文与筛查结果不一致，系统正在重新筛查，请稍后再处理。") from None
    if isinstance(owner, Reply):
        application_actions.replace_reply_text(owner, new_text, by=by, reason=reason)
    elif isinstance(owner, Interpretation):
        document_actions.replace_interpretation_text(owner, new_text, by=by, reason=reason)
    else:
        document_actions.replace_body(owner, new_text, by=by, reason=reason)


def _check_maskable(screening: Screening, picked: list[int]) -> list[Finding]:
    if screening.status != ScreeningStatus.DONE:
        raise Refused("自动筛查尚未完成，暂不能脱敏，请稍后刷新页面。")
    chosen = _expand(screening, picked)
    if not chosen:
        raise Refused("所选发现没有可用的脱敏形式（如密级标志），请改为确认或标记误报。")
    return chosen


@dataclass
class _RedactedFile:
    data: bytes
    filename: str
    prepared: PreparedFile | None  # a documents attachment's prepared copy (None for a reply's file)


def _redacted_file(subject: Subject, chosen: list[Finding]) -> _RedactedFile:
    """Redact a file and prepare the copy (no database writes; runs outside transactions)."""
    source = subject.read_file()
    if source is None:
        raise Refused("该附件无法读取原文件，不能自动脱敏。")
    data, filename = source
    pairs = [(f.text, f.masked) for f in chosen if f.masked is not None]
    try:
        redacted = redact_document(data, filename, pairs, limits=service.limits())
    except RedactionError as exc:
        raise Refused(exc.zh) from None
    prepared = prepare(redacted.data, redacted.filename) if subject.attachment is not None else None
    return _RedactedFile(redacted.data, redacted.filename, prepared)


def _mask_file(subject: Subject, redacted: _RedactedFile, *, by: Any, reason: str) -> None:
    if subject.attachment is not None:
        document_actions.replace_attachment(
            subject.attachment,
            redacted.data,
            redacted.filename,
            by=by,
            reason=reason,
            prepared=redacted.prepared,
        )
    elif isinstance(subject.owner, Reply):
        application_actions.replace_reply_file(
            subject.owner, redacted.data, redacted.filename, by=by, reason=reason
        )


def rescreen(screening: Screening, *, by: Any) -> None:
    """Screen a record's subjects again (after a lexicon change, or a failed file)."""
    require(by, "secrecy.rescreen", screening)
    record_obj = _subject(screening).owner
    with transaction.atomic():
        Screening.objects.for_owner(record_obj).update(source_sha256="")
        record(
            "secrecy.rescreen_requested",
            obj=screening,
            actor=by,
            agency=screening.agency_id,
            summary=f"重新筛查《{screening.label}》所属信息的正文和附件",
        )
    service.request_screening(record_obj)


def start_screening(record_obj: Owner, *, by: Any) -> int:
    """Screen the subjects of a record, interpretation or reply in review that have no current screening (it entered review before the
    secrecy app was deployed, the task was lost, or a subject changed since). Returns the subjects requested."""
    require(by, "secrecy.start_screening", record_obj)
    with transaction.atomic():
        if not service.in_review(record_obj):
            raise Refused("该信息当前不在保密审查阶段，不能开始自动筛查。")
        todo = service.unscreened_subjects(record_obj)
        if not todo:
            raise Refused("正文和全部附件均已有自动筛查结果，无需重新开始。")
        labels = "、".join(subject.label for subject in todo)
        record(
            "secrecy.screening_started",
            obj=record_obj,
            actor=by,
            summary=f"开始自动筛查《{record_obj}》：{labels}",
            after={"subjects": len(todo)},
        )
        # The same path as entering review: small subjects inline, large ones as a background task.
        service.screen_after_commit(record_obj)
    return len(todo)


# ---------------------------------------------------------------------- lexicon

LEXICON_FIELDS = ["term", "category", "severity", "note", "is_active"]


def _validate(data: dict[str, Any]) -> None:
    try:
        validate_entry(LexiconEntry(data["term"], data["category"], data["severity"], data.get("note", "")))
    except LexiconError as exc:
        raise ValidationError(str(exc)) from None


def add_term(data: dict[str, Any], *, by: Any) -> LexiconTerm:
    require(by, "secrecy.manage_lexicon")
    _validate(data)
    with transaction.atomic():
        if LexiconTerm.objects.filter(term=data["term"]).exists():
            raise ValidationError(f"敏感词“{data['term']}”已在词库中。")
        term = LexiconTerm.objects.create(
            **{k: v for k, v in data.items() if k in LEXICON_FIELDS}, updated_by=by
        )
        record(
            "secrecy.lexicon_term_added",
            obj=term,
            actor=by,
            summary=f"敏感词库新增“{term.term}”（{term.category}，{term.get_severity_display()}）",
            after={k: getattr(term, k) for k in LEXICON_FIELDS},
        )
    return term


def update_term(term: LexiconTerm, data: dict[str, Any], *, by: Any) -> LexiconTerm:
    require(by, "secrecy.manage_lexicon")
    _validate({**{k: getattr(term, k) for k in LEXICON_FIELDS}, **data})
    with transaction.atomic():
        locked = LexiconTerm.objects.select_for_update().get(pk=term.pk)
        if "term" in data and LexiconTerm.objects.filter(term=data["term"]).exclude(pk=locked.pk).exists():
            raise ValidationError(f"敏感词“{data['term']}”已在词库中。")
        before = {k: getattr(locked, k) for k in LEXICON_FIELDS}
        for key in LEXICON_FIELDS:
            if key in data:
                setattr(locked, key, data[key])
        locked.updated_by = by
        locked.save()
        after = {k: getattr(locked, k) for k in LEXICON_FIELDS}
        if before != after:
            record(
                "secrecy.lexicon_term_changed",
                obj=locked,
                actor=by,
                summary=f"修改敏感词“{locked.term}”",
                before={k: v for k, v in before.items() if after[k] != v},
                after={k: v for k, v in after.items() if before[k] != v},
            )
    return locked


def delete_term(term: LexiconTerm, *, by: Any) -> None:
    require(by, "secrecy.manage_lexicon")
    with transaction.atomic():
        record(
            "secrecy.lexicon_term_removed",
            obj=term,
            actor=by,
            summary=f"删除敏感词“{term.term}”",
            before={k: getattr(term, k) for k in LEXICON_FIELDS},
        )
        term.delete()


def import_default_lexicon(*, by: Any | None) -> int:
    """Copy the shipped default lexicon into the staff lexicon (terms already there are kept). Returns added."""

    if by is not None:
        require(by, "secrecy.manage_lexicon")
    added = 0
    with transaction.atomic():
        existing = set(LexiconTerm.objects.values_list("term", flat=True))
        for entry in default_lexicon():
            if entry.term in existing:
                continue
            LexiconTerm.objects.create(
                term=entry.term,
                category=entry.category,
                severity=entry.severity,
                note=entry.note,
                updated_by=by if getattr(by, "is_authenticated", False) else None,
            )
            added += 1
        if added:
            record("secrecy.lexicon_default_imported", actor=by, summary=f"导入默认敏感词库 {added} 个词")
    return added


__all__ = [
    "PermissionDenied",
    "Refused",
    "add_term",
    "add_wording",
    "delete_term",
    "delete_wording",
    "import_default_lexicon",
    "mask_findings",
    "rescreen",
    "resolve_finding",
    "start_screening",
    "update_term",
    "update_wording",
]


# ---------------------------------------------------------------------- 规范表述 (issue 21 item 5)

WORDING_FIELDS = ["wrong", "right", "kind", "note", "exceptions", "is_active"]


def _validate_wording(data: dict[str, Any]) -> None:
    entry = WordingEntry(
        str(data.get("wrong", "")).strip(),
        str(data.get("right", "")).strip(),
        str(data.get("kind", "")),
        str(data.get("note", "")),
        parse_exceptions(str(data.get("exceptions", ""))),
    )
    try:
        validate_wording(entry)
    except WordingError as exc:
        raise ValidationError(str(exc)) from None


def add_wording(data: dict[str, Any], *, by: Any) -> WordingRule:
    """Add one wrong → right expression to the district's 规范表述 list (used from the next screening on)."""
    require(by, "secrecy.manage_lexicon")
    _validate_wording(data)
    with transaction.atomic():
        if WordingRule.objects.filter(wrong=str(data["wrong"]).strip()).exists():
            raise ValidationError(f"“{data['wrong']}”已在规范表述列表中。")
        rule = WordingRule.objects.create(
            **{k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in WORDING_FIELDS},
            updated_by=by,
        )
        record(
            "secrecy.wording_added",
            obj=rule,
            actor=by,
            summary=f"规范表述新增：“{rule.wrong}”应为“{rule.right}”（{rule.kind}）",
            after={k: getattr(rule, k) for k in WORDING_FIELDS},
        )
    return rule


def update_wording(rule: WordingRule, data: dict[str, Any], *, by: Any) -> WordingRule:
    require(by, "secrecy.manage_lexicon")
    _validate_wording({**{k: getattr(rule, k) for k in WORDING_FIELDS}, **data})
    with transaction.atomic():
        locked = WordingRule.objects.select_for_update().get(pk=rule.pk)
        wrong = str(data.get("wrong", locked.wrong)).strip()
        if WordingRule.objects.filter(wrong=wrong).exclude(pk=locked.pk).exists():
            raise ValidationError(f"“{wrong}”已在规范表述列表中。")
        before = {k: getattr(locked, k) for k in WORDING_FIELDS}
        for key in WORDING_FIELDS:
            if key in data:
                value = data[key]
                setattr(locked, key, value.strip() if isinstance(value, str) else value)
        locked.updated_by = by
        locked.save()
        after = {k: getattr(locked, k) for k in WORDING_FIELDS}
        if before != after:
            record(
                "secrecy.wording_changed",
                obj=locked,
                actor=by,
                summary=f"修改规范表述“{locked.wrong}”",
                before={k: v for k, v in before.items() if after[k] != v},
                after={k: v for k, v in after.items() if before[k] != v},
            )
    return locked


def delete_wording(rule: WordingRule, *, by: Any) -> None:
    require(by, "secrecy.manage_lexicon")
    with transaction.atomic():
        record(
            "secrecy.wording_removed",
            obj=rule,
            actor=by,
            summary=f"删除规范表述“{rule.wrong}”→“{rule.right}”",
            before={k: getattr(rule, k) for k in WORDING_FIELDS},
        )
        rule.delete()
