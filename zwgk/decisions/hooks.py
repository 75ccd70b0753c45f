"""What 重大行政决策 registers: the workspace menu, the sitemap section, the API description and the demo."""

from __future__ import annotations


def register() -> None:
    from zwgk.core import registry
    from zwgk.decisions import sitemaps, views

    registry.register_workspace_menu(
        registry.MenuEntry("重大行政决策", "decisions:staff_index", order=745, permission="decisions.view")
    )
    registry.register_sitemap("decisions", sitemaps.DecisionSitemap)
    registry.register_openapi_fragment(views.openapi_fragment)
    registry.register_demo_loader(79, "decisions", "zwgk.decisions.demo:load")
