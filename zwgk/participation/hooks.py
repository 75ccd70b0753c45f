"""What 征求意见 registers: the workspace menu, the sitemap section, the API description and the demo."""

from __future__ import annotations


def register() -> None:
    from zwgk.core import registry
    from zwgk.participation import sitemaps, views

    registry.register_workspace_menu(
        registry.MenuEntry("征求意见", "participation:staff_list", order=740, permission="participation.view")
    )
    registry.register_sitemap("participation", sitemaps.ConsultationSitemap)
    registry.register_openapi_fragment(views.openapi_fragment)
    registry.register_demo_loader(78, "participation", "zwgk.participation.demo:load")
