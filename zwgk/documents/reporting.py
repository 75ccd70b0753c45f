"""Figures of the catalogue for the annual report (年报, issue 6) and the work-plan indicators (issue 8).

Every function takes `agency_id` (the lead 发文机关; None = the whole district) and counts only what the
catalogue itself holds. Ratios are returned as {"numerator": int, "denominator": int, "value": float | None}
(value = numerator / denominator, None when the denominator is 0).

`publication_facts(agency_id, year)` keys:
    year, agency_id
    published               主动公开 records published in the year (publication time in the year, incl. ones
                            withdrawn later)
    by_category             {category code: {"label": str, "count": int}} of those, Art 20/21 categories; records
                            without a category under "" (label 未分类)
    by_theme                {"一级\\二级" theme path: count} of those ("未分类" when none)
    by_kind                 {"policy"|"information"|"disclosure_rule": count}
    interpretations_published       interpretations published in the year
    interpretations_same_day        of those, published the same day as their policy
    policies_needing_interpretation 需解读 policies published in the year
    nonpublic_filed         依申请公开/不予公开 records filed (signed off) in the year
    nonpublic_by_ground     {legal ground code: count} of those
    nonpublic_reviewed      periodic reviews (定期审查) decided in the year
    nonpublic_converted     of those, converted to 主动公开
    withdrawn               records withdrawn in the year
    late_publications       records published in the year after their Art 26 time limit
    normative               normative_counts(agency_id, year)
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from zwgk.documents.grounds import STATUTORY_CATEGORIES
from zwgk.documents.models import (
    Interpretation,
    NormativeKind,
    Openness,
    PeriodicReview,
    Record,
    ReviewOutcome,
    Status,
)

NORMATIVE_LABELS = {NormativeKind.REGULATION: "规章", NormativeKind.NORMATIVE: "行政规范性文件"}


def _span(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end, time.max, tzinfo=tz)


def _year(year: int) -> tuple[datetime, datetime]:
    return _span(date(year, 1, 1), date(year, 12, 31))


def _records(agency_id: int | None) -> QuerySet[Record]:
    # Laws and upper-level policies filed under an outside issuer are not the district's own disclosure.
    qs = Record.objects.own()
    return qs if agency_id is None else qs.filter(agency_id=agency_id)


def ratio(numerator: int, denominator: int) -> dict[str, Any]:
    return {
        "numerator": numerator,
        "denominator": denominator,
        "value": round(numerator / denominator, 4) if denominator else None,
    }


def _issued_normative(agency_id: int | None) -> QuerySet[Record]:
    # Normative documents count once public (incl. later repealed or expired); never drafts, withdrawn ones or
    # ones scheduled for later — the same definition the public column uses.
    qs = Record.objects.public().own().normative()
    return qs if agency_id is None else qs.filter(agency_id=agency_id)


def normative_counts(agency_id: int | None, year: int) -> dict[str, dict[str, int]]:
    """本年制发 / 本年废止 / 现行有效 (as of 31 December) for 规章 and 行政规范性文件 (annual report table 2).

    Issued = 成文日期 in the year; repealed = 废止/失效 date in the year; in force = issued by 31 December and not
    repealed or expired by then.
    """
    end = date(year, 12, 31)
    result: dict[str, dict[str, int]] = {}
    for kind, label in NORMATIVE_LABELS.items():
        qs = _issued_normative(agency_id).filter(normative_kind=kind)
        result[label] = {
            "issued": qs.filter(written_on__year=year).count(),
            "repealed": qs.filter(repealed_on__year=year).count(),
            "in_force": qs.filter(written_on__lte=end)
            .filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=end))
            .count(),
        }
    return result


def normative_years(agency_id: int | None, years: list[int]) -> list[dict[str, Any]]:
    """normative_counts for several years (the public table and the workspace inventory)."""
    return [{"year": y, **normative_counts(agency_id, y)} for y in years]


def _published_in(agency_id: int | None, start: datetime, end: datetime) -> QuerySet[Record]:
    return _records(agency_id).filter(
        openness=Openness.PROACTIVE,
        status__in=[Status.PUBLISHED, Status.WITHDRAWN],
        published_at__range=(start, end),
        published_at__lte=timezone.now(),
    )


def _same_day_count(interpretations: QuerySet[Interpretation]) -> int:
    count = 0
    for published, policy_published in interpretations.values_list("published_at", "policy__published_at"):
        if (
            published
            and policy_published
            and timezone.localtime(published).date() == timezone.localtime(policy_published).date()
        ):
            count += 1
    return count


def publication_facts(agency_id: int | None, year: int) -> dict[str, Any]:
    start, end = _year(year)
    published = _published_in(agency_id, start, end)
    by_category: dict[str, dict[str, Any]] = {}
    for code, n in (
        published.values_list("statutory_category").annotate(n=Count("id")).order_by("statutory_category")
    ):
        by_category[code] = {"label": STATUTORY_CATEGORIES.get(code, "未分类"), "count": n}
    by_theme: dict[str, int] = {}
    for record in published.select_related("theme__parent").only("theme"):
        key = record.theme.path if record.theme else "未分类"
        by_theme[key] = by_theme.get(key, 0) + 1
    by_kind = dict(published.values_list("kind").annotate(n=Count("id")).order_by("kind"))
    interps = Interpretation.objects.filter(
        status__in=[Status.PUBLISHED, Status.WITHDRAWN],
        published_at__range=(start, end),
        published_at__lte=timezone.now(),
    )
    if agency_id is not None:
        interps = interps.filter(policy__agency_id=agency_id)
    # Filed = signed off as non-public in the year (a record converted later still counts for that year).
    filed_all = _records(agency_id).filter(filed_at__range=(start, end))
    filed = filed_all.exclude(legal_ground="")
    reviews = PeriodicReview.objects.filter(decided_at__range=(start, end))
    if agency_id is not None:
        reviews = reviews.filter(record__agency_id=agency_id)
    return {
        "year": year,
        "agency_id": agency_id,
        "published": published.count(),
        "by_category": by_category,
        "by_theme": by_theme,
        "by_kind": by_kind,
        "interpretations_published": interps.count(),
        "interpretations_same_day": _same_day_count(interps),
        "policies_needing_interpretation": published.filter(needs_interpretation=True).count(),
        "nonpublic_filed": filed_all.count(),
        "nonpublic_by_ground": dict(
            filed.values_list("legal_ground").annotate(n=Count("id")).order_by("legal_ground")
        ),
        "nonpublic_reviewed": reviews.count(),
        "nonpublic_converted": reviews.filter(outcome=ReviewOutcome.CONVERT).count(),
        "withdrawn": _records(agency_id).filter(withdrawn_at__range=(start, end)).count(),
        "late_publications": published.filter(published_late=True).count(),
        "normative": normative_counts(agency_id, year),
    }


def proactive_share(agency_id: int | None, start: date, end: date) -> dict[str, Any]:
    """Work plan item 八 (提高文件主动公开比率): of the records finalised in the period (published, or filed as
    non-public, by sign-off), how many are 主动公开. Records converted later still count as they were decided."""
    lo, hi = _span(start, end)
    records = _records(agency_id)
    proactive = records.filter(
        openness=Openness.PROACTIVE, published_at__range=(lo, hi), converted_at__isnull=True
    ).exclude(status__in=[Status.DRAFT, Status.IN_REVIEW, Status.AWAITING_SIGNOFF])
    nonpublic = records.filter(filed_at__range=(lo, hi))
    n = proactive.count()
    return ratio(n, n + nonpublic.count())


def interpretation_sync_share(agency_id: int | None, start: date, end: date) -> dict[str, Any]:
    """Work plan item 十 (同步发布): of the policy documents published in the period that are marked 需解读 or
    have a published interpretation, how many had an interpretation published the same day."""
    lo, hi = _span(start, end)
    policies = _published_in(agency_id, lo, hi).filter(kind="policy")
    with_interp = Interpretation.objects.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN]).values(
        "policy_id"
    )
    relevant = policies.filter(Q(needs_interpretation=True) | Q(pk__in=with_interp))
    numerator = 0
    for record in relevant.prefetch_related("interpretations"):
        day = timezone.localtime(record.published_at).date() if record.published_at else None
        if any(
            i.published_at and timezone.localtime(i.published_at).date() == day
            for i in record.interpretations.all()
            if i.status in (Status.PUBLISHED, Status.WITHDRAWN)
        ):
            numerator += 1
    return ratio(numerator, relevant.count())


def reviews_done(agency_id: int | None, start: date, end: date) -> dict[str, Any]:
    """Work plan item 八 (定期审查): of the periodic reviews that came due in the period, how many are decided."""
    reviews = PeriodicReview.objects.filter(due_on__range=(start, end))
    if agency_id is not None:
        reviews = reviews.filter(record__agency_id=agency_id)
    return ratio(reviews.filter(decided_at__isnull=False).count(), reviews.count())
