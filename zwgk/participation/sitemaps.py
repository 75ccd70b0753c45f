"""sitemap.xml section of 征求意见: the list and every published consultation."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from zwgk.participation.models import Consultation


class ConsultationSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> Any:
        return [None, *Consultation.objects.public().only("id", "updated_at").order_by("id")]

    def location(self, item: Consultation | None) -> str:
        return (
            reverse("participation:index")
            if item is None
            else reverse("participation:detail", args=[item.pk])
        )
