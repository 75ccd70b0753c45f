from django.apps import AppConfig


class QaConfig(AppConfig):
    """政策问答: FAQ knowledge base, the answer service with citations, question statistics."""

    name = "zwgk.qa"
    label = "qa"
    verbose_name = "政策问答"

    def ready(self) -> None:
        from zwgk.core import registry
        from zwgk.qa import demo, inbox, search_source

        search_source.register()
        registry.register_public_nav("qa", "qa:home")
        from zwgk.qa import home, sitemaps

        home.register()
        sitemaps.register()
        registry.register_demo_loader(60, "qa", demo.load)
        registry.register_inbox_provider(inbox.faq_tasks)
        registry.register_workspace_menu(
            registry.MenuEntry("政策问答知识库", "qa:faq_list", order=710, permission="qa.view_faqs")
        )
        registry.register_workspace_menu(
            registry.MenuEntry("群众提问统计", "qa:stats", order=711, permission="qa.view_stats")
        )
