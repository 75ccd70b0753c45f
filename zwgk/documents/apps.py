from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Government information catalogue, publication workflow and the public 政府信息公开 column."""

    name = "zwgk.documents"
    label = "documents"
    verbose_name = "政府信息"

    def ready(self) -> None:
        from zwgk.core import registry
        from zwgk.core.signals import public_content_changed
        from zwgk.documents import caching, inbox, tasks  # noqa: F401  (tasks registers periodic tasks)

        registry.register_public_nav("xxgk", "documents:xxgk")
        from zwgk.documents import home, sitemaps

        home.register()
        sitemaps.register()
        registry.register_public_nav("policies", "documents:policies")
        registry.register_public_nav("interpretations", "documents:interpretations")
        for entry in [
            registry.MenuEntry("政府信息", "documents:ws_records", order=100, permission="documents.view"),
            registry.MenuEntry(
                "保密审查", "documents:ws_review_queue", order=110, permission="documents.review"
            ),
            registry.MenuEntry("审签", "documents:ws_sign_queue", order=120, permission="documents.sign"),
            registry.MenuEntry(
                "政策解读", "documents:ws_interpretations", order=130, permission="documents.view"
            ),
            registry.MenuEntry("公开时限", "documents:ws_timeliness", order=140, permission="documents.view"),
            registry.MenuEntry(
                "定期审查", "documents:ws_periodic_reviews", order=150, permission="documents.periodic_review"
            ),
            registry.MenuEntry(
                "规范性文件台账", "documents:ws_normative", order=160, permission="documents.view"
            ),
            registry.MenuEntry(
                "公开指南", "documents:ws_guide", order=170, permission="documents.edit_guide"
            ),
            registry.MenuEntry(
                "主题分类", "documents:ws_themes", order=180, permission="documents.manage_themes"
            ),
            registry.MenuEntry(
                "区外发文机关", "documents:ws_issuers", order=185, permission="documents.manage_issuers"
            ),
        ]:
            registry.register_workspace_menu(entry)
        registry.register_inbox_provider(inbox.inbox_items)
        registry.register_demo_loader(30, "政府信息与政策解读", "zwgk.documents.demo:load")
        registry.register_demo_loader(31, "法律法规（区外发文机关）", "zwgk.documents.issuers:load_demo_laws")
        public_content_changed.connect(caching.bump, dispatch_uid="documents-public-cache")
        from zwgk.documents import integration

        integration.connect()
