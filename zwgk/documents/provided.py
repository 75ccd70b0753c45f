"""What the catalogue provides to the other apps' registries, in their shapes (registered by name in hooks.py):
the annual report's `publication_facts` source, the work plan's live indicators on the catalogue and the evidence
a unit can link to a progress report. The figures themselves are in `zwgk.documents.reporting`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from zwgk.documents import publicity, reporting
from zwgk.documents.models import Interpretation, Record
from zwgk.workplan.indicators import IndicatorValue


def report_publication_facts(agency_id: int | None, year: int) -> dict[str, Any]:
    """`publication_facts` in the shape of the annual-report source contract (zwgk.reports.sources)."""
    facts = reporting.publication_facts(agency_id, year)
    return {
        "published_total": facts["published"],
        "published_by_category": {
            item["label"]: item["count"]
            for code, item in facts["by_category"].items()
            if code and item["count"]
        },
        "policy_documents": facts["by_kind"].get("policy", 0),
        "interpretations": facts["interpretations_published"],
        "nonpublic_reviewed": facts["nonpublic_reviewed"],
        "nonpublic_converted": facts["nonpublic_converted"],
    }


def _year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _ratio(ratio: dict[str, int], note: str) -> IndicatorValue:
    return IndicatorValue(numerator=ratio["numerator"], denominator=ratio["denominator"], note=note)


def display_logged(year: int, agency_id: int | None) -> IndicatorValue:
    logged, offline = publicity.display_logged(agency_id, year)
    return IndicatorValue(
        logged, offline, note="本年发布的特定范围公开、公示栏等线下公开信息中已登记公开情况的"
    )


def proactive_share(year: int, agency_id: int | None) -> IndicatorValue:
    return _ratio(reporting.proactive_share(agency_id, *_year_span(year)), "本年定稿的文件中主动公开的比例")


def reviews_done(year: int, agency_id: int | None) -> IndicatorValue:
    return _ratio(
        reporting.reviews_done(agency_id, *_year_span(year)), "本年到期的定期审查中已作出结论的比例"
    )


def interpretation_sync(year: int, agency_id: int | None) -> IndicatorValue:
    return _ratio(
        reporting.interpretation_sync_share(agency_id, *_year_span(year)),
        "需解读的政策文件与解读同日发布的比例",
    )


EVIDENCE_CHOICES = 200  # the unit's most recent ones; older records can still be linked as a web link


def published_record_choices(agency_id: int, year: int) -> list[tuple[str, str]]:
    """Evidence for the work-plan ledger: the unit's records published in `year` (public pages only)."""
    records = Record.objects.public().filter(agency_id=agency_id, published_at__year=year)
    return [
        (reverse("documents:record", args=[r.pk]), f"{r.title}（{r.doc_number or r.index_no}）")
        for r in records.order_by("-published_at")[:EVIDENCE_CHOICES]
    ]


def published_interpretation_choices(agency_id: int, year: int) -> list[tuple[str, str]]:
    """Evidence for the work-plan ledger: the unit's interpretations published in `year`."""
    items = Interpretation.objects.public().filter(agency_id=agency_id, published_at__year=year)
    return [
        (reverse("documents:interpretation", args=[i.pk]), i.title)
        for i in items.order_by("-published_at")[:EVIDENCE_CHOICES]
    ]
