"""Running one screening: the live lexicon and an owner's screener, the subject's fingerprint, and storing the
findings. The background task (`zwgk.secrecy.tasks`) and `zwgk.secrecy.service.request_screening` call
`run_screening`; this module imports neither, so there is no import cycle.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from zwgk.applications.models import Reply
from zwgk.audit.log import record
from zwgk.core.worker import worker_id
from zwgk.extract import ExtractError, extract
from zwgk.screening import Finding as LibFinding
from zwgk.screening import LexiconEntry, Screener, Severity, WordingEntry, default_lexicon
from zwgk.screening.wording import parse_exceptions
from zwgk.secrecy.models import (
    MANUAL_REVIEW,
    UNSCREENABLE,
    WORDING,
    Finding,
    LexiconTerm,
    Resolution,
    Screening,
    ScreeningStatus,
    SubjectKind,
    WordingRule,
)
from zwgk.secrecy.subjects import Subject, limits, normalise, subject_of

CONTEXT_CHARS = 30
AGGREGATION_TEXT_CHARS = 300


# ---------------------------------------------------------------------- lexicon and screener

_lock = threading.Lock()
_lexicon_cache: tuple[Any, tuple[LexiconEntry, ...]] | None = None
_screeners: dict[tuple[Any, ...], Screener] = {}
_wording_cache: tuple[Any, tuple[WordingEntry, ...]] | None = None


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


def wording_version() -> tuple[Any, ...]:
    return tuple(WordingRule.objects.aggregate(n=Count("id"), t=Max("updated_at")).values())


def current_wording() -> tuple[WordingEntry, ...]:
    """The staff 规范表述 list's active entries (the data migration ships the default list)."""
    global _wording_cache
    version = wording_version()
    with _lock:
        if _wording_cache is not None and _wording_cache[0] == version:
            return _wording_cache[1]
    entries = tuple(
        WordingEntry(w.wrong, w.right, w.kind, w.note, parse_exceptions(w.exceptions))
        for w in WordingRule.objects.active()
    )
    with _lock:
        _wording_cache = (version, entries)
    return entries


def screener_for(
    agency: Any,
    *,
    own_numbers: tuple[str, ...] = (),
    own_emails: tuple[str, ...] = (),
    wording: bool = False,
) -> Screener:
    """A screener with the live lexicon and `agency`'s published numbers and e-mail as the allow-list (plus, for
    a reply, the applicant's own phone and e-mail)."""
    entries = current_lexicon()
    phrases = current_wording() if wording else ()
    numbers = (tuple(agency.published_numbers()) if agency is not None else ()) + own_numbers
    emails = ((agency.email,) if agency is not None and agency.email else ()) + own_emails
    key = (id(entries), id(phrases), numbers, emails)
    with _lock:
        screener = _screeners.get(key)
    if screener is None:
        screener = Screener(lexicon=entries, allowed_numbers=numbers, allowed_emails=emails, wording=phrases)
        with _lock:
            if len(_screeners) > 256:
                _screeners.clear()
            _screeners[key] = screener
    return screener


# ---------------------------------------------------------------------- fingerprints


def _sha(value: str | bytes) -> str:
    return hashlib.sha256(value.encode("utf-8") if isinstance(value, str) else value).hexdigest()


def source_fingerprint(subject: Subject) -> str:
    """Cheap fingerprint of a subject's source: the text, or a file's label, stored name, size and text."""
    if subject.kind == SubjectKind.BODY:
        return _sha(subject.text() or "")
    field = subject.field_file()
    stored = field.name if field is not None else ""
    return _sha(f"{subject.label}\x00{stored}\x00{subject.size()}\x00{subject.text() or ''}")


def screener_of(subject: Subject, agency: Any) -> Screener:
    """The screener of a subject. 规范表述 is checked in what the site publishes — records and interpretations,
    their text and attachments — not in a 依申请公开 reply (a letter to one applicant)."""
    if not subject.own_values():
        return screener_for(agency, wording=not isinstance(subject.owner, Reply))
    app = subject.owner.application  # type: ignore[union-attr]
    return screener_for(
        agency,
        own_numbers=tuple(n for n in (app.phone,) if n),
        own_emails=tuple(e for e in (app.email,) if e),
    )


def run_screening(screening_id: int) -> Screening | None:
    """Screen one subject and store its findings. Claims the row first, so a duplicate task does nothing."""
    now = timezone.now()
    claimed = Screening.objects.filter(
        pk=screening_id, status__in=[ScreeningStatus.PENDING, ScreeningStatus.RUNNING]
    ).update(status=ScreeningStatus.RUNNING, started_at=now, worker=worker_id())
    if claimed != 1:
        return None
    screening = Screening.objects.select_related(
        "agency", "record", "interpretation", "attachment", "reply__application"
    ).get(pk=screening_id)
    subject = subject_of(screening)
    if subject is None:
        Screening.objects.filter(pk=screening_id).delete()  # the subject is gone
        return None
    warnings: list[str] = []
    error = ""
    text = ""
    try:
        text, warnings = _text_of(subject)
    except ExtractError as exc:
        error = exc.zh
    except MemoryError:
        error = "文件过大，内存不足，无法自动筛查"
    findings = screener_of(subject, screening.agency).scan(text) if not error else []
    if subject.kind != SubjectKind.BODY:
        # A file is not rewritten to correct a wording: the unit uploads a corrected file (or keeps it, saying why).
        findings = [replace(f, masked=None) if f.category == WORDING else f for f in findings]
    own = subject.own_values()
    if own:
        findings = [f for f in findings if normalise(f.text) not in own]
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


def _text_of(subject: Subject) -> tuple[str, list[str]]:
    text = subject.text()
    if subject.kind == SubjectKind.BODY:
        return text or "", []
    if text:
        return text, []
    source = subject.read_file()
    if source is None:
        return "", []
    data, filename = source
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
