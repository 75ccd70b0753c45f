"""sitemap.xml section of the 年报 column: the index and every report with a published edition."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from zwgk.reports.models import AnnualReport


class ReportSitemap(Sitemap):
    changefreq = "yearly"
    limit = 10000

    def items(self) -> Any:
        reports = (
            AnnualReport.objects.public()
            .select_related("agency")
            .annotate(last_published=Max("editions__published_at"))
            .order_by("year", "agency__code")
        )
        return [None, *reports]

    def location(self, item: AnnualReport | None) -> str:
        if item is None:
            return reverse("reports:public_index")
        return reverse("reports:public_detail", args=[item.agency.code, item.year])

    def lastmod(self, item: AnnualReport | None) -> datetime | None:
        if item is None:
            return None
        return getattr(item, "last_published", None) or item.first_published_at
