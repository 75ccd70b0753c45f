"""The sitemap section of 政务新媒体: the public 政务新媒体矩阵 page, listed while it has an account to show."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from zwgk.newmedia.models import Account


class MatrixSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["newmedia:matrix"] if Account.objects.public().exists() else []

    def location(self, item: Any) -> str:
        return reverse(item)
