"""sitemap.xml section of 政策问答: the question page and every published FAQ answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from zwgk.qa.models import Faq


class FaqSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10000

    def items(self) -> Any:
        return [None, *Faq.objects.public().only("id", "updated_at").order_by("id")]

    def location(self, item: Faq | None) -> str:
        return reverse("qa:home") if item is None else reverse("qa:faq_detail", args=[item.pk])

    def lastmod(self, item: Faq | None) -> datetime | None:
        return None if item is None else item.updated_at
