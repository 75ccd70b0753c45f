"""Everything the column tree registers with the shells: navigation, home panel, menu, inbox, sitemap, API
description and demo. What is implemented elsewhere is named by path (zwgk.core.lazy), imported on first use."""

from __future__ import annotations

from zwgk.core import registry
from zwgk.core.lazy import lazy


def register() -> None:
    registry.register_public_nav("columns", "columns:index")
    registry.register_home_panel(
        registry.HomePanel("专题专栏", lazy("zwgk.columns.home:current_specials"), "columns:index", order=15)
    )
    registry.register_inbox_provider(lazy("zwgk.columns.inbox:column_tasks"))
    registry.register_sitemap("site-columns", lazy("zwgk.columns.sitemaps:ColumnSitemap"))
    registry.register_openapi_fragment(lazy("zwgk.columns.api:openapi_fragment"))
    registry.register_demo_loader(80, "columns", "zwgk.columns.demo:load")
    for label, url_name, order, perm in (
        ("栏目与专题", "columns:ws_columns", 760, "columns.view"),
        ("公共企事业单位公开台账", "columns:ws_supervised", 762, "columns.view"),
    ):
        registry.register_workspace_menu(registry.MenuEntry(label, url_name, order=order, permission=perm))
