"""sitemap.xml section of 重大行政决策: the catalogue and every decision in a public catalogue."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from zwgk.decisions.models import Decision


class DecisionSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        return [None, *Decision.objects.public().only("id").order_by("id")]

    def location(self, item: Decision | None) -> str:
        return reverse("decisions:index") if item is None else reverse("decisions:detail", args=[item.pk])
