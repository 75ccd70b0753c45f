"""The public 年报 column: published reports by agency and year, each report's page and its files.

The catalogue app owns the 政府信息公开 column; it links here through `published_reports()` and the URL names
`reports:public_index`, `reports:public_agency`, `reports:public_detail`. Only published editions are shown —
a report reopened for correction keeps showing its last published edition.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_safe

from zwgk.agencies.models import Agency
from zwgk.core.files import serve_generated_file, serve_generated_headers
from zwgk.reports.document import document_from_content, render_docx, render_pdf
from zwgk.reports.models import AnnualReport, ReportEdition


@dataclass(frozen=True)
class PublishedReportLink:
    agency_code: str
    agency_name: str
    year: int
    title: str
    url: str
    docx_url: str
    pdf_url: str
    published_at: datetime  # first publication
    corrected_at: datetime | None  # latest correction, if any


def published_reports(agency_id: int | None = None, year: int | None = None) -> list[PublishedReportLink]:
    """Every published report (optionally of one agency and/or year), newest year first."""
    reports = AnnualReport.objects.public().select_related("agency")
    if agency_id is not None:
        reports = reports.filter(agency_id=agency_id)
    if year is not None:
        reports = reports.filter(year=year)
    reports = reports.annotate(editions_count=Count("editions"), last_published=Max("editions__published_at"))
    out = []
    for r in reports.order_by("-year", "agency__sort_order", "agency__code"):
        args = [r.agency.code, r.year]
        out.append(
            PublishedReportLink(
                agency_code=r.agency.code,
                agency_name=r.agency.name,
                year=r.year,
                title=r.title,
                url=r.get_absolute_url(),
                docx_url=reverse("reports:public_file", args=[*args, "docx"]),
                pdf_url=reverse("reports:public_file", args=[*args, "pdf"]),
                published_at=r.first_published_at,  # type: ignore[arg-type]
                corrected_at=r.last_published if r.editions_count > 1 else None,
            )
        )
    return out


def _edition(
    code: str, year: int, number: int | None
) -> tuple[AnnualReport, ReportEdition, list[ReportEdition]]:
    report = get_object_or_404(
        AnnualReport.objects.public().select_related("agency"), agency__code=code, year=year
    )
    editions = list(report.editions.order_by("-number"))
    if not editions:
        raise Http404("该报告尚未发布")
    if number is None:
        return report, editions[0], editions
    for edition in editions:
        if edition.number == number:
            return report, edition, editions
    raise Http404("没有这一版")


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    links = published_reports()
    agencies = {link.agency_code: link.agency_name for link in links}
    chosen_agency = request.GET.get("agency") or ""
    if chosen_agency in agencies:
        links = [link for link in links if link.agency_code == chosen_agency]
    years = [(year, list(group)) for year, group in groupby(links, key=lambda link: link.year)]
    return render(
        request,
        "reports/public_index.html",
        {
            "years": years,
            "agencies": sorted(agencies.items()),
            "chosen_agency": chosen_agency,
            "active_nav": "xxgk",
        },
    )


@require_GET
def agency_reports(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.active(), code=code)
    return render(
        request,
        "reports/public_agency.html",
        {"agency": agency, "links": published_reports(agency_id=agency.pk), "active_nav": "xxgk"},
    )


@require_GET
def detail(request: HttpRequest, code: str, year: int, number: int | None = None) -> HttpResponse:
    report, edition, editions = _edition(code, year, number)
    document = document_from_content(edition.content, dated=edition.published_on())
    context: dict[str, Any] = {
        "report": report,
        "edition": edition,
        "editions": editions,
        "latest": editions[0],
        "document": document,
        "parts": document.parts(),
        "active_nav": "xxgk",
    }
    return render(request, "reports/public_detail.html", context)


# Bump when the .docx/PDF layout changes: cached renderings of the old layout are then not served.
RENDERING = 1
RENDER_CACHE_SECONDS = 24 * 3600


@require_safe
def report_file(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponseBase:
    try:
        number = int(request.GET["v"]) if "v" in request.GET else None
    except ValueError:
        raise Http404("没有这一版") from None
    if fmt not in ("docx", "pdf"):
        raise Http404("没有这种格式")
    report, edition, _ = _edition(code, year, number)
    name = f"{report.agency.name}{report.year}年政府信息公开工作年度报告.{fmt}"
    if request.method == "HEAD":
        # A link check or a download manager asking whether the file is there: answer without rendering it.
        return serve_generated_headers(filename=name, private=False)
    # An edition is frozen once published (corrections add editions), so its rendering can be kept.
    digest = hashlib.sha256(json.dumps(edition.content, sort_keys=True, default=str).encode()).hexdigest()[
        :32
    ]
    key = f"reports:file:{RENDERING}:{edition.pk}:{digest}:{fmt}"
    data = cache.get(key)
    if data is None:
        document = document_from_content(edition.content, dated=edition.published_on())
        data = render_docx(document) if fmt == "docx" else render_pdf(document)
        cache.set(key, data, RENDER_CACHE_SECONDS)
    return serve_generated_file(data, filename=name, private=False)
