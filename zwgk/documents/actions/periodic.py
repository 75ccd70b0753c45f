"""Periodic review of non-public records (定期审查, Art 18) and the conversions it decides."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.accounts.permissions import has_role, require
from zwgk.accounts.roles import Role
from zwgk.audit.log import record as audit
from zwgk.core.errors import Refused
from zwgk.documents import validators
from zwgk.documents.models import (
    Openness,
    OpennessChange,
    PeriodicReview,
    Record,
    ReviewDecision,
    ReviewOutcome,
    ReviewStage,
    Status,
)
from zwgk.secrecy import service as secrecy

from .common import _lock, _move, _signoff, next_review_date

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
    item = PeriodicReview.objects.select_for_update(of=("self",)).select_related("record").get(pk=item.pk)
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
