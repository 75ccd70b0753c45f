"""What the core app registers itself (called from CoreConfig.ready())."""

from __future__ import annotations

from zwgk.core import registry, tasks  # noqa: F401  (importing tasks registers the periodic tasks with huey)
from zwgk.core.sitemaps import SiteSitemap


def register() -> None:
    registry.register_sitemap("site", SiteSitemap)
