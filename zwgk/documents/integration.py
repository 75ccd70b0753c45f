"""Registrations of the catalogue with the apps that use it, when those apps are installed: the search index's
sources (`zwgk.documents.search_source`), the annual report's sources (`zwgk.reports.sources`: "normative", "publication_facts") and the work plan's live
indicators (`zwgk.workplan.indicators`: documents.proactive_share, documents.interpretation_sync,
documents.reviews_done) and evidence sources (`zwgk.workplan.evidence`: published records and interpretations a
unit can link to a progress report). The figures themselves are in `zwgk.documents.reporting`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.apps import apps

from zwgk.documents import reporting


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


def _indicator(fn: Any, note: str) -> Any:
    from zwgk.workplan.indicators import IndicatorValue

    def value(year: int, agency_id: int | None) -> IndicatorValue:
        ratio = fn(agency_id, *_year_span(year))
        return IndicatorValue(numerator=ratio["numerator"], denominator=ratio["denominator"], note=note)

    return value


EVIDENCE_CHOICES = 200  # the unit's most recent ones; older records can still be linked as a web link


def published_record_choices(agency_id: int, year: int) -> list[tuple[str, str]]:
    """Evidence for the work-plan ledger: the unit's records published in `year` (public pages only)."""
    from django.urls import reverse

    from zwgk.documents.models import Record

    records = Record.objects.public().filter(agency_id=agency_id, published_at__year=year)
    return [
        (reverse("documents:record", args=[r.pk]), f"{r.title}（{r.doc_number or r.index_no}）")
        for r in records.order_by("-published_at")[:EVIDENCE_CHOICES]
    ]


def published_interpretation_choices(agency_id: int, year: int) -> list[tuple[str, str]]:
    """Evidence for the work-plan ledger: the unit's interpretations published in `year`."""
    from django.urls import reverse

    from zwgk.documents.models import Interpretation

    items = Interpretation.objects.public().filter(agency_id=agency_id, published_at__year=year)
    return [
        (reverse("documents:interpretation", args=[i.pk]), i.title)
        for i in items.order_by("-published_at")[:EVIDENCE_CHOICES]
    ]


def connect() -> None:
    if apps.is_installed("zwgk.search"):
        from zwgk.documents import search_source

        search_source.connect()
    if apps.is_installed("zwgk.reports"):
        from zwgk.reports.sources import register_source

        register_source("normative", reporting.normative_counts)
        register_source("publication_facts", report_publication_facts)
    if apps.is_installed("zwgk.workplan"):
        from zwgk.workplan.evidence import register_evidence_source
        from zwgk.workplan.indicators import register_indicator

        register_evidence_source("document", "已发布文件", published_record_choices)
        register_evidence_source("interpretation", "政策解读", published_interpretation_choices)

        register_indicator(
            8,
            "documents.proactive_share",
            _indicator(reporting.proactive_share, "本年定稿的文件中主动公开的比例"),
            label="文件主动公开比率",
            hints=("主动公开比率",),
        )
        register_indicator(
            8,
            "documents.reviews_done",
            _indicator(reporting.reviews_done, "本年到期的定期审查中已作出结论的比例"),
            label="依申请公开、不予公开文件定期审查完成率",
            hints=("定期对原公开属性",),
            target=1.0,
        )
        register_indicator(
            10,
            "documents.interpretation_sync",
            _indicator(reporting.interpretation_sync_share, "需解读的政策文件与解读同日发布的比例"),
            label="政策解读同步发布率",
            hints=("同步审签",),
            target=1.0,
        )
