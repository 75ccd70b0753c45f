"""sitemap.xml section of the site shell: the home page and the agency directory (机构与联系方式)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, reverse


class SiteSitemap(Sitemap):
    changefreq = "weekly"
    priority = 1.0

    def items(self) -> list[str]:
        names = []
        for name in ("core:home", "agencies:directory"):
            try:
                reverse(name)
            except NoReverseMatch:  # an app not installed
                continue
            names.append(name)
        return names

    def location(self, item: str) -> str:
        return reverse(item)
