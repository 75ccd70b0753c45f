"""Everything 政务新媒体 registers with the shells: workspace menu, inbox, sitemap section, demo loader and the
periodic feed reading (importing tasks registers it)."""

from __future__ import annotations


def register() -> None:
    from zwgk.core import registry
    from zwgk.newmedia import (
        inbox,
        selfcheck,
        sitemaps,
        tasks,  # noqa: F401  (importing tasks registers the periodic feed reading)
    )
    from zwgk.sitehealth.providers import register_check_provider

    registry.register_inbox_provider(inbox.newmedia_tasks)
    register_check_provider("newmedia", selfcheck.check)
    registry.register_sitemap("newmedia", sitemaps.MatrixSitemap)
    registry.register_demo_loader(77, "政务新媒体", "zwgk.newmedia.demo:load")
    for label, url_name, order, perm in (
        ("政务新媒体", "newmedia:registry", 740, "newmedia.view"),
        ("新媒体备案", "newmedia:filings", 741, "newmedia.view"),
        ("政策转载登记", "newmedia:reposts", 742, "newmedia.view"),
    ):
        registry.register_workspace_menu(registry.MenuEntry(label, url_name, order=order, permission=perm))
