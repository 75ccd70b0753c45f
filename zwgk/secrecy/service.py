"""The screening service: which models are records and attachments, the configured screener of an agency,
running a screening and storing its findings, and the approval blockers.

Nothing here imports the documents app: `zwgk.secrecy.wiring.connect()` registers the record and attachment
models (`register_subject_type`, `register_record_model`) with their redaction actions.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import CharField, Count, Max, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from zwgk.extract import ExtractError, Limits, extract
from zwgk.screening import Finding as LibFinding
from zwgk.screening import LexiconEntry, Screener, Severity, default_lexicon
from zwgk.secrecy.models import (
    ALL_CATEGORY_LABELS,
    MANUAL_REVIEW,
    UNSCREENABLE,
    Finding,
    LexiconTerm,
    Resolution,
    Screening,
    ScreeningQuerySet,
    ScreeningStatus,
    SubjectKind,
)

logger = logging.getLogger(__name__)

CONTEXT_CHARS = 30
AGGREGATION_TEXT_CHARS = 300


@dataclass(frozen=True)
class SubjectType:
    """How to read one model as a screening subject (a record's body, or an attachment)."""

    kind: str  # SubjectKind
    record_of: Callable[[Any], models.Model]
    agency_of: Callable[[Any], Any]
    label_of: Callable[[Any], str]
    text_of: Callable[[Any], str | None]
    # (bytes, filename) of an attachment's file; None for a body.
    file_of: Callable[[Any], tuple[bytes, str]] | None = None
    size_of: Callable[[Any], int] | None = None


@dataclass
class RecordWiring:
    """One record model wired to the review step (documents.Record; the test double in tests)."""

    attachments_of: Callable[[Any], Iterable[Any]]
    replace_body: Callable[..., Any]
    replace_attachment: Callable[..., Any]
    # Narrows a queryset of the record model to the records awaiting the secrecy review (待保密审查).
    in_review: Callable[[QuerySet[Any]], QuerySet[Any]]
    # The record's page in its own app, where the reviewer approves (None: the secrecy page only).
    url_of: Callable[[Any], str] | None = None
    # The slow part of replace_attachment (extraction, metadata stripping) run before the masking transaction;
    # its result is passed back as replace_attachment(..., prepared=...). None: replace_attachment does it all.
    prepare_attachment: Callable[[bytes, str], Any] | None = None


@dataclass
class Wiring:
    subject_types: dict[str, SubjectType] = field(default_factory=dict)  # model label_lower → type
    records: dict[str, RecordWiring] = field(default_factory=dict)  # record model label_lower → wiring


WIRING = Wiring()


def register_subject_type(model_label: str, subject_type: SubjectType) -> None:
    WIRING.subject_types[model_label.lower()] = subject_type


def register_record_model(
    model_label: str,
    *,
    attachments_of: Callable[[Any], Iterable[Any]],
    replace_body: Callable[..., Any],
    replace_attachment: Callable[..., Any],
    in_review: Callable[[QuerySet[Any]], QuerySet[Any]],
    url_of: Callable[[Any], str] | None = None,
    prepare_attachment: Callable[[bytes, str], Any] | None = None,
) -> None:
    """Wire a record model: how to list its attachments, the audited actions of its app that write masked
    text back (`replace_body(record, new_body, *, by, reason)`, `replace_attachment(attachment, data, filename,
    *, by, reason)`), and which of its records await the secrecy review (`in_review(queryset)`)."""
    WIRING.records[model_label.lower()] = RecordWiring(
        attachments_of, replace_body, replace_attachment, in_review, url_of, prepare_attachment
    )


def subject_type_of(obj: models.Model) -> SubjectType:
    try:
        return WIRING.subject_types[obj._meta.label_lower]
    except KeyError:
        raise LookupError(f"{obj._meta.label} is not registered as a screening subject") from None


def record_wiring(record: models.Model) -> RecordWiring:
    try:
        return WIRING.records[record._meta.label_lower]
    except KeyError:
        raise LookupError(f"{record._meta.label} is not wired to the secrecy review") from None


def subjects_of(record: models.Model) -> list[models.Model]:
    """The record itself (its body) and each of its current attachments."""
    return [record, *record_wiring(record).attachments_of(record)]


def in_review(record: models.Model) -> bool:
    """Whether `record` awaits the secrecy review now (the one definition is its app's, given to the wiring)."""
    manager = type(record)._default_manager
    return record_wiring(record).in_review(manager.filter(pk=record.pk)).exists()


def in_review_q(prefix: str = "") -> Q:
    """Rows (screenings, or findings with prefix "screening__") of records that await the secrecy review: to-do
    lists show only these, since the reviewer cannot act on a record returned to draft or withdrawn."""
    condition = Q(pk__in=[])
    for label, wiring in WIRING.records.items():
        model = apps.get_model(label)
        ids = wiring.in_review(model._default_manager.all()).annotate(
            _secrecy_record_id=Cast("pk", output_field=CharField())
        )
        condition |= Q(
            **{
                f"{prefix}record_type": ContentType.objects.get_for_model(model, for_concrete_model=False),
                f"{prefix}record_id__in": ids.values("_secrecy_record_id"),
            }
        )
    return condition


def limits() -> Limits:
    from zwgk.core.extraction import limits as extraction_limits

    return extraction_limits()


# ---------------------------------------------------------------------- lexicon and screener

_lock = threading.Lock()
_lexicon_cache: tuple[Any, tuple[LexiconEntry, ...]] | None = None
_screeners: dict[tuple[Any, ...], Screener] = {}


def lexicon_version() -> tuple[Any, ...]:
    return tuple(LexiconTerm.objects.aggregate(n=Count("id"), t=Max("updated_at")).values())


def current_lexicon() -> tuple[LexiconEntry, ...]:
    """The staff lexicon's active terms; the shipped default while staff have not set one up."""
    global _lexicon_cache
    version = lexicon_version()
    with _lock:
        if _lexicon_cache is not None and _lexicon_cache[0] == version:
            return _lexicon_cache[1]
    if version[0] == 0:
        entries = default_lexicon()
    else:
        entries = tuple(
            LexiconEntry(t.term, t.category, t.severity, t.note) for t in LexiconTerm.objects.active()
        )
    with _lock:
        _lexicon_cache = (version, entries)
    return entries


def screener_for(agency: Any) -> Screener:
    """A screener with the live lexicon and `agency`'s published numbers and e-mail as the allow-list."""
    entries = current_lexicon()
    numbers = tuple(agency.published_numbers()) if agency is not None else ()
    emails = (agency.email,) if agency is not None and agency.email else ()
    key = (id(entries), numbers, emails)
    with _lock:
        screener = _screeners.get(key)
    if screener is None:
        screener = Screener(lexicon=entries, allowed_numbers=numbers, allowed_emails=emails)
        with _lock:
            if len(_screeners) > 256:
                _screeners.clear()
            _screeners[key] = screener
    return screener


# ---------------------------------------------------------------------- fingerprints


def _sha(value: str | bytes) -> str:
    return hashlib.sha256(value.encode("utf-8") if isinstance(value, str) else value).hexdigest()


def source_fingerprint(obj: models.Model) -> str:
    """Cheap fingerprint of a subject's source: the body text, or an attachment's label, size and text."""
    subject = subject_type_of(obj)
    if subject.kind == SubjectKind.BODY:
        return _sha(subject.text_of(obj) or "")
    size = subject.size_of(obj) if subject.size_of else 0
    return _sha(f"{subject.label_of(obj)}\x00{size}\x00{subject.text_of(obj) or ''}")


def _ref(obj: models.Model) -> tuple[ContentType, str]:
    return ContentType.objects.get_for_model(obj, for_concrete_model=False), str(obj.pk)


# ---------------------------------------------------------------------- requesting and running screenings


def request_screening(record: models.Model) -> list[Screening]:
    """Mark every subject of `record` whose source changed as pending, then screen it: inline when small,
    as a background task when large (ZWGK_SCREENING_INLINE_KB). Idempotent."""
    from zwgk.secrecy.tasks import screen_subject_task

    now = timezone.now()
    record_ct, record_id = _ref(record)
    todo: list[tuple[int, bool]] = []
    screenings: list[Screening] = []
    with transaction.atomic():
        current_ids: list[int] = []
        for obj in subjects_of(record):
            subject = subject_type_of(obj)
            ct, object_id = _ref(obj)
            fingerprint = source_fingerprint(obj)
            screening, created = Screening.objects.select_for_update().get_or_create(
                content_type=ct,
                object_id=object_id,
                defaults={
                    "record_type": record_ct,
                    "record_id": record_id,
                    "agency": subject.agency_of(obj),
                    "kind": subject.kind,
                    "label": subject.label_of(obj)[:255],
                    "requested_at": now,
                },
            )
            current_ids.append(screening.pk)
            screenings.append(screening)
            if (
                not created
                and screening.source_sha256 == fingerprint
                and screening.status in (ScreeningStatus.DONE, ScreeningStatus.FAILED)
            ):
                continue
            Screening.objects.filter(pk=screening.pk).update(
                status=ScreeningStatus.PENDING,
                requested_at=now,
                started_at=None,
                source_sha256=fingerprint,
                label=subject.label_of(obj)[:255],
                agency=subject.agency_of(obj),
            )
            size = subject.size_of(obj) if subject.size_of else len(subject.text_of(obj) or "") * 3
            todo.append((screening.pk, size <= settings.SCREENING_INLINE_KB * 1024))
    for screening_id, inline in todo:
        if inline:
            run_screening(screening_id)
        else:
            transaction.on_commit(lambda pk=screening_id: screen_subject_task(pk))  # type: ignore[misc]
    return [Screening.objects.get(pk=s.pk) for s in screenings]


def current_worker() -> str:
    from zwgk.core.worker import worker_id

    return worker_id()


def run_screening(screening_id: int) -> Screening | None:
    """Screen one subject and store its findings. Claims the row first, so a duplicate task does nothing."""
    now = timezone.now()
    claimed = Screening.objects.filter(
        pk=screening_id, status__in=[ScreeningStatus.PENDING, ScreeningStatus.RUNNING]
    ).update(status=ScreeningStatus.RUNNING, started_at=now, worker=current_worker())
    if claimed != 1:
        return None
    screening = Screening.objects.select_related("agency", "content_type").get(pk=screening_id)
    model = screening.content_type.model_class()
    obj = model._default_manager.filter(pk=screening.object_id).first() if model else None
    if obj is None:
        Screening.objects.filter(pk=screening_id).delete()  # the subject is gone
        return None
    subject = subject_type_of(obj)
    warnings: list[str] = []
    error = ""
    text = ""
    try:
        text, warnings = _text_of(obj, subject)
    except ExtractError as exc:
        error = exc.zh
    except MemoryError:
        error = "文件过大，内存不足，无法自动筛查"
    findings = screener_for(screening.agency).scan(text) if not error else []
    with transaction.atomic():
        locked = Screening.objects.select_for_update().get(pk=screening_id)
        if locked.status != ScreeningStatus.RUNNING:
            return locked  # superseded by a newer request while we worked
        _store_findings(locked, text, findings, error=error, warnings=warnings)
        locked.status = ScreeningStatus.FAILED if error else ScreeningStatus.DONE
        locked.error = error
        locked.screened_sha256 = _sha(text)
        locked.char_count = len(text)
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "error", "screened_sha256", "char_count", "finished_at"])
        from zwgk.audit.log import record

        blocks = sum(f.severity == Severity.BLOCK for f in findings)
        record(
            "secrecy.screened",
            obj=locked,
            agency=locked.agency_id,
            actor=None,
            summary=(
                f"自动筛查《{locked.label}》无法完成：{error}"
                if error
                else f"自动筛查《{locked.label}》：{len(findings)} 处发现，其中须处理 {blocks} 处"
            ),
            after={"findings": len(findings), "blocking": blocks, "status": locked.status},
        )
    return locked


def _text_of(obj: models.Model, subject: SubjectType) -> tuple[str, list[str]]:
    text = subject.text_of(obj)
    if subject.kind == SubjectKind.BODY:
        return text or "", []
    if text:
        return text, []
    if subject.file_of is None:
        return "", []
    data, filename = subject.file_of(obj)
    extracted = extract(data, filename, limits())
    return extracted.text, list(extracted.warnings)


def _store_findings(
    screening: Screening, text: str, findings: list[LibFinding], *, error: str, warnings: list[str]
) -> None:
    """Replace the subject's current findings; confirmed / false-positive decisions carry over to the same
    (category, text, n-th occurrence); masked findings stay as history."""
    previous = {
        (f.category, f.text, f.ordinal): f
        for f in screening.findings.current().exclude(resolution=Resolution.OPEN)
        if f.resolution in (Resolution.CONFIRMED, Resolution.FALSE_POSITIVE)
    }
    screening.findings.filter(resolution=Resolution.MASKED).update(is_current=False)
    screening.findings.exclude(resolution=Resolution.MASKED).delete()
    seen: Counter[tuple[str, str]] = Counter()
    rows: list[Finding] = []
    for found in findings:
        stored_text = found.text
        if len(stored_text) > AGGREGATION_TEXT_CHARS:
            stored_text = stored_text[:AGGREGATION_TEXT_CHARS] + "…"
        key = (found.category, stored_text)
        ordinal = seen[key]
        seen[key] += 1
        row = Finding(
            screening=screening,
            agency_id=screening.agency_id,
            category=found.category,
            severity=found.severity,
            start=found.start,
            end=found.end,
            text=stored_text,
            masked=found.masked,
            reason=found.reason,
            context_before=_squash(text[max(0, found.start - CONTEXT_CHARS) : found.start]),
            context_after=_squash(text[found.end : found.end + CONTEXT_CHARS]),
            ordinal=ordinal,
        )
        carried = previous.get((found.category, stored_text, ordinal))
        if carried is not None:
            row.resolution = carried.resolution
            row.resolution_reason = carried.resolution_reason
            row.resolved_by_id = carried.resolved_by_id
            row.resolved_at = carried.resolved_at
        rows.append(row)
    if error:
        rows.append(
            _synthetic(
                screening,
                UNSCREENABLE,
                "block",
                f"{error}。请人工审查该文件后确认可以公开，或上传可读取的文件。",
            )
        )
    for warning in warnings:
        rows.append(_synthetic(screening, MANUAL_REVIEW, "warn", warning))
    Finding.objects.bulk_create(rows)


def _synthetic(screening: Screening, category: str, severity: str, reason: str) -> Finding:
    return Finding(
        screening=screening,
        agency_id=screening.agency_id,
        category=category,
        severity=severity,
        start=0,
        end=0,
        text="",
        masked=None,
        reason=reason,
    )


def _squash(text: str) -> str:
    """Context on one line: runs of whitespace (tabs between table cells, newlines) become one space."""
    if not text:
        return ""
    squashed = " ".join(text.split())
    if text[0].isspace():
        squashed = " " + squashed
    if text[-1].isspace() and squashed.strip():
        squashed += " "
    return squashed[-80:]


# ---------------------------------------------------------------------- approval blockers


def _current_screenings(
    record: models.Model, screenings: ScreeningQuerySet | None = None
) -> list[tuple[models.Model, Screening | None]]:
    """Each subject of `record` with its screening, None where it has none or the source changed since."""
    by_subject = {
        (s.content_type_id, s.object_id): s
        for s in (screenings if screenings is not None else Screening.objects.all()).for_record(record)
    }
    pairs: list[tuple[models.Model, Screening | None]] = []
    for obj in subjects_of(record):
        ct, object_id = _ref(obj)
        screening = by_subject.get((ct.pk, object_id))
        current = screening is not None and screening.source_sha256 == source_fingerprint(obj)
        pairs.append((obj, screening if current else None))
    return pairs


def unscreened_subjects(record: models.Model) -> list[models.Model]:
    """Subjects of `record` without a current screening (never screened, or changed since): what
    `request_screening` would screen."""
    return [obj for obj, screening in _current_screenings(record) if screening is None]


def approval_blockers(record: models.Model) -> list[str]:
    """Chinese reasons why `record` may not pass the 保密审查 step; [] when every subject has been screened
    and no block finding is unresolved."""
    reasons: list[str] = []
    for obj, screening in _current_screenings(record, Screening.objects.prefetch_related("findings")):
        subject = subject_type_of(obj)
        label = "正文" if subject.kind == SubjectKind.BODY else f"附件《{subject.label_of(obj)}》"
        if screening is None:
            reasons.append(f"保密审查：{label}尚未完成自动筛查（内容有改动或筛查尚未开始）。")
            continue
        if screening.status in (ScreeningStatus.PENDING, ScreeningStatus.RUNNING):
            reasons.append(f"保密审查：{label}正在自动筛查，请稍后刷新页面。")
            continue
        open_blocks = [
            f
            for f in screening.findings.all()
            if f.is_current and f.severity == "block" and f.resolution == Resolution.OPEN
        ]
        if open_blocks:
            counts = Counter(ALL_CATEGORY_LABELS.get(f.category, f.category) for f in open_blocks)
            detail = "、".join(f"{name} {n} 处" for name, n in counts.most_common())
            reasons.append(
                f"保密审查：{label}有 {len(open_blocks)} 处须处理的敏感信息尚未处理（{detail}），"
                "请逐项脱敏、确认可以公开或标记为误报。"
            )
    return reasons


def on_review_started(record_id: Any, *, model_label: str) -> None:
    """Hook for the documents app: a record entered 待保密审查, or its body/attachments changed in review."""
    record = apps.get_model(model_label)._default_manager.filter(pk=record_id).first()
    if record is None:
        logger.warning("secrecy: record %s to screen no longer exists", record_id)
        return
    request_screening(record)
