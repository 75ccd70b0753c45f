"""Everything 互动交流 registers with the shells: navigation, menu, inbox, sitemap, API description, demo,
work-plan indicators and the daily reminders (interaction/tasks.py, found by run_huey's tasks discovery).

What is implemented elsewhere is named by path (zwgk.core.lazy): imported on first use, not at start-up."""

from __future__ import annotations

from zwgk.core import registry
from zwgk.core.lazy import lazy
from zwgk.interaction import indicators


def register() -> None:
    registry.register_public_nav("interaction", "interaction:index")
    registry.register_inbox_provider(lazy("zwgk.interaction.inbox:message_tasks"))
    registry.register_sitemap("interaction", lazy("zwgk.interaction.sitemaps:MessageSitemap"))
    registry.register_openapi_fragment(lazy("zwgk.interaction.api:openapi_fragment"))
    registry.register_demo_loader(75, "interaction", "zwgk.interaction.demo:load")
    for label, url_name, order, perm in (
        ("互动交流留言", "interaction:inbox", 730, "interaction.view"),
        ("咨询登记", "interaction:log", 731, "interaction.view_log"),
        ("互动交流统计", "interaction:figures", 732, "interaction.figures"),
        ("留言渠道设置", "interaction:kinds", 733, "interaction.configure"),
    ):
        registry.register_workspace_menu(registry.MenuEntry(label, url_name, order=order, permission=perm))
    indicators.register()
