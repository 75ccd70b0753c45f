"""sitemap.xml: the column pages, public records and public interpretations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from zwgk.documents.models import Interpretation, Record


class ColumnSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[str]:
        return [
            "documents:xxgk",
            "documents:guide_index",
            "documents:system",
            "documents:statutory",
            "documents:annual_reports",
            "documents:policies",
            "documents:interpretations",
            "documents:normative",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class RecordSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10000

    def items(self) -> Any:
        return Record.objects.public().only("id", "updated_at").order_by("id")

    def location(self, item: Record) -> str:
        return reverse("documents:record", args=[item.pk])

    def lastmod(self, item: Record) -> datetime:
        return item.updated_at


class InterpretationSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10000

    def items(self) -> Any:
        return Interpretation.objects.public().only("id", "updated_at").order_by("id")

    def location(self, item: Interpretation) -> str:
        return reverse("documents:interpretation", args=[item.pk])

    def lastmod(self, item: Interpretation) -> datetime:
        return item.updated_at
