"""sitemap.xml section of the column tree: the column index, every public column page and sub-site home."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from zwgk.columns.models import Column, ColumnKind


class ColumnSitemap(Sitemap):
    changefreq = "daily"
    limit = 10000

    def items(self) -> Any:
        columns = list(
            Column.objects.public().exclude(kind=ColumnKind.LINK).select_related("agency").order_by("id")
        )
        sites = sorted({c.agency.code for c in columns if c.agency_id and c.agency})
        return ["index", *(f"site:{code}" for code in sites), *columns]

    def location(self, item: Any) -> str:
        if item == "index":
            return reverse("columns:index")
        if isinstance(item, str):
            return reverse("columns:site", args=[item.removeprefix("site:")])
        return str(item.get_absolute_url())
