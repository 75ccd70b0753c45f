"""What 征求意见 registers: the workspace menu, the sitemap section, the API description, the demo, and with the
catalogue the 解读重点 of a policy's interpretation and the link from a public record to its consultation."""

from __future__ import annotations

from zwgk.core import registry
from zwgk.core.lazy import lazy
from zwgk.documents.extensions import register_focus_provider, register_record_links


def register() -> None:
    # Named by path (zwgk.core.lazy): imported on first use, not at start-up.

    registry.register_workspace_menu(
        registry.MenuEntry("征求意见", "participation:staff_list", order=740, permission="participation.view")
    )
    registry.register_sitemap("participation", lazy("zwgk.participation.sitemaps:ConsultationSitemap"))
    registry.register_openapi_fragment(lazy("zwgk.participation.views:openapi_fragment"))
    registry.register_demo_loader(78, "participation", "zwgk.participation.demo:load")
    register_focus_provider(lazy("zwgk.participation.links:focus_for_policy"))
    register_record_links(lazy("zwgk.participation.links:links_for_record"))
