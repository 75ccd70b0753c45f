"""Figures of 征求意见 for the annual report and the work-plan indicators (work plan items 九 and 十).

A consultation counts in the year it opened; only published ones count (a withdrawn one was taken off the site
and is not reported as held). Comments received are every comment the platform took in, including the ones
moderated as not shown; adopted / partly adopted count the comments grouped into a theme with that decision.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils import timezone

from zwgk.participation.models import Comment, Consultation, Decision, Status


def held(agency_id: int | None, year: int) -> Any:
    qs = Consultation.objects.filter(status=Status.PUBLISHED, opens_on__year=year)
    return qs if agency_id is None else qs.filter(agency_id=agency_id)


def consultation_facts(agency_id: int | None, year: int) -> dict[str, int]:
    consultations = held(agency_id, year)
    comments = Comment.objects.filter(consultation__in=consultations)
    by_decision = dict(
        comments.filter(theme__isnull=False)
        .values_list("theme__decision")
        .annotate(n=Count("id"))
        .order_by("theme__decision")
    )
    return {
        "consultations": consultations.count(),
        "comments_received": comments.count(),
        "comments_adopted": by_decision.get(Decision.ADOPTED, 0),
        "comments_partly_adopted": by_decision.get(Decision.PARTLY, 0),
        "comments_not_adopted": by_decision.get(Decision.NOT_ADOPTED, 0),
        "feedback_published": consultations.filter(feedback_published_at__isnull=False).count(),
    }


def feedback_share(agency_id: int | None, year: int) -> tuple[int, int]:
    """(with feedback published, closed): consultations whose period ended in `year` (before today) and how many
    of them have published their 意见采纳情况 (Art 32 of the Regulation: explain the adoption of opinions)."""
    qs = Consultation.objects.filter(
        status=Status.PUBLISHED, closes_on__year=year, closes_on__lt=timezone.localdate()
    )
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    return qs.filter(feedback_published_at__isnull=False).count(), qs.count()
