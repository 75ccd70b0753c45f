"""The seam between the secrecy review and the apps whose content it reviews (Regulation Art 17: review before
disclosure). The owners' action functions call these directly:

- `request_screening(owner)` when a record or interpretation enters 待保密审查 (or a non-public record comes up for
  定期审查), and when a 依申请公开 reply is submitted to legal review: every subject whose source changed is
  screened (inline when small, as a background task when large);
- `screen_after_commit(owner)` after an audited redaction (masking) changed the owner's text or files;
- `approval_blockers(owner)` before approving the review, converting a record, or sending a reply: Chinese
  reasons while a subject is unscreened or a blocking finding is unresolved.
"""

from __future__ import annotations

import logging
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zwgk.secrecy.models import (
    ALL_CATEGORY_LABELS,
    WORDING,
    Owner,
    Resolution,
    Screening,
    ScreeningQuerySet,
    ScreeningStatus,
)
from zwgk.secrecy.runner import (
    current_lexicon,
    lexicon_version,
    run_screening,
    screener_for,
    source_fingerprint,
)
from zwgk.secrecy.subjects import Subject, in_review, limits, owner_text, subjects_of
from zwgk.secrecy.tasks import screen_subject_task

logger = logging.getLogger(__name__)

__all__ = [
    "approval_blockers",
    "current_lexicon",
    "in_review",
    "lexicon_version",
    "limits",
    "owner_text",
    "request_screening",
    "run_screening",
    "screen_after_commit",
    "screener_for",
    "source_fingerprint",
    "unscreened_subjects",
]


def request_screening(owner: Owner) -> list[Screening]:
    """Mark every subject of `owner` whose source changed as pending, then screen it: inline when small, as a
    background task when large (ZWGK_SCREENING_INLINE_KB). Idempotent."""
    now = timezone.now()
    todo: list[tuple[int, bool]] = []
    screenings: list[Screening] = []
    with transaction.atomic():
        for subject in subjects_of(owner):
            fingerprint = source_fingerprint(subject)
            screening, created = Screening.objects.select_for_update().get_or_create(
                **subject.lookup(),
                defaults={
                    "agency": subject.agency,
                    "kind": subject.kind,
                    "label": subject.label[:255],
                    "requested_at": now,
                },
            )
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
                label=subject.label[:255],
                agency=subject.agency,
            )
            todo.append((screening.pk, subject.size() <= settings.SCREENING_INLINE_KB * 1024))
    for screening_id, inline in todo:
        if inline:
            run_screening(screening_id)
        else:
            transaction.on_commit(lambda pk=screening_id: screen_subject_task(pk))  # type: ignore[misc]
    return [Screening.objects.get(pk=s.pk) for s in screenings]


def screen_after_commit(owner: Owner) -> None:
    """Screen `owner` again once the current transaction commits (after a redaction: the masked findings are
    marked first, then the new text is screened)."""
    model, pk = type(owner), owner.pk

    def screen() -> None:
        fresh = model.objects.filter(pk=pk).first()
        if fresh is None:
            logger.warning("secrecy: %s %s to screen no longer exists", model.__name__, pk)
            return
        request_screening(fresh)

    transaction.on_commit(screen, robust=True)


def _current_screenings(
    owner: Owner, screenings: ScreeningQuerySet | None = None
) -> list[tuple[Subject, Screening | None]]:
    """Each subject of `owner` with its screening, None where it has none or the source changed since."""
    rows = list((screenings if screenings is not None else Screening.objects.all()).for_owner(owner))
    pairs: list[tuple[Subject, Screening | None]] = []
    for subject in subjects_of(owner):
        screening = next((s for s in rows if subject.matches(s)), None)
        current = screening is not None and screening.source_sha256 == source_fingerprint(subject)
        pairs.append((subject, screening if current else None))
    return pairs


def unscreened_subjects(owner: Owner) -> list[Subject]:
    """Subjects of `owner` without a current screening (never screened, or changed since): what
    `request_screening` would screen."""
    return [subject for subject, screening in _current_screenings(owner) if screening is None]


def approval_blockers(owner: Owner) -> list[str]:
    """Chinese reasons why `owner` may not pass the 保密审查 step (or, a reply, be sent); [] when every subject
    has been screened and no blocking finding is unresolved."""
    reasons: list[str] = []
    for subject, screening in _current_screenings(owner, Screening.objects.prefetch_related("findings")):
        label = subject.display_label
        if screening is None:
            reasons.append(f"保密审查：{label}尚未完成自动筛查（内容有改动或筛查尚未开始）。")
            continue
        if screening.status in (ScreeningStatus.PENDING, ScreeningStatus.RUNNING):
            reasons.append(f"保密审查：{label}正在自动筛查，请稍后刷新页面。")
            continue
        open_all = [
            f
            for f in screening.findings.all()
            if f.is_current and f.severity == "block" and f.resolution == Resolution.OPEN
        ]
        wording = [f for f in open_all if f.category == WORDING]
        open_blocks = [f for f in open_all if f.category != WORDING]
        if wording:
            shown = "、".join(f"“{f.text}”" for f in wording[:5]) + ("等" if len(wording) > 5 else "")
            reasons.append(
                f"规范表述：{label}有 {len(wording)} 处不规范表述尚未处理（{shown}），"
                "请逐项更正为规范表述，或说明理由后保留原文。"
            )
        if open_blocks:
            counts = Counter(ALL_CATEGORY_LABELS.get(f.category, f.category) for f in open_blocks)
            detail = "、".join(f"{name} {n} 处" for name, n in counts.most_common())
            reasons.append(
                f"保密审查：{label}有 {len(open_blocks)} 处须处理的敏感信息尚未处理（{detail}），"
                "请逐项脱敏、确认可以公开或标记为误报。"
            )
    return reasons
