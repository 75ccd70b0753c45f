"""What 征求意见 registers: the workspace menu, the sitemap section, the API description, the demo, and with the
catalogue the 解读重点 of a policy's interpretation and the link from a public record to its consultation."""

from __future__ import annotations


def register() -> None:
    from zwgk.core import registry
    from zwgk.documents.extensions import register_focus_provider, register_record_links
    from zwgk.participation import links, sitemaps, views

    registry.register_workspace_menu(
        registry.MenuEntry("征求意见", "participation:staff_list", order=740, permission="participation.view")
    )
    registry.register_sitemap("participation", sitemaps.ConsultationSitemap)
    registry.register_openapi_fragment(views.openapi_fragment)
    registry.register_demo_loader(78, "participation", "zwgk.participation.demo:load")
    register_focus_provider(links.focus_for_policy)
    register_record_links(links.links_for_record)
