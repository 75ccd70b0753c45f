"""Sweepers called by periodic tasks: go-live at the publication time, expiry, overdue flags, due dates."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from zwgk.audit.log import record as audit
from zwgk.documents.models import (
    Openness,
    Record,
    Status,
    Validity,
)

from .common import _announce_record, compute_publish_due
from .review import change_validity

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
