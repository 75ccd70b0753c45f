"""What the core app registers itself (called from CoreConfig.ready())."""

from __future__ import annotations

from zwgk.core import degraded, registry, tasks  # noqa: F401  (importing tasks registers the periodic tasks with huey)
from zwgk.core.signals import public_content_changed
from zwgk.core.sitemaps import SiteSitemap


def register() -> None:
    registry.register_sitemap("site", SiteSitemap)
    # A public change drops every last-good copy: an outage must never bring back a withdrawn page.
    public_content_changed.connect(degraded.forget_all, dispatch_uid="core.degraded.forget_all")
