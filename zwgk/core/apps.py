from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site shells (public site, staff workspace), request context, health, operations commands."""

    name = "zwgk.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        from zwgk.core import registry, tasks  # noqa: F401  (tasks registers periodic tasks)
        from zwgk.core.sitemaps import SiteSitemap

        registry.register_sitemap("site", SiteSitemap)

        from zwgk.core import hooks

        hooks.register()
