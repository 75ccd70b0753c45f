"""Everything 政务新媒体 registers with the shells: workspace menu, inbox, sitemap section, demo loader and the site
self-check provider. The periodic feed reading (newmedia/tasks.py) reaches the worker through run_huey's tasks
discovery; what is implemented elsewhere is named by path (zwgk.core.lazy), imported on first use."""

from __future__ import annotations

from zwgk.core import registry
from zwgk.core.lazy import lazy
from zwgk.sitehealth.providers import register_check_provider


def register() -> None:
    registry.register_inbox_provider(lazy("zwgk.newmedia.inbox:newmedia_tasks"))
    register_check_provider("newmedia", lazy("zwgk.newmedia.selfcheck:check"))
    registry.register_sitemap("newmedia", lazy("zwgk.newmedia.sitemaps:MatrixSitemap"))
    registry.register_demo_loader(77, "政务新媒体", "zwgk.newmedia.demo:load")
    for label, url_name, order, perm in (
        ("政务新媒体", "newmedia:registry", 740, "newmedia.view"),
        ("新媒体备案", "newmedia:filings", 741, "newmedia.view"),
        ("政策转载登记", "newmedia:reposts", 742, "newmedia.view"),
    ):
        registry.register_workspace_menu(registry.MenuEntry(label, url_name, order=order, permission=perm))
