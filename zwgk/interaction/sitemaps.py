"""sitemap.xml section of 互动交流: the channel page, the reply list and every published reply."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from zwgk.interaction.models import Message


class MessageSitemap(Sitemap):
    changefreq = "weekly"
    limit = 10000

    def items(self) -> Any:
        return [
            "index",
            "replies",
            *Message.objects.public().only("id", "number", "published_at").order_by("id"),
        ]

    def location(self, item: Any) -> str:
        if item == "index":
            return reverse("interaction:index")
        if item == "replies":
            return reverse("interaction:replies")
        return reverse("interaction:reply_detail", args=[item.number])

    def lastmod(self, item: Any) -> datetime | None:
        return item.published_at if isinstance(item, Message) else None
