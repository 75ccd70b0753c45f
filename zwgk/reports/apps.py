from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """政府信息公开工作年度报告: generated from the platform's records, checked (勾稽), edited, reviewed, published."""

    name = "zwgk.reports"
    label = "reports"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self) -> None:
        from django.conf import settings

        from zwgk.agencies.models import AgencyKind
        from zwgk.config import ConfigError
        from zwgk.core import registry
        from zwgk.reports import inbox, tasks  # noqa: F401  (tasks registers the periodic task)

        unknown = set(settings.REPORT_AGENCY_KINDS) - set(AgencyKind.values)
        if unknown:
            raise ConfigError(
                "ZWGK_REPORT_AGENCY_KINDS",
                f"未知的单位类型：{', '.join(sorted(unknown))}；可用：{', '.join(AgencyKind.values)}",
                f"unknown agency kinds {sorted(unknown)}; use {', '.join(AgencyKind.values)}",
            )
        registry.register_workspace_menu(
            registry.MenuEntry("政府信息公开年报", "reports:board", order=400, permission="reports.view")
        )
        registry.register_workspace_menu(
            registry.MenuEntry("全区年报概览", "reports:overview", order=401, permission="reports.overview")
        )
        registry.register_inbox_provider(inbox.report_tasks)
        registry.register_demo_loader(70, "reports", "zwgk.reports.demo:load")
        from zwgk.reports import home, sitemaps

        home.register()
        sitemaps.register()
        from django.apps import apps

        if apps.is_installed("zwgk.search"):
            from zwgk.reports import search_source

            search_source.connect()
