"""Figures of 征求意见 for the annual report and the work-plan indicators (work plan items 九 and 十).

A consultation counts in the year it opened; only published ones count (a withdrawn one was taken off the site
and is not reported as held). Comments received are every comment the platform took in, including the ones
moderated as not shown; adopted / partly adopted count the comments grouped into a theme with that decision.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from zwgk.participation.models import Comment, Consultation, Decision, Status


def held(agency_id: int | None, year: int) -> Any:
    qs = Consultation.objects.filter(status=Status.PUBLISHED, opens_on__year=year)
    return qs if agency_id is None else qs.filter(agency_id=agency_id)


def consultation_facts(agency_id: int | None, year: int) -> dict[str, int]:
    consultations = held(agency_id, year)
    held_counts = consultations.aggregate(
        n=Count("id"), feedback=Count("id", filter=Q(feedback_published_at__isnull=False))
    )
    comments = Comment.objects.filter(consultation__in=consultations).aggregate(
        n=Count("id"),
        adopted=Count("id", filter=Q(theme__decision=Decision.ADOPTED)),
        partly=Count("id", filter=Q(theme__decision=Decision.PARTLY)),
        not_adopted=Count("id", filter=Q(theme__decision=Decision.NOT_ADOPTED)),
    )
    return {
        "consultations": held_counts["n"],
        "comments_received": comments["n"],
        "comments_adopted": comments["adopted"],
        "comments_partly_adopted": comments["partly"],
        "comments_not_adopted": comments["not_adopted"],
        "feedback_published": held_counts["feedback"],
    }


def feedback_share(agency_id: int | None, year: int) -> tuple[int, int]:
    """(with feedback published, closed): consultations whose period ended in `year` (before today) and how many
    of them have published their 意见采纳情况 (Art 32 of the Regulation: explain the adoption of opinions)."""
    qs = Consultation.objects.filter(
        status=Status.PUBLISHED, closes_on__year=year, closes_on__lt=timezone.localdate()
    )
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    counts = qs.aggregate(n=Count("id"), published=Count("id", filter=Q(feedback_published_at__isnull=False)))
    return counts["published"], counts["n"]
