"""Published annual reports as a source of the search index (`zwgk.search.registry` contract).

What is indexed is exactly what the public 年报 page shows: the latest published edition (its narrative sections;
the tables are figures, not text to search). A report reopened for correction stays searchable with its last
published edition, as it stays on the public page; a corrected edition replaces it when published. Reports are
never cited by 政策问答 (they carry no validity and no passages: they are not policies).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from zwgk.reports.format import NARRATIVE_SECTIONS, SECTION_HEADINGS
from zwgk.reports.models import AnnualReport, ReportEdition
from zwgk.search.models import KIND_REPORT
from zwgk.search.registry import IndexEntry


def report_queryset() -> QuerySet[AnnualReport]:
    return (
        AnnualReport.objects.public()
        .select_related("agency")
        .prefetch_related(Prefetch("editions", queryset=ReportEdition.objects.order_by("-number")))
    )


def report_entries(report: AnnualReport) -> Iterable[Any]:

    editions = list(report.editions.all())
    if not editions:
        return
    edition = editions[0]
    sections = edition.content.get("sections") or {}
    body = "\n".join(
        f"{SECTION_HEADINGS.get(key, '')}\n{sections[key]}" for key in NARRATIVE_SECTIONS if sections.get(key)
    )
    yield IndexEntry(
        title=report.title,
        url=reverse("reports:public_detail", args=[report.agency.code, report.year]),
        body=body,
        kind=KIND_REPORT,
        summary=f"{report.agency.name}{report.year}年度政府信息公开工作情况（第{edition.number}版）",
        keywords=f"{report.year}年 年报 年度报告 政府信息公开工作年度报告",
        agency_name=report.agency.short_name,
        agency_id=report.agency_id,
        date=edition.published_on(),
    )
