"""Everything 互动交流 registers with the shells: navigation, menu, inbox, sitemap, API description, demo,
work-plan indicators and the daily reminders."""

from __future__ import annotations


def register() -> None:
    from zwgk.core import registry
    from zwgk.interaction import api, inbox, indicators, sitemaps

    registry.register_public_nav("interaction", "interaction:index")
    registry.register_inbox_provider(inbox.message_tasks)
    registry.register_sitemap("interaction", sitemaps.MessageSitemap)
    registry.register_openapi_fragment(api.openapi_fragment)
    registry.register_demo_loader(75, "interaction", "zwgk.interaction.demo:load")
    for label, url_name, order, perm in (
        ("互动交流留言", "interaction:inbox", 730, "interaction.view"),
        ("咨询登记", "interaction:log", 731, "interaction.view_log"),
        ("互动交流统计", "interaction:figures", 732, "interaction.figures"),
        ("留言渠道设置", "interaction:kinds", 733, "interaction.configure"),
    ):
        registry.register_workspace_menu(registry.MenuEntry(label, url_name, order=order, permission=perm))
    indicators.register()
