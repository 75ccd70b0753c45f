"""Everything the column tree registers with the shells: navigation, home panel, menu, inbox, sitemap, API
description and demo."""

from __future__ import annotations

from zwgk.columns import api, home, inbox, sitemaps
from zwgk.core import registry


def register() -> None:
    registry.register_public_nav("columns", "columns:index")
    registry.register_home_panel(
        registry.HomePanel("专题专栏", home.current_specials, "columns:index", order=15)
    )
    registry.register_inbox_provider(inbox.column_tasks)
    registry.register_sitemap("site-columns", sitemaps.ColumnSitemap)
    registry.register_openapi_fragment(api.openapi_fragment)
    registry.register_demo_loader(80, "columns", "zwgk.columns.demo:load")
    for label, url_name, order, perm in (
        ("栏目与专题", "columns:ws_columns", 760, "columns.view"),
        ("公共企事业单位公开台账", "columns:ws_supervised", 762, "columns.view"),
    ):
        registry.register_workspace_menu(registry.MenuEntry(label, url_name, order=order, permission=perm))
