"""What 征求意见 adds to the catalogue's pages (zwgk.documents.extensions): the 解读重点 offered when the final
policy's interpretation is drafted (work plan item 十), and the link from a public record to its consultation."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from zwgk.documents.extensions import FocusPoint, RecordLink, may_link
from zwgk.documents.models import Record
from zwgk.participation.models import Consultation, Status

FOCUS_PER_CONSULTATION = 5


def focus_for_policy(policy: Record) -> list[FocusPoint]:
    """The themes with the most comments of every consultation on this policy (its draft or its final text)."""
    consultations = (
        Consultation.objects.filter(Q(final_record=policy) | Q(draft_record=policy))
        .exclude(status=Status.DRAFT)
        .prefetch_related("themes")
    )
    points: list[FocusPoint] = []
    for c in consultations:
        themes = c.themes.annotate(n=Count("comments")).filter(n__gt=0).order_by("-n", "pk")
        for theme in themes[:FOCUS_PER_CONSULTATION]:
            points.append(
                FocusPoint(
                    title=theme.title,
                    comments=theme.n,
                    decision=theme.get_decision_display() if theme.decision else "尚未确定采纳情况",
                    reason=theme.reason,
                    source=c.title,
                    url=reverse("participation:staff_detail", args=[c.pk]),
                )
            )
    return points


def _consulted_records() -> set[int]:
    pairs = Consultation.objects.values_list("final_record_id", "draft_record_id")
    return {pk for pair in pairs for pk in pair if pk is not None}


def links_for_record(record: Record) -> list[RecordLink]:
    """The public consultations this record came out of (final text) or was put to (draft)."""
    if not may_link("participation", _consulted_records, record):
        return []
    links: list[RecordLink] = []
    for c in Consultation.objects.public().filter(Q(final_record=record) | Q(draft_record=record)):
        if c.final_record_id == record.pk:
            note = "已公布意见采纳情况" if c.feedback_published_at else "征求意见已结束"
        else:
            note = "本文件征求意见稿"
        links.append(RecordLink("征求意见", c.title, reverse("participation:detail", args=[c.pk]), note))
    return links
