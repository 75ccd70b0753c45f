"""What the core app registers itself (called from CoreConfig.ready()). The periodic tasks (core/tasks.py) reach
the worker through run_huey's tasks discovery; what is implemented elsewhere is named by path (zwgk.core.lazy)."""

from __future__ import annotations

from zwgk.core import registry
from zwgk.core.lazy import lazy
from zwgk.core.signals import public_content_changed


def register() -> None:
    registry.register_sitemap("site", lazy("zwgk.core.sitemaps:SiteSitemap"))
    # A public change drops every last-good copy: an outage must never bring back a withdrawn page.
    public_content_changed.connect(
        lazy("zwgk.core.degraded:forget_all"), weak=False, dispatch_uid="core.degraded.forget_all"
    )
